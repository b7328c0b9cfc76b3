import Foundation
import Glibc
import TestSupport
import Testing

/// One daemon per state directory.
@Suite("state directory lock end to end", .serialized, .enabled(if: Environment.isReady, "needs scripts/test (private journald)"))
struct StateLockEndToEndTests {
    /// A second daemon on the same state directory (on another socket) exits 1 naming the first one's pid and socket; the first runs on.
    @Test func secondDaemonOnOneStateDirectoryIsRefused() throws {
        let sandbox = try Sandbox()
        defer { sandbox.remove() }
        try sandbox.writeConfig(
            DaemonEndToEndTests.config(period: DaemonEndToEndTests.uniqueName("e2e-lock")) + "\n[delivery]\ndesktop = false\n")
        let notify = try NotifyReceiver(directory: sandbox.root)
        let first = try DaemonEndToEndTests.startDaemon(in: sandbox, notify: notify)
        let otherSocket = "\(sandbox.root)/run/other.socket"
        let second = try TestProcess(
            Binaries.daemon, ["--config", sandbox.configPath, "--socket", otherSocket],
            environment: sandbox.environment, directory: sandbox.root)
        #expect(try second.waitForExit(timeout: 10) == 1)
        let entries = try waitForJournalEntries(["SYSLOG_IDENTIFIER=nocontactd", "_PID=\(second.pid)", "PRIORITY=2"])
        let message = entries.first?["MESSAGE"] as? String ?? ""
        #expect(
            message.contains(
                "another nocontactd (pid \(first.pid), socket \(sandbox.socketPath)) already uses the state directory \(sandbox.root)/state/nocontact"
            ), "\(message)")
        #expect(access(otherSocket, F_OK) != 0)
        // The first one still answers, and stops cleanly.
        #expect(try run(Binaries.cli, ["status", "--json"], environment: sandbox.environment).status == 0)
        first.signal(SIGTERM)
        #expect(try first.waitForExit() == 0)
    }
}
