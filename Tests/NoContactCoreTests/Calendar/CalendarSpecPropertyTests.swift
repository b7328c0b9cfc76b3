import Foundation
import Testing

@testable import NoContactCore

/// Properties of `nextElapse` checked by brute force over small windows.
@Suite("CalendarSpec properties")
struct CalendarSpecPropertyTests {
    /// Expressions whose matches are on whole minutes and frequent enough for a minute scan.
    static let minuteExpressions = [
        "*:00", "*:0/15", "*:5/10", "02:*", "01:*:00", "02:30", "01:30", "Sun *-*-* 02:00/15",
        "*-*-* 00/2:30", "8..18:00", "Mon..Fri 09:00", "Sat,Sun *:00,30", "*-*~1 02:30",
        "*-*-1..3 *:45", "03:00", "00:00", "23:59", "02:00..03", "*-*-* 01..03:0/20",
    ]
    /// Expressions with second-level matches, scanned per second.
    static let secondExpressions = ["*:*:0/20", "*:*:1.5", "02:*:0/7", "*:*:10..20/3", "*:0/2:30"]

    static let zones = ["UTC", "Europe/Berlin", "America/New_York", "Australia/Sydney"]

    /// Base instants around DST changes of all four zones, and ordinary ones.
    static let bases: [Date] = [
        1_774_699_200, 1_774_742_400, 1_774_746_000, 1_772_884_800, 1_772_946_000, 1_792_879_800,
        1_792_883_400, 1_792_886_400, 1_793_509_200, 1_793_512_800, 1_775_311_200, 1_775_314_800, 1_791_561_600,
    ].map { Date(timeIntervalSince1970: TimeInterval($0)) }

    static func zone(_ tz: String) -> Zone {
        testZone(tz)
    }

    /// Whether the wall-clock time of `date` already happened an hour (or the DST delta) earlier,
    /// i.e. `date` is in the second pass of a fall-back overlap, which systemd fires on only when
    /// the search already starts inside that second pass.
    static func isRepeatedWallTime(_ date: Date, _ zone: Zone) -> Bool {
        let now = zone.offset(at: date)
        let before = zone.offset(at: date.addingTimeInterval(-7200))
        guard before > now else { return false }
        let earlier = date.addingTimeInterval(-TimeInterval(before - now))
        return zone.offset(at: earlier) == before
    }

    static func check(_ text: String, tz: String, step: TimeInterval, window: TimeInterval) throws {
        let zone = zone(tz)
        let spec = try CalendarSpec(parsing: text)
        for base in bases {
            guard let next = spec.nextElapse(after: base, in: zone) else {
                Issue.record("\(text) never elapses after \(base) in \(tz)")
                continue
            }
            #expect(next > base, "\(text) in \(tz) after \(base)")
            #expect(spec.matches(next, in: zone), "\(text) in \(tz): \(next) does not match")
            // Scan the grid from the first grid point after the base up to the result.
            var t = (base.timeIntervalSince1970 / step).rounded(.down) * step + step
            let end = min(next.timeIntervalSince1970, base.timeIntervalSince1970 + window)
            while t < end {
                let d = Date(timeIntervalSince1970: t)
                if spec.matches(d, in: zone) && !isRepeatedWallTime(d, zone) {
                    Issue.record("\(text) in \(tz): \(d) matches but lies between \(base) and \(next)")
                    break
                }
                t += step
            }
        }
    }

    /// For minute-grained expressions: the result is after the base, matches, and no minute in
    /// between matches (except repeated wall-clock times in a fall-back overlap).
    @Test(arguments: minuteExpressions, zones)
    func nextElapseIsTheFirstMatchingMinute(text: String, tz: String) throws {
        try Self.check(text, tz: tz, step: 60, window: 8 * 86400)
    }

    /// For second-grained expressions: the same, scanning half-seconds for a few hours.
    @Test(arguments: secondExpressions, zones)
    func nextElapseIsTheFirstMatchingSecond(text: String, tz: String) throws {
        try Self.check(text, tz: tz, step: 0.5, window: 3 * 3600)
    }

    /// Iterating nextElapse from its own results walks strictly forward, and never revisits.
    @Test(arguments: zones)
    func iterationIsStrictlyIncreasing(tz: String) throws {
        let zone = Self.zone(tz)
        for text in ["*:*:0/20", "02:30", "*-*~1", "Sun 01:30", "*:*:1.5"] {
            let spec = try CalendarSpec(parsing: text)
            var t = Self.bases[0]
            for _ in 0..<300 {
                let next = try #require(spec.nextElapse(after: t, in: zone))
                #expect(next > t)
                t = next
            }
        }
    }

    /// Expressions that cannot elapse again return nil instead of looping.
    @Test func impossibleExpressionsNeverElapse() throws {
        let zone = Self.zone("Europe/Berlin")
        for text in ["*-02-30", "2020-01-01", "2027-02-29", "*-04-31 12:00"] {
            let spec = try CalendarSpec(parsing: text)
            #expect(spec.nextElapse(after: Self.bases[0], in: zone) == nil, "\(text)")
        }
    }
}
