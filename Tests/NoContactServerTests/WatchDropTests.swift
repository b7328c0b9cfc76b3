import Foundation
import Glibc
import NIOPosix
import NoContactService
import ServiceTestSupport
import Synchronization
import TestSupport
import Testing
import Varlink

@testable import NoContactCore
@testable import NoContactServer

/// Only the delivery feed of a running daemon.
private struct FeedOnlyControl: DaemonControl {
    let deliveries: DeliveryFeed
    func reload() throws(ServiceError) -> ReloadReport { throw .invalidRequest("not here") }
}

@Suite("Watch drops")
struct WatchDropTests {
    /// A watcher that stops reading is dropped by the real server at its default stream limit, and the daemon's log is told why; the feed forgets it.
    @Test func nonReadingWatcherIsDroppedWithAReason() throws {
        let reasons = Mutex<[String]>([])
        let dropped = DispatchSemaphore(value: 0)
        let feed = DeliveryFeed { reason in
            reasons.withLock { $0.append(reason) }
            dropped.signal()
        }
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        var template = Array("/tmp/ncwatch-XXXXXX".utf8CString)
        let directory = String(cString: try #require(mkdtemp(&template)))
        let path = "\(directory)/control.socket"
        let server = try VarlinkServer.bind(
            path: path, handler: ControlInterface.Handler(service: try Fixture.localService(), control: FeedOnlyControl(deliveries: feed)),
            group: group)
        defer {
            server.close()
            try? group.syncShutdownGracefully()
            unlink(path)
            rmdir(directory)
        }

        // A client with a small receive buffer that asks to watch and then reads nothing.
        let client = try RawVarlinkConnection(path: path, receiveBuffer: 4096)
        try client.send(message: #"{"method":"io.nocontact.Watch","more":true}"#)
        let deadline = ContinuousClock.now + .seconds(10)
        while feed.count == 0, ContinuousClock.now < deadline { sched_yield() }
        try #require(feed.count == 1)

        // Prompts of the largest size a config allows, until the server gives up on the watcher.
        let text = String(repeating: "x", count: UserPromptConfig.maximumTextBytes)
        let delivery = Delivery(
            kind: .prompt, due: Date(), period: "Sam", day: 1, promptID: "own-1", title: "Day 1", body: text, isLate: false)
        var published = 0
        while feed.count == 1, published < 5000 {
            feed.publish(DeliveryEvent(delivery, in: .utc))
            published += 1
        }
        #expect(dropped.wait(timeout: .now() + 10) == .success)
        #expect(published < 5000)
        let reason = reasons.withLock { $0.first } ?? ""
        #expect(reason.contains("stopped reading") && reason.contains("1024 KiB"), "\(reason)")
        #expect(feed.count == 0)
    }
}
