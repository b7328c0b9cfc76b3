import Foundation
import NoContactClient
import NoContactCore
import NoContactService
import ServiceTestSupport
import Testing
import Varlink

@testable import NoContactServer

/// A service whose history is `count` reflections made up on the spot (the rest fails): a
/// history larger than one varlink message without a store to fill.
struct LongHistoryService: NoContactService {
    let count: Int
    private let failing = FailingService(error: .storage("not in this test"))

    func history(since: Date?, kinds: [HistoryKind]?) throws(ServiceError) -> [HistoryEntry] {
        (1...count).map { number in
            .reflection(
                Reflection(
                    id: Int64(number), recordedAt: Date(timeIntervalSince1970: 1_795_000_000 + Double(number)), period: "Sam", day: 1,
                    text: "Reflection \(number): " + String(repeating: "a quiet day, ", count: 12)))
        }
    }

    func days() throws(ServiceError) -> [PeriodProgress] { try failing.days() }
    func status() throws(ServiceError) -> ServiceStatus { try failing.status() }
    func upcoming(count: Int) throws(ServiceError) -> [UpcomingEvent] { try failing.upcoming(count: count) }
    func prompt(day: Int?, theme: String?) throws(ServiceError) -> PromptInfo? { try failing.prompt(day: day, theme: theme) }
    func prompts(theme: String?) throws(ServiceError) -> [PromptInfo] { try failing.prompts(theme: theme) }
    func reflect(_ request: ReflectRequest) throws(ServiceError) -> JourneyReceipt { try failing.reflect(request) }
    func urge(_ request: UrgeRequest) throws(ServiceError) -> JourneyReceipt { try failing.urge(request) }
    func contact(_ request: ContactRequest) throws(ServiceError) -> JourneyReceipt { try failing.contact(request) }
    func extend(period: String?, days: Int) throws(ServiceError) -> JourneyReceipt { try failing.extend(period: period, days: days) }
    func stats() throws(ServiceError) -> [PeriodReport] { try failing.stats() }
    func reasons() throws(ServiceError) -> [ReasonInfo] { try failing.reasons() }
    func addReason(_ text: String) throws(ServiceError) -> [ReasonInfo] { try failing.addReason(text) }
    func removeReason(number: Int) throws(ServiceError) -> [ReasonInfo] { try failing.removeReason(number: number) }
    func support() throws(ServiceError) -> SupportInfo { try failing.support() }
    func readiness(period: String?) throws(ServiceError) -> ReadinessCheck { try failing.readiness(period: period) }
    func close(period: String?) throws(ServiceError) -> JourneyReceipt { try failing.close(period: period) }
    func pause(until: Date) throws(ServiceError) -> PauseInfo { try failing.pause(until: until) }
    func resume() throws(ServiceError) -> PauseInfo { try failing.resume() }
}

@Suite("History in pages over a real socket")
struct HistoryPagesTests {
    /// 8,000 reflections (about 2 MB of JSON) come through History with more, in pages of at
    /// most 500 entries and under the message limit, all of them in order.
    @Test func longHistoryComesInPages() throws {
        let service = LongHistoryService(count: 8000)
        try withControlServer(service) { fixture in
            let replies = try VarlinkClient(path: fixture.path, timeout: 10).callMore("io.nocontact.History")
            var texts: [String] = []
            var pages = 0
            while let page = try replies.next() {
                pages += 1
                guard case let .array(entries)? = page["entries"] else {
                    Issue.record("a page without entries")
                    return
                }
                #expect(entries.count <= HistoryPages.maximumEntries)
                #expect((VarlinkCoding.encodedSize(of: .array(entries)) ?? .max) <= HistoryPages.targetBytes)
                for case let .object(entry) in entries {
                    if case let .string(text)? = entry["text"] { texts.append(text) }
                }
            }
            #expect(pages > 1)
            #expect(texts.map { $0.prefix { $0 != ":" } } == (1...8000).map { "Reflection \($0)"[...] })
            // RemoteService (the CLI) gets the same, through the same pages.
            #expect(try RemoteService(socketPath: fixture.path).history(since: nil, kinds: nil) == service.history(since: nil, kinds: nil))
        }
    }

    /// Without more, a history too large for one message is ResultTooLarge, saying to use
    /// more (it used to break the client with a reply over the limit); a short one still comes whole.
    @Test func tooLargeWithoutMoreIsAClearError() throws {
        try withControlServer(LongHistoryService(count: 8000)) { fixture in
            let client = try VarlinkClient(path: fixture.path, timeout: 10)
            do {
                _ = try client.call("io.nocontact.History")
                Issue.record("History without more answered 8,000 entries in one reply")
            } catch let VarlinkClientError.remote(error) {
                #expect(error.name == "io.nocontact.ResultTooLarge")
                #expect(error.parameters["limit"] == .int(1 << 20))
                #expect(error.parameters["message"]?.stringValue?.contains("more") == true)
            }
            // The connection goes on.
            #expect(try client.call("org.varlink.service.GetInfo")["product"] == .string("nocontactd"))
        }
        try withControlServer(LongHistoryService(count: 700)) { fixture in
            let reply = try VarlinkClient(path: fixture.path, timeout: 10).call("io.nocontact.History")
            guard case let .array(entries)? = reply["entries"] else {
                Issue.record("no entries")
                return
            }
            #expect(entries.count == 700)
        }
    }
}
