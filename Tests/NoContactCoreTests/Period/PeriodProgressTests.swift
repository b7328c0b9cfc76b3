import Foundation
import Testing

@testable import NoContactCore

@Suite("PeriodProgress")
struct PeriodProgressTests {
    static let berlin = testZone("Europe/Berlin")
    static let newYork = testZone("America/New_York")
    static let unused = instant("2000-01-01T00:00:00Z")

    static func period(_ start: LocalDate, days: Int? = 30) -> PeriodConfig {
        PeriodConfig(name: "Sam", start: .date(start), days: days, milestones: nil, allow: [])
    }

    static let nov20 = LocalDate(year: 2026, month: 11, day: 20)

    /// The start date is day 1, from its first to its last minute, with the full length left.
    @Test(arguments: ["2026-11-20T00:00:00+01:00", "2026-11-20T12:00:00+01:00", "2026-11-20T23:59:59+01:00"])
    func startDateIsDayOne(now: String) {
        let progress = PeriodProgress.of(Self.period(Self.nov20), firstRun: Self.unused, now: instant(now), zone: Self.berlin)
        #expect(
            progress
                == PeriodProgress(
                    period: "Sam", day: 1, daysTotal: 30, daysLeft: 30, start: Self.nov20,
                    ends: LocalDate(year: 2026, month: 12, day: 19)))
        #expect(progress.daysOfSpace == 0)
        #expect(!progress.hasEnded)
    }

    /// Day 10 of 30: 9 days behind, 21 to go including today, ending on day 30's date.
    @Test func dayTenOfThirty() {
        let progress = PeriodProgress.of(
            Self.period(Self.nov20), firstRun: Self.unused, now: instant("2026-11-29T08:00:00+01:00"), zone: Self.berlin)
        #expect(progress.day == 10)
        #expect(progress.daysLeft == 21)
        #expect(progress.daysOfSpace == 9)
        #expect(progress.ends == LocalDate(year: 2026, month: 12, day: 19))
        #expect(progress.summary == "Sam: day 10 of 30, 9 days of space behind you, 21 to go")
    }

    /// The last day is day 30 with one day left; the day after, the period has ended with none left.
    @Test func lastDayAndAfter() {
        let last = PeriodProgress.of(
            Self.period(Self.nov20), firstRun: Self.unused, now: instant("2026-12-19T23:00:00+01:00"), zone: Self.berlin)
        #expect(last.day == 30)
        #expect(last.daysLeft == 1)
        #expect(!last.hasEnded)
        let after = PeriodProgress.of(
            Self.period(Self.nov20), firstRun: Self.unused, now: instant("2026-12-20T00:00:00+01:00"), zone: Self.berlin)
        #expect(after.day == 31)
        #expect(after.daysLeft == 0)
        #expect(after.hasEnded)
        #expect(after.daysOfSpace == 30)
        #expect(after.summary == "Sam: your 30 days of space ended on 2026-12-19; `nocontact ready` when you want the readiness check")
    }

    /// A start still in the future is day 0.
    @Test func futureStartIsDayZero() {
        let progress = PeriodProgress.of(
            Self.period(Self.nov20), firstRun: Self.unused, now: instant("2026-11-15T12:00:00+01:00"), zone: Self.berlin)
        #expect(progress.day == 0)
        #expect(progress.daysOfSpace == 0)
        #expect(!progress.hasEnded)
        #expect(progress.summary == "Sam: starts on 2026-11-20")
    }

    /// Before the start, days left is the whole length: behind (0) plus left is the length.
    @Test
    func futureStartHasWholeLengthLeft() {
        let progress = PeriodProgress.of(
            Self.period(Self.nov20), firstRun: Self.unused, now: instant("2026-11-15T12:00:00+01:00"), zone: Self.berlin)
        #expect(progress.daysLeft == 30)
        #expect(progress.daysOfSpace + (progress.daysLeft ?? 0) == 30)
    }

    /// On every day of the period, days behind plus days left is the length.
    @Test func behindPlusLeftIsLength() {
        let period = Self.period(Self.nov20)
        for offset in 0...40 {
            let day = Self.nov20.adding(days: offset)
            let now = Self.berlin.oracle.date(from: DateComponents(year: day.year, month: day.month, day: day.day, hour: 12))!
            let progress = PeriodProgress.of(period, firstRun: Self.unused, now: now, zone: Self.berlin)
            #expect(progress.day == offset + 1)
            #expect(progress.daysOfSpace + (progress.daysLeft ?? -1) == 30, "offset \(offset)")
        }
    }

    /// An open-ended period has no total, no days left and no end, and never ends.
    @Test func openEnded() {
        let progress = PeriodProgress.of(
            Self.period(Self.nov20, days: nil), firstRun: Self.unused, now: instant("2027-11-20T12:00:00+01:00"), zone: Self.berlin)
        #expect(progress == PeriodProgress(period: "Sam", day: 366, daysTotal: nil, daysLeft: nil, start: Self.nov20, ends: nil))
        #expect(!progress.hasEnded)
        #expect(progress.summary == "Sam: day 366 of an open-ended period, 365 days of space behind you")
    }

    /// Days change at local midnight across DST changes: Berlin's spring-forward night (a
    /// 23-hour day) and fall-back night (a 25-hour day), and both changes in New York.
    @Test(arguments: [
        // zone, the period's start, now, the day it is then
        ("Europe/Berlin", "2026-03-28", "2026-03-28T23:59:59+01:00", 1),
        ("Europe/Berlin", "2026-03-28", "2026-03-29T00:00:00+01:00", 2),
        ("Europe/Berlin", "2026-03-28", "2026-03-29T23:59:59+02:00", 2),
        ("Europe/Berlin", "2026-03-28", "2026-03-30T00:00:00+02:00", 3),
        ("Europe/Berlin", "2026-10-24", "2026-10-25T00:00:00+02:00", 2),
        ("Europe/Berlin", "2026-10-24", "2026-10-25T23:59:59+01:00", 2),
        ("Europe/Berlin", "2026-10-24", "2026-10-26T00:00:00+01:00", 3),
        ("Europe/Berlin", "2026-10-24", "2027-10-23T12:00:00+02:00", 365),
        ("America/New_York", "2026-03-07", "2026-03-08T23:59:59-04:00", 2),
        ("America/New_York", "2026-03-07", "2026-03-09T00:00:01-04:00", 3),
        ("America/New_York", "2026-10-31", "2026-11-02T04:59:59Z", 2),  // 23:59:59 EST on Nov 1
        ("America/New_York", "2026-10-31", "2026-11-02T05:00:00Z", 3),  // midnight EST
    ])
    func dayChangesAtLocalMidnightAcrossDST(zone: String, start: String, now: String, day: Int) throws {
        let parts = start.split(separator: "-").compactMap { Int($0) }
        try #require(parts.count == 3)
        let period = Self.period(LocalDate(year: parts[0], month: parts[1], day: parts[2]))
        #expect(PeriodProgress.of(period, firstRun: Self.unused, now: instant(now), zone: testZone(zone)).day == day)
    }

    /// The same instant is a different day in different zones.
    @Test func zoneDecidesTheDay() {
        let now = instant("2026-11-19T23:30:00Z")
        #expect(PeriodProgress.of(Self.period(Self.nov20), firstRun: Self.unused, now: now, zone: Self.berlin).day == 1)
        #expect(PeriodProgress.of(Self.period(Self.nov20), firstRun: Self.unused, now: now, zone: Self.newYork).day == 0)
    }

    /// A first-run period starts on the local date of the first run.
    @Test func firstRunStartsOnItsLocalDate() {
        let period = PeriodConfig(name: "them", start: .firstRun, days: nil, milestones: nil, allow: [])
        let firstRun = instant("2026-03-28T23:30:00Z")  // 00:30 on the 29th in Berlin
        let now = instant("2026-03-30T12:00:00Z")
        let berlin = PeriodProgress.of(period, firstRun: firstRun, now: now, zone: Self.berlin)
        #expect(berlin.start == LocalDate(year: 2026, month: 3, day: 29))
        #expect(berlin.day == 2)
        let utc = PeriodProgress.of(period, firstRun: firstRun, now: now, zone: testZone("UTC"))
        #expect(utc.start == LocalDate(year: 2026, month: 3, day: 28))
        #expect(utc.day == 3)
    }

    /// A date-time start counts by its date, even before its time of day.
    @Test func dateTimeStartCountsByDate() {
        let period = PeriodConfig(
            name: "Sam", start: .dateTime(Self.nov20, hour: 23, minute: 0, second: 0), days: 30, milestones: nil, allow: [])
        let progress = PeriodProgress.of(period, firstRun: Self.unused, now: instant("2026-11-20T08:00:00+01:00"), zone: Self.berlin)
        #expect(progress.day == 1)
        #expect(progress.start == Self.nov20)
    }

    /// The JSON has exactly the contract keys, with explicit nulls for an open-ended period.
    @Test func jsonHasExactlyTheContractKeys() throws {
        let open = PeriodProgress(period: "them", day: 3, daysTotal: nil, daysLeft: nil, start: Self.nov20, ends: nil)
        let data = try JSONEncoder().encode(open)
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(Set(object.keys) == ["period", "day", "days_total", "days_left", "start", "ends", "closed"])
        #expect(object["closed"] as? Bool == false)
        #expect(object["days_total"] is NSNull)
        #expect(object["days_left"] is NSNull)
        #expect(object["ends"] is NSNull)
        #expect(object["start"] as? String == "2026-11-20")
        #expect(object["period"] as? String == "them")
        #expect(object["day"] as? Int == 3)
    }

    /// A closed period's JSON carries its numbers and dates, and decodes back to the same value.
    @Test func jsonRoundTrip() throws {
        let closed = PeriodProgress(
            period: "Sam", day: 10, daysTotal: 30, daysLeft: 21, start: Self.nov20, ends: LocalDate(year: 2026, month: 12, day: 19))
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let data = try encoder.encode(closed)
        #expect(
            String(decoding: data, as: UTF8.self)
                == #"{"closed":false,"day":10,"days_left":21,"days_total":30,"ends":"2026-12-19","period":"Sam","start":"2026-11-20"}"#)
        #expect(try JSONDecoder().decode(PeriodProgress.self, from: data) == closed)
        let open = PeriodProgress(period: "them", day: 3, daysTotal: nil, daysLeft: nil, start: Self.nov20, ends: nil)
        #expect(try JSONDecoder().decode(PeriodProgress.self, from: try JSONEncoder().encode(open)) == open)
    }

    /// A start that is not a date is a decoding error.
    @Test func jsonWithBadStartIsRefused() {
        let json = Data(#"{"period":"Sam","day":1,"days_total":null,"days_left":null,"start":"2026-02-30","ends":null}"#.utf8)
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(PeriodProgress.self, from: json) }
    }
}
