import Foundation
import Glibc
import TestSupport
import Testing

@Suite("reload memory end to end", .serialized, .enabled(if: Environment.isReady, "needs scripts/test (private journald)"))
struct ReloadMemoryEndToEndTests {
    /// 20 reloads of a large broken config and 20 of good ones leave the daemon's anonymous
    /// memory (the heap: what a leak grows) within 5 MB of where it was after a few of each (it
    /// once grew by about 4 MB per broken reload). Not VmRSS: code a refused reload runs for the first time, and the
    /// store's reader connections (opened when first needed), stay resident without leaking.
    @Test func reloadsDoNotLeak() throws {
        let daemon = try ControlSocketDaemon(prefix: "e2e-reload-memory")
        let good = try String(contentsOfFile: daemon.sandbox.configPath, encoding: .utf8)
        // About 450 KB: a config that was pasted over, every line an unknown key.
        let broken = "timezone = \"UTC\"\n[delivery]\n" + (0..<20_000).map { "unknown\($0) = \($0)\n" }.joined()
        // Five good and five refused reloads first: the heap grows to what parsing the large
        // file needs (the allocator keeps what was freed for the next reload, and reaches its
        // high-water mark over a few of them), so that only a leak grows it afterwards.
        for _ in 0..<5 {
            #expect(try run(Binaries.cli, ["reload"], environment: daemon.sandbox.environment).status == 0)
        }
        try daemon.sandbox.writeConfig(broken)
        for _ in 0..<5 {
            #expect(try run(Binaries.cli, ["reload"], environment: daemon.sandbox.environment).status == 2)
        }
        let before = try statusKiB("RssAnon", of: daemon.pid)
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
        let after = try statusKiB("RssAnon", of: daemon.pid)
        #expect(after - before < 5 * 1024, "RssAnon went from \(before) KiB to \(after) KiB")
        print("reload memory: RssAnon \(before) -> \(after) KiB")
        try daemon.checkStillAnswers()
        #expect(try daemon.stop() == 0)
    }
}
