import Foundation
import Glibc
import TestSupport
import Testing

@Suite("reload memory end to end", .serialized, .enabled(if: Environment.isReady, "needs scripts/test (private journald)"))
struct ReloadMemoryEndToEndTests {
    /// 20 reloads of a large broken config and 20 of good ones leave the daemon's memory within 5 MB of where it was (it grew by about 4 MB per broken reload).
    @Test func reloadsDoNotLeak() throws {
        let daemon = try ControlSocketDaemon(prefix: "e2e-reload-memory")
        let good = try String(contentsOfFile: daemon.sandbox.configPath, encoding: .utf8)
        // About 450 KB: a config that was pasted over, every line an unknown key.
        let broken = "timezone = \"UTC\"\n[delivery]\n" + (0..<20_000).map { "unknown\($0) = \($0)\n" }.joined()
        // One reload first, so that what any reload sets up once is in the baseline.
        #expect(try run(Binaries.cli, ["reload"], environment: daemon.sandbox.environment).status == 0)
        let before = try residentKiB(of: daemon.pid)
        try daemon.sandbox.writeConfig(broken)
        for _ in 0..<20 {
            let refused = try run(Binaries.cli, ["reload"], environment: daemon.sandbox.environment)
            #expect(refused.status == 2)
            #expect(refused.stderr.contains("unknown key \"unknown0\""), "\(refused.stderr.prefix(300))")
        }
        for index in 0..<20 {
            // Two different good configs in turn, so that each reload really parses.
            try daemon.sandbox.writeConfig(good + (index.isMultiple(of: 2) ? "" : "\n# \(index)\n"))
            #expect(try run(Binaries.cli, ["reload"], environment: daemon.sandbox.environment).status == 0)
        }
        let after = try residentKiB(of: daemon.pid)
        #expect(after - before < 5 * 1024, "RSS went from \(before) KiB to \(after) KiB")
        try daemon.checkStillAnswers()
        #expect(try daemon.stop() == 0)
    }
}
