import Foundation
import Glibc
import TestSupport
import Testing

@Suite("blocking store end to end", .serialized, .enabled(if: Environment.isReady, "needs scripts/test (private journald)"))
struct BlockingStoreEndToEndTests {
    /// While a Reflect waits on a store another process has locked (the 5 s busy timeout), another client's GetInfo is answered within 100 ms: store work no longer runs on the socket's only thread. (Reads of the store do not wait either: see StoreWaitEndToEndTests.)
    @Test func writeWaitingOnTheStoreBlocksNoOneElse() throws {
        let daemon = try ControlSocketDaemon(prefix: "e2e-blocking")
        let lock = try SQLiteWriteLock(path: "\(daemon.sandbox.root)/state/nocontact/journey.sqlite")
        defer { try? lock.release() }

        let writer = try daemon.connect()
        try writer.call("io.nocontact.Reflect", ["text": "waiting for the store"])
        // The Reflect is under way (it waits for the lock) before the other client asks.
        let started = Date()
        while Date().timeIntervalSince(started) < 0.5 { sched_yield() }
        let reader = try daemon.connect()
        for _ in 0..<5 {
            let asked = Date()
            let reply = try reader.exchange("org.varlink.service.GetInfo", timeout: 10)
            #expect(reply.varlinkParameters["product"] as? String == "nocontactd")
            #expect(Date().timeIntervalSince(asked) < 0.1, "GetInfo took \(Date().timeIntervalSince(asked)) s")
        }
        // The Reflect itself fails once the busy timeout is over, saying why.
        let refused = try writer.reply(timeout: 15)
        #expect(refused.varlinkError != nil, "\(refused)")
    }
}
