import Foundation
import Glibc
import NoContactCore
import TestSupport
import Testing
import Varlink

/// nocontactd started by a real `systemd-socket-activate` on the first connection.
@Suite(
    "socket activation", .serialized,
    .enabled(
        if: Environment.isReady && FileManager.default.isExecutableFile(atPath: "/usr/bin/systemd-socket-activate"), "needs scripts/test"))
struct SocketActivationTests {
    /// The first client's request is answered by the daemon the activator starts, which
    /// adopts the passed socket and, stopping, leaves it in place (it did not create it).
    @Test func firstRequestIsAnsweredAndSocketIsKept() throws {
        let sandbox = try Sandbox()
        defer { sandbox.remove() }
        let period = DaemonEndToEndTests.uniqueName("activated")
        try sandbox.writeConfig(DaemonEndToEndTests.config(period: period))
        let socketPath = "\(sandbox.root)/run/activated.socket"
        let passed = ["XDG_CONFIG_HOME", "XDG_STATE_HOME", "XDG_RUNTIME_DIR", "HOME"].compactMap { key in
            sandbox.environment[key].map { "--setenv=\(key)=\($0)" }
        }
        let activator = try TestProcess(
            "/usr/bin/systemd-socket-activate",
            ["--listen=\(socketPath)", "--fdname=control"] + passed + [Binaries.daemon, "--config", sandbox.configPath],
            environment: sandbox.environment, directory: sandbox.root)
        try waitUntil("the activator listens at \(socketPath)") {
            var status = stat()
            return stat(socketPath, &status) == 0 && (status.st_mode & S_IFMT) == S_IFSOCK
        }
        // A varlink client of our own in this process: the first connection wakes the daemon.
        let client = try VarlinkClient(path: socketPath)
        let reply = try client.call("io.nocontact.Days")
        let periods = try VarlinkCoding.decode(DaysAnswer.self, from: reply).periods
        #expect(periods.map(\.period) == [period])
        let info = try client.call("org.varlink.service.GetInfo")
        #expect(info["product"]?.stringValue == "nocontactd")

        activator.signal(SIGTERM)
        #expect(try activator.waitForExit() == 0)
        // The activator execs the daemon in place: same PID.
        let adopted = try waitForJournalEntries(["_PID=\(activator.pid)", "SYSLOG_IDENTIFIER=nocontactd"])
        #expect(adopted.contains { $0["MESSAGE"] as? String == "listening on fd 3 (socket activation)" })
        var status = stat()
        #expect(stat(socketPath, &status) == 0)
    }
}

/// The reply of io.nocontact.Days.
private struct DaysAnswer: Decodable {
    var periods: [PeriodProgress]
}
