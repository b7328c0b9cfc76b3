import Foundation
import Glibc
import NIOPosix
import NoContactClient
import NoContactCore
import Synchronization
import Testing
import Varlink

@testable import NoContactService

/// A fixed world: two periods in Berlin, seen on 2026-11-29 at 10:00 local time.
enum Fixture {
    static let berlin = try! SystemTimeZone.load("Europe/Berlin", environment: [:])
    static let now = Date(timeIntervalSince1970: 1_795_942_800)  // 2026-11-29T10:00:00+01:00
    static let firstRun = Date(timeIntervalSince1970: 1_793_530_800)  // 2026-11-01T12:00:00+01:00

    static func config() throws -> Config {
        try ConfigParser.parse(
            """
            timezone = "Europe/Berlin"

            [[period]]
            name = "Sam"
            start = 2026-11-20
            days = 30

            [[period]]
            name = "Alex"
            start = 2026-12-24

            [prompts]
            schedule = ["08:30", "21:00"]
            """, file: "/home/u/.config/nocontact/config.toml", zones: SystemTimeZone.processLookup)
    }

    static func snapshot() throws -> ServiceSnapshot {
        ServiceSnapshot(config: try config(), state: JourneyState(firstRun: firstRun), timeZone: berlin)
    }

    static func localService() throws -> LocalService {
        let snapshot = try snapshot()
        return LocalService(snapshot: { snapshot }, now: { now })
    }

    static let expectedDays = [
        PeriodProgress(
            period: "Sam", day: 10, daysTotal: 30, daysLeft: 21, start: LocalDate(year: 2026, month: 11, day: 20),
            ends: LocalDate(year: 2026, month: 12, day: 19)),
        PeriodProgress(period: "Alex", day: 0, daysTotal: nil, daysLeft: nil, start: LocalDate(year: 2026, month: 12, day: 24), ends: nil),
    ]
}

/// A service that always fails with the given error.
struct FailingService: NoContactService {
    let error: ServiceError
    func days() throws(ServiceError) -> [PeriodProgress] { throw error }
    func status() throws(ServiceError) -> ServiceStatus { throw error }
    func upcoming(count: Int) throws(ServiceError) -> [UpcomingEvent] { throw error }
    func prompt(day: Int?, theme: String?) throws(ServiceError) -> PromptInfo? { throw error }
    func prompts(theme: String?) throws(ServiceError) -> [PromptInfo] { throw error }
    func reflect(_ request: ReflectRequest) throws(ServiceError) -> JourneyReceipt { throw error }
    func urge(_ request: UrgeRequest) throws(ServiceError) -> JourneyReceipt { throw error }
    func contact(_ request: ContactRequest) throws(ServiceError) -> JourneyReceipt { throw error }
    func extend(period: String?, days: Int) throws(ServiceError) -> JourneyReceipt { throw error }
    func history(since: Date?, kinds: [HistoryKind]?) throws(ServiceError) -> [HistoryEntry] { throw error }
    func stats() throws(ServiceError) -> [PeriodReport] { throw error }
    func reasons() throws(ServiceError) -> [ReasonInfo] { throw error }
    func addReason(_ text: String) throws(ServiceError) -> [ReasonInfo] { throw error }
    func removeReason(number: Int) throws(ServiceError) -> [ReasonInfo] { throw error }
    func support() throws(ServiceError) -> SupportInfo { throw error }
    func readiness(period: String?) throws(ServiceError) -> ReadinessCheck { throw error }
    func close(period: String?) throws(ServiceError) -> JourneyReceipt { throw error }
    func pause(until: Date) throws(ServiceError) -> PauseInfo { throw error }
    func resume() throws(ServiceError) -> PauseInfo { throw error }
}

/// A control server for `service` on a socket in a fresh temporary directory.
final class ControlFixture {
    let directory: String
    let path: String
    private let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
    private let server: VarlinkServer

    init(service: any NoContactService) throws {
        var template = Array("/tmp/ncsvc-XXXXXX".utf8CString)
        guard let made = mkdtemp(&template) else { throw POSIXError(.EIO) }
        directory = String(cString: made)
        path = "\(directory)/control.socket"
        do {
            server = try VarlinkServer.bind(path: path, handler: ControlInterface.Handler(service: service), group: group)
        } catch {
            try? group.syncShutdownGracefully()
            throw error
        }
    }

    func shutdown() {
        server.close()
        try? group.syncShutdownGracefully()
        unlink(path)
        rmdir(directory)
    }
}

func withControlServer(_ service: any NoContactService, _ body: (ControlFixture) throws -> Void) throws {
    let fixture = try ControlFixture(service: service)
    defer { fixture.shutdown() }
    try body(fixture)
}

@Suite("LocalService")
struct LocalServiceTests {
    /// days() counts each period on the local day of the injected `now`.
    @Test func daysFromSnapshot() throws {
        #expect(try Fixture.localService().days() == Fixture.expectedDays)
    }

    /// status() reports version, config file, zone, periods and the next prompt in local time.
    @Test func statusFromSnapshot() throws {
        let status = try Fixture.localService().status()
        #expect(status.version == noContactVersion)
        #expect(status.config == "/home/u/.config/nocontact/config.toml")
        #expect(status.timezone == "Europe/Berlin")
        #expect(status.periods == Fixture.expectedDays)
        let next = try #require(status.next)
        #expect(next.kind == "prompt")
        #expect(next.period == "Sam")
        #expect(next.dueUsec == 1_795_982_400_000_000)  // 2026-11-29T21:00:00+01:00
    }

    /// The next event's `due` is ISO 8601 with the local offset written as in the docs, "+01:00".
    @Test func statusDueHasExtendedOffset() throws {
        let status = try Fixture.localService().status()
        #expect(status.next?.due == "2026-11-29T21:00:00+01:00")
    }

    /// The due time parses back to the same instant as due_usec.
    @Test func statusDueMatchesDueUsec() throws {
        let next = try #require(try Fixture.localService().status().next)
        let parsed = try Date(next.due, strategy: .iso8601)
        #expect(Int64(parsed.timeIntervalSince1970 * 1_000_000) == next.dueUsec)
    }

    /// The built-in config is reported as "built-in", with the default period counted from the first run.
    @Test func builtinConfigStatus() throws {
        let snapshot = ServiceSnapshot(config: .builtinDefault, state: JourneyState(firstRun: Fixture.firstRun), timeZone: Fixture.berlin)
        let status = try LocalService(snapshot: { snapshot }, now: { Fixture.now }).status()
        #expect(status.config == "built-in")
        #expect(
            status.periods == [
                PeriodProgress(
                    period: "them", day: 29, daysTotal: nil, daysLeft: nil, start: LocalDate(year: 2026, month: 11, day: 1), ends: nil)
            ])
        #expect(status.next?.dueUsec == 1_795_982_400_000_000)
    }

    /// Each call reads the snapshot and clock afresh (the daemon swaps them on reload).
    @Test func readsSnapshotAndClockPerCall() throws {
        let snapshot = try Fixture.snapshot()
        let clock = Clock()
        let service = LocalService(snapshot: { snapshot }, now: { clock.now })
        #expect(try service.days().first?.day == 10)
        clock.now = Fixture.now.addingTimeInterval(86_400)
        #expect(try service.days().first?.day == 11)
    }

    /// JSON of the status reply has the contract keys, explicit nulls included.
    @Test func statusJSONKeys() throws {
        let data = try JSONEncoder().encode(try Fixture.localService().status())
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(Set(object.keys) == ["version", "config", "timezone", "periods", "next", "channels", "paused_until"])
        #expect(object["paused_until"] is NSNull)
        let next = try #require(object["next"] as? [String: Any])
        #expect(Set(next.keys) == ["kind", "due", "due_usec", "period"])
    }
}

/// A settable clock for `readsSnapshotAndClockPerCall`.
final class Clock: Sendable {
    private let value = Mutex(Fixture.now)
    var now: Date {
        get { value.withLock { $0 } }
        set { value.withLock { $0 = newValue } }
    }
}

@Suite("Control interface over a real socket")
struct ControlInterfaceTests {
    /// RemoteService's Days through the socket equals LocalService's answer.
    @Test func remoteDaysEqualLocal() throws {
        let local = try Fixture.localService()
        try withControlServer(local) { fixture in
            let remote = RemoteService(socketPath: fixture.path)
            let remoteDays = try remote.days()
            let localDays = try local.days()
            #expect(remoteDays == localDays)
            #expect(remoteDays == Fixture.expectedDays)
        }
    }

    /// RemoteService's Status through the socket equals LocalService's answer.
    @Test func remoteStatusEqualsLocal() throws {
        let local = try Fixture.localService()
        try withControlServer(local) { fixture in
            let remote = RemoteService(socketPath: fixture.path)
            let remoteStatus = try remote.status()
            let localStatus = try local.status()
            #expect(remoteStatus == localStatus)
        }
    }

    /// RemoteService's Upcoming through the socket equals LocalService's answer.
    @Test func remoteUpcomingEqualsLocal() throws {
        let local = try Fixture.localService()
        try withControlServer(local) { fixture in
            let remoteEvents = try RemoteService(socketPath: fixture.path).upcoming(count: 5)
            let localEvents = try local.upcoming(count: 5)
            #expect(remoteEvents == localEvents)
            #expect(remoteEvents.count == 5)
        }
    }

    /// Status with nothing ever due decodes with next = nil.
    @Test func remoteStatusWithoutNext() throws {
        var snapshot = try Fixture.snapshot()
        snapshot.config.prompts.schedule = []
        snapshot.config.periods = [
            PeriodConfig(name: "Alex", start: .date(LocalDate(year: 2026, month: 12, day: 24)), days: nil, milestones: [], allow: [])
        ]
        let frozen = snapshot
        let local = LocalService(snapshot: { frozen }, now: { Fixture.now })
        try withControlServer(local) { fixture in
            let status = try RemoteService(socketPath: fixture.path).status()
            let localStatus = try local.status()
            #expect(status.next == nil)
            #expect(status == localStatus)
        }
    }

    /// The daemon's GetInfo names the product and lists io.nocontact; its description is served.
    @Test func getInfoAndDescription() throws {
        try withControlServer(try Fixture.localService()) { fixture in
            let client = try VarlinkClient(path: fixture.path, timeout: 5)
            let info = try client.call("org.varlink.service.GetInfo")
            #expect(info["product"] == .string("nocontactd"))
            #expect(info["version"] == .string(noContactVersion))
            #expect(info["interfaces"] == .array([.string("org.varlink.service"), .string("io.nocontact")]))
            let description = try client.call(
                "org.varlink.service.GetInterfaceDescription", parameters: ["interface": .string("io.nocontact")])
            #expect(description["description"] == .string(ControlInterface.description))
            #expect(RemoteService(socketPath: fixture.path).isReachable())
        }
    }

    /// The raw Days reply carries explicit nulls for an open-ended period.
    @Test func rawDaysReplyHasNulls() throws {
        try withControlServer(try Fixture.localService()) { fixture in
            let reply = try VarlinkClient(path: fixture.path, timeout: 5).call("io.nocontact.Days")
            guard case let .array(periods)? = reply["periods"], periods.count == 2 else {
                Issue.record("unexpected reply \(reply)")
                return
            }
            #expect(
                periods[1]
                    == .object([
                        "period": .string("Alex"), "day": .int(0), "days_total": .null, "days_left": .null,
                        "start": .string("2026-12-24"), "ends": .null, "closed": .bool(false),
                    ]))
        }
    }

    /// An unknown io.nocontact method is MethodNotFound.
    @Test func unknownMethod() throws {
        try withControlServer(try Fixture.localService()) { fixture in
            #expect(throws: VarlinkClientError.remote(.methodNotFound("io.nocontact.Nope"))) {
                try VarlinkClient(path: fixture.path, timeout: 5).call("io.nocontact.Nope")
            }
        }
    }

    /// An invalid config travels as InvalidConfig and comes back as the same first issue.
    @Test func invalidConfigRoundTrips() throws {
        let error = ConfigError(file: "cfg.toml", issues: [.init(line: 3, column: 9, message: "bad start")])
        try withControlServer(FailingService(error: .invalidConfig(error))) { fixture in
            #expect(throws: ServiceError.invalidConfig(error)) { try RemoteService(socketPath: fixture.path).days() }
        }
    }

    /// A storage failure travels as StorageFailed with its message.
    @Test func storageFailureTravels() throws {
        try withControlServer(FailingService(error: .storage("disk full"))) { fixture in
            #expect(throws: ServiceError.remote(name: "io.nocontact.StorageFailed", detail: "disk full")) {
                try RemoteService(socketPath: fixture.path).status()
            }
        }
    }

    /// With no daemon at the path, RemoteService says the daemon is unavailable.
    @Test func noDaemonIsUnavailable() {
        let remote = RemoteService(socketPath: "/tmp/ncsvc-missing/control.socket")
        #expect(!remote.isReachable())
        #expect(throws: ServiceError.daemonUnavailable(socket: "/tmp/ncsvc-missing/control.socket")) { try remote.days() }
    }
}
