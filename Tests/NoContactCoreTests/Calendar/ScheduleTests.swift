import Foundation
import Testing

@testable import NoContactCore

@Suite("Schedule")
struct ScheduleTests {
    static let berlin = testZone("Europe/Berlin")
    static let newYork = testZone("America/New_York")

    /// Times of day, in every accepted form, mean every day at that wall-clock time.
    @Test(arguments: [
        ("21:00", "*-*-* 21:00:00"), ("08:30", "*-*-* 08:30:00"), ("7:05", "*-*-* 07:05:00"), ("9:7", "*-*-* 09:07:00"),
        ("08:30:15", "*-*-* 08:30:15"), ("*-*-* 21:00:00", "*-*-* 21:00:00"), ("*-*-* 06:45", "*-*-* 06:45:00"),
        ("00:00", "*-*-* 00:00:00"), ("23:59:59", "*-*-* 23:59:59"),
    ])
    func parsesTimesOfDay(expression: String, normalized: String) throws {
        let schedule = try Schedule(parsing: expression)
        #expect(schedule.expression == expression)
        #expect(schedule.description == expression)
        #expect(schedule.spec.normalized == normalized)
    }

    /// Refused expressions name the 1-based column of the problem inside the expression.
    @Test(arguments: [
        ("24:00", 1), ("12:60", 4), ("12:00:60", 7), ("*-*-* 25:00", 7), ("nine", 1),
    ])
    func refusesBadExpressions(expression: String, column: Int) {
        #expect {
            _ = try Schedule(parsing: expression)
        } throws: { error in
            guard let error = error as? CalendarSpecError else { return false }
            return error.expression == expression && error.column == column && !error.message.isEmpty
        }
    }

    /// The next elapse is later the same day when the time is still ahead, strictly after `now`.
    @Test func nextElapseSameDayAndStrictlyAfter() throws {
        let schedule = try Schedule(parsing: "09:00")
        #expect(schedule.nextElapse(after: instant("2026-11-20T08:59:59+01:00"), in: Self.berlin) == instant("2026-11-20T09:00:00+01:00"))
        #expect(schedule.nextElapse(after: instant("2026-11-20T09:00:00+01:00"), in: Self.berlin) == instant("2026-11-21T09:00:00+01:00"))
    }

    /// After today's time has passed, the next elapse is tomorrow, across midnight and month and year ends.
    @Test func nextElapseAcrossMidnight() throws {
        let schedule = try Schedule(parsing: "09:00")
        #expect(schedule.nextElapse(after: instant("2026-11-20T23:30:00+01:00"), in: Self.berlin) == instant("2026-11-21T09:00:00+01:00"))
        #expect(schedule.nextElapse(after: instant("2026-12-31T22:00:00+01:00"), in: Self.berlin) == instant("2027-01-01T09:00:00+01:00"))
        let late = try Schedule(parsing: "23:59:59")
        #expect(late.nextElapse(after: instant("2026-11-20T23:59:59+01:00"), in: Self.berlin) == instant("2026-11-21T23:59:59+01:00"))
    }

    /// The wall-clock time is kept in the calendar's zone, not UTC.
    @Test func nextElapseUsesTheCalendarZone() throws {
        let schedule = try Schedule(parsing: "09:00")
        let now = instant("2026-11-20T12:00:00Z")
        #expect(schedule.nextElapse(after: now, in: Self.newYork) == instant("2026-11-20T09:00:00-05:00"))
        #expect(schedule.nextElapse(after: now, in: Self.berlin) == instant("2026-11-21T09:00:00+01:00"))
    }

    /// A time in the spring-forward gap (02:30 on 2026-03-29 in Berlin) does not exist and is skipped.
    @Test func springForwardGapIsSkippedInBerlin() throws {
        let gap = try Schedule(parsing: "02:30")
        #expect(gap.nextElapse(after: instant("2026-03-29T00:00:00+01:00"), in: Self.berlin) == instant("2026-03-30T02:30:00+02:00"))
        let start = try Schedule(parsing: "02:00")
        #expect(start.nextElapse(after: instant("2026-03-29T00:00:00+01:00"), in: Self.berlin) == instant("2026-03-30T02:00:00+02:00"))
        let after = try Schedule(parsing: "03:00")
        #expect(after.nextElapse(after: instant("2026-03-29T00:00:00+01:00"), in: Self.berlin) == instant("2026-03-29T03:00:00+02:00"))
    }

    /// A time in the spring-forward gap in New York (02:30 on 2026-03-08) is skipped too.
    @Test func springForwardGapIsSkippedInNewYork() throws {
        let gap = try Schedule(parsing: "02:30")
        #expect(gap.nextElapse(after: instant("2026-03-08T00:00:00-05:00"), in: Self.newYork) == instant("2026-03-09T02:30:00-04:00"))
    }

    /// A time in the fall-back overlap (02:30 on 2026-10-25 in Berlin) fires once, at the first occurrence.
    @Test func fallBackOverlapFiresOnceInBerlin() throws {
        let schedule = try Schedule(parsing: "02:30")
        let first = try #require(schedule.nextElapse(after: instant("2026-10-25T00:00:00+02:00"), in: Self.berlin))
        #expect(first == instant("2026-10-25T02:30:00+02:00"))
        let next = schedule.nextElapse(after: first, in: Self.berlin)
        #expect(next == instant("2026-10-26T02:30:00+01:00"))
        // Between the two occurrences (02:45 summer time), the second one is not due either.
        #expect(schedule.nextElapse(after: instant("2026-10-25T02:45:00+02:00"), in: Self.berlin) == instant("2026-10-26T02:30:00+01:00"))
    }

    /// A time in the fall-back overlap in New York (01:30 on 2026-11-01) fires once, at the first occurrence.
    @Test func fallBackOverlapFiresOnceInNewYork() throws {
        let schedule = try Schedule(parsing: "01:30")
        let first = try #require(schedule.nextElapse(after: instant("2026-11-01T00:00:00-04:00"), in: Self.newYork))
        #expect(first == instant("2026-11-01T01:30:00-04:00"))
        #expect(schedule.nextElapse(after: first, in: Self.newYork) == instant("2026-11-02T01:30:00-05:00"))
    }

    /// Around DST changes, a daily schedule still gives exactly one elapse per local day.
    @Test func oneElapsePerDayAcrossDSTWeeks() throws {
        let schedule = try Schedule(parsing: "21:00")
        var cursor = instant("2026-03-25T00:00:00+01:00")
        var days: [LocalDate] = []
        for _ in 0..<10 {
            let next = try #require(schedule.nextElapse(after: cursor, in: Self.berlin))
            days.append(LocalDate(next, in: Self.berlin))
            #expect(Self.berlin.oracle.component(.hour, from: next) == 21)
            cursor = next
        }
        #expect(days == (0..<10).map { LocalDate(year: 2026, month: 3, day: 25).adding(days: $0) })
    }
}
