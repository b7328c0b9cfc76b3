import Foundation
import NoContactCore
import Testing

/// The report lines and systemd timestamps, checked against fixed expectations.
@Suite("CalendarReport and SystemdTimestamp")
struct CalendarReportTests {
    static let berlin = testZone("Europe/Berlin")

    /// The report has systemd's right-aligned labels and skips the 02:30 that DST removes.
    @Test func berlinReport() throws {
        let base = Date(timeIntervalSince1970: 1_774_699_200)  // 2026-03-28 12:00:00 UTC
        let lines = try CalendarReport.lines(for: "*-*-* 02:30", base: base, iterations: 2, zone: Self.berlin, zones: testZones)
        #expect(
            lines == [
                "  Original form: *-*-* 02:30",
                "Normalized form: *-*-* 02:30:00",
                "    Next elapse: Mon 2026-03-30 02:30:00 CEST",
                "       (in UTC): Mon 2026-03-30 00:30:00 UTC",
                "       Iter. #2: Tue 2026-03-31 02:30:00 CEST",
                "       (in UTC): Tue 2026-03-31 00:30:00 UTC",
            ])
    }

    /// In UTC there are no "(in UTC)" lines, no "Original form" when nothing changes, and
    /// "never" when the expression is over.
    @Test func utcReportAndNever() throws {
        let utc = testZone("UTC")
        let base = Date(timeIntervalSince1970: 1_774_699_200)
        #expect(
            try CalendarReport.lines(for: "2020-01-01 00:00:00", base: base, iterations: 3, zone: utc, zones: testZones) == [
                "Normalized form: 2020-01-01 00:00:00",
                "    Next elapse: never",
            ])
        #expect(
            try CalendarReport.lines(for: "*-*-* 12:00:00", base: base, iterations: 1, zone: utc, zones: testZones) == [
                "Normalized form: *-*-* 12:00:00",
                "    Next elapse: Sun 2026-03-29 12:00:00 UTC",
            ])
    }

    /// Timestamps print with the tzdata abbreviation, not Foundation's "GMT+1".
    @Test func formatUsesTzdataAbbreviations() throws {
        let winter = Date(timeIntervalSince1970: 1_774_699_200)
        let summer = Date(timeIntervalSince1970: 1_782_000_000)
        #expect(SystemdTimestamp.format(winter, in: Self.berlin) == "Sat 2026-03-28 13:00:00 CET")
        #expect(SystemdTimestamp.format(summer, in: Self.berlin) == "Sun 2026-06-21 02:00:00 CEST")
        let ny = testZone("America/New_York")
        #expect(SystemdTimestamp.format(summer, in: ny) == "Sat 2026-06-20 20:00:00 EDT")
    }

    /// The timestamp forms `--base-time` takes parse to the expected instants.
    @Test(arguments: [
        ("2026-03-28 12:00:00 UTC", 1774699200.0),
        ("2026-03-28 13:00", 1774699200.0),
        ("2026-03-28 13:00:00 CET", 1774699200.0),
        ("2026-03-28 08:00 America/New_York", 1774699200.0),
        ("Sat 2026-03-28 13:00:00", 1774699200.0),
        ("@1774699200", 1774699200.0),
        ("@1774699200.25", 1774699200.25),
        ("2026-03-28 13:00:00.5", 1774699200.5),
        ("2026-03-28", 1774652400.0),
        ("now", 1774699200.0),
        ("+1h", 1774702800.0),
        ("-30min", 1774697400.0),
        ("2 days ago", 1774526400.0),
    ])
    func parseTimestamps(text: String, expected: Double) throws {
        let now = Date(timeIntervalSince1970: 1_774_699_200)
        let date = try SystemdTimestamp.parse(text, in: Self.berlin, zones: testZones, now: now)
        #expect(date.timeIntervalSince1970 == expected)
    }

    /// Malformed timestamps are rejected with a message.
    @Test(arguments: ["", "2026-13-01", "yesterday-ish", "Fri 2026-03-28 12:00", "12:99", "@x"])
    func rejectTimestamps(text: String) {
        #expect(throws: CalendarSpecError.self) {
            try SystemdTimestamp.parse(text, in: Self.berlin, zones: testZones, now: Date(timeIntervalSince1970: 0))
        }
    }
}
