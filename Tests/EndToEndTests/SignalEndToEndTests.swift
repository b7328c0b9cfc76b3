import Foundation
import Glibc
import TestSupport
import Testing

/// Signals that come as early as anyone outside can see the daemon.
@Suite("signals end to end", .serialized, .enabled(if: Environment.isReady, "needs scripts/test (private journald)"))
struct SignalEndToEndTests {
    /// A SIGTERM sent the moment the control socket appears (the first sign of life) stops the daemon with 0 within 1 s, 50 times out of 50.
    @Test func sigtermAtFirstSignOfLifeStops() throws {
        let sandbox = try Sandbox()
        defer { sandbox.remove() }
        try sandbox.writeConfig(
            DaemonEndToEndTests.config(period: DaemonEndToEndTests.uniqueName("e2e-sigterm")) + "\n[delivery]\ndesktop = false\n")
        var failures: [String] = []
        for attempt in 1...50 {
            // A socket left by an attempt that had to be killed would pass for this one's.
            unlink(sandbox.socketPath)
            let daemon = try TestProcess(
                Binaries.daemon, ["--config", sandbox.configPath],
                environment: sandbox.environment, directory: sandbox.root)
            // Checked without pausing: the signal must come as soon after the socket as can be.
            let deadline = ContinuousClock.now + .seconds(20)
            while access(sandbox.socketPath, F_OK) != 0, daemon.isRunning, ContinuousClock.now < deadline {
                sched_yield()
            }
            daemon.signal(SIGTERM)
            do {
                let status = try daemon.waitForExit(timeout: 1)
                if status != 0 || !daemon.exitedNormally {
                    failures.append(
                        "attempt \(attempt): exit \(status) (\(daemon.exitedNormally ? "exit" : "signal")): \(daemon.standardError)"
                    )
                }
            } catch {
                failures.append("attempt \(attempt): \(error)")
                // Killed by waitForExit: gone before the next attempt starts.
                _ = try? daemon.waitForExit(timeout: 5)
            }
        }
        #expect(failures.isEmpty, "\(failures.count) of 50 failed:\n\(failures.prefix(3).joined(separator: "\n"))")
    }
}
