import Foundation
import NoContactCore
import TestSupport
import Testing

/// Runs the corpus through the installed `systemd-analyze calendar` and through
/// `CalendarReport`, and compares every line (except "From now:").
@Suite("CalendarSpec against systemd-analyze")
struct CalendarSpecDifferentialTests {
    static let analyze = "/usr/bin/systemd-analyze"

    /// The corpus file next to this source, plus the few expressions a text file cannot hold
    /// safely (the empty one and one with a trailing space).
    static let corpus: [String] = {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("CalendarCorpus.txt")
        let text = (try? String(contentsOf: url, encoding: .utf8)) ?? ""
        let lines = text.split(separator: "\n", omittingEmptySubsequences: true)
            .map(String.init)
            .filter { !$0.hasPrefix("#") }
        return lines + ["", "12:00 "]
    }()

    /// Zones (as TZ values) and base times: before the EU and US spring-forward, inside the EU
    /// and US fall-back overlaps (first and second pass), around a leap day, a year end, and
    /// after 2037, where glibc switches from the TZif table to the POSIX rule.
    static let bases = [
        "2026-03-28 12:00:00 UTC", "2026-03-07 12:00:00 UTC", "2026-10-24 23:10:00 UTC",
        "2026-10-25 01:10:00 UTC", "2026-10-31 12:00:00 UTC", "2026-11-01 05:10:00 UTC",
        "2027-02-27 12:00:00 UTC", "2025-12-31 23:59:59 UTC", "2040-03-24 12:00:00 UTC",
    ]
    static let zones = ["UTC", "Europe/Berlin", "America/New_York", "Australia/Sydney"]

    static var cases: [(String, String)] {
        zones.flatMap { z in bases.map { (z, $0) } }
    }

    struct Run {
        var stdout: String
        var stderr: String
        var status: Int32
    }

    static func runAnalyze(tz: String, base: String, expressions: [String]) throws -> Run {
        var environment = ProcessInfo.processInfo.environment
        environment["TZ"] = tz
        environment["SYSTEMD_COLORS"] = "0"
        environment["SYSTEMD_PAGER"] = ""
        let result = try run(
            analyze, ["calendar", "--base-time=\(base)", "--iterations=5", "--"] + expressions, environment: environment)
        return Run(stdout: result.stdout, stderr: result.stderr, status: result.status)
    }

    /// systemd prints one table per expression, separated by one empty line; a rejected
    /// expression prints nothing, so its block is empty.
    static func blocks(_ stdout: String, count: Int) -> [[String]] {
        var text = stdout
        if text.hasSuffix("\n") { text.removeLast() }
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var result: [[String]] = [[]]
        for line in lines {
            if line.isEmpty {
                result.append([])
            } else if !line.hasPrefix("       From now:") {
                result[result.count - 1].append(line)
            }
        }
        return result
    }

    /// Every expression of the corpus prints the same lines as systemd-analyze (or is rejected
    /// by both), for each zone and base time.
    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: analyze)), arguments: cases)
    func corpusMatchesSystemd(tz: String, base: String) throws {
        let expressions = Self.corpus
        #expect(expressions.count >= 150)
        let run = try Self.runAnalyze(tz: tz, base: base, expressions: expressions)
        let theirs = Self.blocks(run.stdout, count: expressions.count)
        try #require(theirs.count == expressions.count, "could not split systemd's output into \(expressions.count) blocks")
        let zone = testZone(tz)
        let baseDate = try SystemdTimestamp.parse(base, in: zone, zones: testZones, now: Date())
        var rejected = 0
        for (i, expression) in expressions.enumerated() {
            let ours: [String]
            do {
                ours = try CalendarReport.lines(for: expression, base: baseDate, iterations: 5, zone: zone, zones: testZones)
            } catch {
                ours = []
                rejected += 1
            }
            #expect(ours == theirs[i], "TZ=\(tz) base '\(base)': '\(expression)'")
        }
        // systemd exits 1 as soon as one expression is rejected.
        #expect((run.status != 0) == (rejected > 0))
        #expect(rejected > 30, "the corpus must keep its invalid expressions")
    }

    /// `--base-time` strings parse to the same instant systemd uses (checked through "*:*:*",
    /// whose next elapse is the base time plus one second).
    @Test(
        .enabled(if: FileManager.default.isExecutableFile(atPath: analyze)),
        arguments: [
            "2026-03-28 12:00:00 UTC", "2026-03-28 12:00", "2026-10-25 02:30:00", "2026-03-29 02:30:00",
            "@1774699200", "2026-03-28 13:00:00 CEST", "Sat 2026-03-28 12:00:00", "26-03-28 12:00:00.25",
        ])
    func baseTimesMatchSystemd(base: String) throws {
        let run = try Self.runAnalyze(tz: "Europe/Berlin", base: base, expressions: ["*:*:*"])
        let theirs = Self.blocks(run.stdout, count: 1)[0]
        let zone = testZone("Europe/Berlin")
        let date = try SystemdTimestamp.parse(base, in: zone, zones: testZones, now: Date())
        let ours = try CalendarReport.lines(for: "*:*:*", base: date, iterations: 5, zone: zone, zones: testZones)
        #expect(ours == theirs)
    }
}
