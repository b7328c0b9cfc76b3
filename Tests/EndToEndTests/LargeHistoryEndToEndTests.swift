import Foundation
import Glibc
import TestSupport
import Testing

@Suite("large history end to end", .serialized, .enabled(if: Environment.isReady, "needs scripts/test (private journald)"))
struct LargeHistoryEndToEndTests {
    /// How many reflections the test writes: past the 1 MiB of one reply (which about 6,000
    /// reached) several times over, and quick enough for a debug build. The figures for
    /// 100,000 are in BENCHMARKS.md (NOCONTACT_LARGE_HISTORY=100000 runs this test with them).
    static let count = Int(ProcessInfo.processInfo.environment["NOCONTACT_LARGE_HISTORY"] ?? "") ?? 20_000

    /// `history --json` and `export --format json` list every one of many reflections through
    /// the daemon (page by page; one reply used to be refused past 1 MiB) and offline, and the
    /// daemon's memory grows by less than 30 MB while it serves them.
    @Test func historyAndExportListEverythingThroughTheDaemonAndOffline() throws {
        let daemon = try ControlSocketDaemon(prefix: "e2e-large-history")
        let environment = daemon.sandbox.environment
        // One call first, so that what the daemon sets up once (the store's connection, its
        // caches, the handler threads) is in the baseline.
        #expect(try run(Binaries.cli, ["history", "--json"], environment: environment).status == 0)
        try insertReflections(Self.count, period: daemon.period, store: "\(daemon.sandbox.root)/state/nocontact/journey.sqlite")
        let before = try residentKiB(of: daemon.pid)

        let listed = try run(Binaries.cli, ["history", "--json"], environment: environment, timeout: 120)
        #expect(listed.status == 0, "\(listed.stderr.prefix(300))")
        try expectReflections(inHistory: listed.stdout)
        let exportPath = "\(daemon.sandbox.root)/export-daemon.json"
        let exported = try run(
            Binaries.cli, ["export", "--format", "json", "--output", exportPath], environment: environment, timeout: 120)
        #expect(exported.status == 0, "\(exported.stderr.prefix(300))")
        try expectReflections(inExport: exportPath)

        let after = try residentKiB(of: daemon.pid)
        // The whole history as entries and JSON is well over 30 MB for 100,000 reflections
        // (the CLI holds that much); the daemon holds one page (about 256 KiB of JSON and 500
        // entries) at a time, plus what malloc keeps of the pages before: 30 MB says "not the
        // whole history" with room for that.
        #expect(after - before < 30 * 1024, "RSS went from \(before) KiB to \(after) KiB")
        // Stats carries counts per day, not the entries: it stays small however many
        // reflections there are (measured after the bound: it reads the whole history).
        let stats = try run(Binaries.cli, ["stats", "--json"], environment: environment, timeout: 120)
        #expect(stats.status == 0, "\(stats.stderr.prefix(300))")
        #expect(stats.stdout.utf8.count < 1 << 20)
        try daemon.checkStillAnswers()
        #expect(try daemon.stop() == 0)

        // Offline: the CLI reads the store itself.
        let offline = try run(Binaries.cli, ["history", "--json"], environment: environment, timeout: 120)
        #expect(offline.status == 0, "\(offline.stderr.prefix(300))")
        try expectReflections(inHistory: offline.stdout)
        let offlinePath = "\(daemon.sandbox.root)/export-offline.json"
        let offlineExport = try run(
            Binaries.cli, ["export", "--format", "json", "--output", offlinePath], environment: environment, timeout: 120)
        #expect(offlineExport.status == 0, "\(offlineExport.stderr.prefix(300))")
        try expectReflections(inExport: offlinePath)
        daemon.sandbox.remove()
    }

    /// Writes `count` reflections, one a second from a year ago, in one transaction with the
    /// sqlite3 shell (as many through the CLI would take minutes).
    private func insertReflections(_ count: Int, period: String, store: String) throws {
        let start = Date().timeIntervalSince1970 - 365 * 86_400
        let sql = """
            BEGIN;
            WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < \(count))
            INSERT INTO reflections (recorded_at, period, day, mood, text)
            SELECT \(start) + i, '\(period)', 1, 1 + i % 5, 'Reflection number ' || i || ': a quiet day, a walk, a letter not sent.' FROM n;
            COMMIT;
            """
        let result = try run("/usr/bin/sqlite3", ["-bail", store, sql])
        try #require(result.status == 0, "sqlite3: \(result.stderr)")
    }

    private func expectReflections(inHistory json: String) throws {
        let entries = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [[String: Any]])
        try expectReflections(entries)
    }

    private func expectReflections(inExport path: String) throws {
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        let document = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        try expectReflections(try #require(document["entries"] as? [[String: Any]]))
    }

    /// Every reflection, once, in order (the texts number them).
    private func expectReflections(_ entries: [[String: Any]]) throws {
        let texts = entries.filter { $0["type"] as? String == "reflection" }.compactMap { $0["text"] as? String }
        #expect(texts.count == Self.count)
        let numbers = texts.compactMap { text in Int(text.dropFirst("Reflection number ".count).prefix { $0.isNumber }) }
        #expect(numbers == Array(1...Self.count))
    }
}
