import Foundation
import Glibc
import TestSupport
import Testing

@Suite("watch end to end", .serialized, .enabled(if: Environment.isReady, "needs scripts/test (private journald)"))
struct WatchStopEndToEndTests {
    /// `nocontact watch` when the daemon stops says "nocontactd stopped" and exits 69 (it said "an unreadable answer").
    @Test func watchSaysTheDaemonStopped() throws {
        let daemon = try ControlSocketDaemon(prefix: "e2e-watch-stop")
        let watch = try TestProcess(
            Binaries.cli, ["watch"], environment: daemon.sandbox.environment, directory: daemon.sandbox.root)
        try waitUntil("watch has started") { watch.standardError.contains("Watching nocontactd's deliveries") }
        #expect(try daemon.stop() == 0)
        #expect(try watch.waitForExit() == 69)
        #expect(watch.standardError.contains("nocontactd stopped"), "\(watch.standardError)")
        #expect(!watch.standardError.contains("unreadable"))
    }
}
