import Foundation
import NoContactCore
import Testing

/// The zone engine on real tzdata: instant -> wall clock, wall clock -> instant across gaps and
/// folds, the POSIX footer beyond the last transition, and zones without DST.
@Suite("Zone")
struct ZoneTests {
    static let berlin = testZone("Europe/Berlin")

    /// The instant of "2026-03-29T01:30:00Z" and the like.
    static func utc(_ text: String) -> Date { instant(text) }

    @Test func wallClockAcrossTheSpringChange() {
        let before = Self.berlin.localTime(at: Self.utc("2026-03-29T00:59:59Z"))
        #expect((before.hour, before.minute, before.second) == (1, 59, 59))
        #expect(before.offset == 3600 && !before.isDST && before.abbreviation == "CET")
        let after = Self.berlin.localTime(at: Self.utc("2026-03-29T01:00:00Z"))
        #expect((after.hour, after.minute, after.second) == (3, 0, 0))
        #expect(after.offset == 7200 && after.isDST && after.abbreviation == "CEST")
        #expect(after.date == LocalDate(year: 2026, month: 3, day: 29))
        #expect(after.weekday == 0)
    }

    /// A wall-clock time the clock skips reads with the offset before the jump: 02:30 is 03:30.
    @Test func gapMovesForwardByTheGap() {
        let day = LocalDate(year: 2026, month: 3, day: 29)
        #expect(Self.berlin.instant(of: day, hour: 2, minute: 30) == Self.utc("2026-03-29T01:30:00Z"))
        #expect(Self.berlin.instant(of: day, hour: 2, minute: 0) == Self.utc("2026-03-29T01:00:00Z"))
        #expect(Self.berlin.instant(of: day, hour: 3, minute: 0) == Self.utc("2026-03-29T01:00:00Z"))
        #expect(Self.berlin.instant(of: day, hour: 1, minute: 59) == Self.utc("2026-03-29T00:59:00Z"))
    }

    /// A wall-clock time that repeats means its first pass; both passes read back as it.
    @Test func foldTakesTheFirstPass() {
        let day = LocalDate(year: 2026, month: 10, day: 25)
        let first = Self.berlin.instant(of: day, hour: 2, minute: 30)
        #expect(first == Self.utc("2026-10-25T00:30:00Z"))
        let second = first.addingTimeInterval(3600)
        let a = Self.berlin.localTime(at: first)
        let b = Self.berlin.localTime(at: second)
        #expect((a.hour, a.minute, a.abbreviation, a.isDST) == (2, 30, "CEST", true))
        #expect((b.hour, b.minute, b.abbreviation, b.isDST) == (2, 30, "CET", false))
        #expect(Self.berlin.instant(of: day, hour: 3, minute: 0) == Self.utc("2026-10-25T02:00:00Z"))
    }

    /// Where midnight is skipped, the day starts when the clock jumps (São Paulo, 2018-11-04).
    @Test func startOfDayAfterAMidnightGap() {
        let saoPaulo = testZone("America/Sao_Paulo")
        let start = saoPaulo.startOfDay(LocalDate(year: 2018, month: 11, day: 4))
        #expect(start == Self.utc("2018-11-04T03:00:00Z"))
        let local = saoPaulo.localTime(at: start)
        #expect((local.hour, local.minute, local.offset) == (1, 0, -7200))
        #expect(saoPaulo.localDate(at: start.addingTimeInterval(-1)) == LocalDate(year: 2018, month: 11, day: 3))
    }

    /// Beyond the last transition the POSIX footer rules; before the first, local mean time.
    @Test func farFutureAndFarPast() {
        let summer2200 = Self.berlin.localTime(at: Self.utc("2200-07-01T12:00:00Z"))
        #expect((summer2200.hour, summer2200.offset, summer2200.abbreviation, summer2200.isDST) == (14, 7200, "CEST", true))
        let winter2200 = Self.berlin.localTime(at: Self.utc("2200-01-01T12:00:00Z"))
        #expect((winter2200.hour, winter2200.offset, winter2200.abbreviation) == (13, 3600, "CET"))
        // The spring change of 2199 by the footer's rule "M3.5.0": the last Sunday of March.
        #expect(
            Self.berlin.instant(of: LocalDate(year: 2199, month: 3, day: 29), hour: 2, minute: 30)
                == Self.utc("2199-03-29T01:30:00Z"))
        let past = Self.berlin.localTime(at: Self.utc("1800-01-01T00:00:00Z"))
        #expect(past.offset == 3208 && past.abbreviation == "LMT")
    }

    @Test func zoneWithoutDST() {
        let kolkata = testZone("Asia/Kolkata")
        for text in ["2026-01-15T12:00:00Z", "2026-07-15T12:00:00Z", "2150-07-15T12:00:00Z"] {
            let local = kolkata.localTime(at: Self.utc(text))
            #expect((local.hour, local.minute, local.offset, local.abbreviation, local.isDST) == (17, 30, 19_800, "IST", false), "\(text)")
        }
        #expect(kolkata.instant(of: LocalDate(year: 2026, month: 1, day: 15), hour: 17, minute: 30) == Self.utc("2026-01-15T12:00:00Z"))
    }

    @Test func utc() {
        let epoch = Zone.utc.localTime(at: Date(timeIntervalSince1970: 0))
        #expect(
            epoch
                == LocalTime(
                    date: LocalDate(year: 1970, month: 1, day: 1), hour: 0, minute: 0, second: 0, weekday: 4, offset: 0,
                    abbreviation: "UTC", isDST: false))
        let beforeEpoch = Zone.utc.localTime(at: Date(timeIntervalSince1970: -0.5))
        #expect(beforeEpoch.date == LocalDate(year: 1969, month: 12, day: 31) && beforeEpoch.second == 59)
        #expect(Zone.utc.instant(of: LocalDate(year: 2026, month: 11, day: 20), hour: 21) == Self.utc("2026-11-20T21:00:00Z"))
    }

    /// A zone given as a POSIX rule (a TZ value) agrees with the tzdata zone it describes.
    @Test func posixRule() throws {
        let rule = try #require(Zone(posixRule: "CET-1CEST,M3.5.0,M10.5.0/3"))
        for seconds in stride(from: 1_767_225_600.0, to: 1_830_297_600, by: 86_400 * 3 + 3_333) {
            let date = Date(timeIntervalSince1970: seconds)
            #expect(rule.localTime(at: date) == Self.berlin.localTime(at: date), "\(date)")
        }
        #expect(Zone(posixRule: "Europe/Berlin") == nil)
        #expect(Zone(identifier: "Nowhere", tzif: Array("not a zone file".utf8)) == nil)
    }

    /// Wall clock and day starts agree with Foundation (ICU) over forty years of four zones.
    @Test(arguments: ["Europe/Berlin", "America/New_York", "Australia/Sydney", "Asia/Kolkata"])
    func agreesWithFoundation(identifier: String) {
        let zone = testZone(identifier)
        let oracle = zone.oracle
        for seconds in stride(from: 946_684_800.0, to: 2_208_988_800, by: 86_400 * 5 + 3_607) {
            let date = Date(timeIntervalSince1970: seconds)
            let local = zone.localTime(at: date)
            let parts = oracle.dateComponents([.year, .month, .day, .hour, .minute, .second, .weekday], from: date)
            #expect(
                [local.date.year, local.date.month, local.date.day, local.hour, local.minute, local.second, local.weekday + 1]
                    == [parts.year, parts.month, parts.day, parts.hour, parts.minute, parts.second, parts.weekday], "\(date)")
            #expect(local.offset == oracle.timeZone.secondsFromGMT(for: date))
            #expect(zone.startOfDay(local.date) == oracle.startOfDay(for: date), "\(date)")
        }
    }
}
