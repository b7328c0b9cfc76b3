import Foundation
import Testing

@testable import NoContactCore

@Suite("LocalDate")
struct LocalDateTests {
    /// Known days since 1970-01-01 across centuries, leap days and before the epoch.
    @Test(arguments: [
        (LocalDate(year: 1970, month: 1, day: 1), 0),
        (LocalDate(year: 1969, month: 12, day: 31), -1),
        (LocalDate(year: 2000, month: 2, day: 29), 11016),
        (LocalDate(year: 1900, month: 3, day: 1), -25508),
        (LocalDate(year: 1600, month: 2, day: 29), -135081),
        (LocalDate(year: 2400, month: 2, day: 29), 157113),
        (LocalDate(year: 1, month: 1, day: 1), -719162),
        (LocalDate(year: 9999, month: 12, day: 31), 2_932_896),
        (LocalDate(year: 2026, month: 11, day: 20), 20777),
    ])
    func knownDayNumbers(date: LocalDate, days: Int) {
        #expect(date.daysSinceEpoch == days)
        #expect(LocalDate(daysSinceEpoch: days) == date)
    }

    /// Every day from 1600 to 2400 round-trips and is followed by the next calendar day.
    @Test func consecutiveDaysRoundTrip() {
        let first = LocalDate(year: 1600, month: 1, day: 1).daysSinceEpoch
        let last = LocalDate(year: 2400, month: 12, day: 31).daysSinceEpoch
        var previous = LocalDate(daysSinceEpoch: first - 1)
        var failures = 0
        for number in first...last {
            let date = LocalDate(daysSinceEpoch: number)
            let expectedNext: LocalDate
            if previous.day < LocalDate.daysIn(month: previous.month, year: previous.year) {
                expectedNext = LocalDate(year: previous.year, month: previous.month, day: previous.day + 1)
            } else if previous.month < 12 {
                expectedNext = LocalDate(year: previous.year, month: previous.month + 1, day: 1)
            } else {
                expectedNext = LocalDate(year: previous.year + 1, month: 1, day: 1)
            }
            if date != expectedNext || date.daysSinceEpoch != number || !date.isValid { failures += 1 }
            previous = date
        }
        #expect(failures == 0)
    }

    /// Leap years follow the Gregorian rule (every 4, not every 100, every 400).
    @Test func leapYears() {
        #expect(LocalDate.daysIn(month: 2, year: 2024) == 29)
        #expect(LocalDate.daysIn(month: 2, year: 2026) == 28)
        #expect(LocalDate.daysIn(month: 2, year: 1900) == 28)
        #expect(LocalDate.daysIn(month: 2, year: 2000) == 29)
        #expect(LocalDate.daysIn(month: 2, year: 2100) == 28)
    }

    /// ISO parsing accepts real days and rejects impossible or malformed ones.
    @Test func isoParsing() {
        #expect(LocalDate(iso: "2026-11-20") == LocalDate(year: 2026, month: 11, day: 20))
        #expect(LocalDate(iso: "2024-02-29") == LocalDate(year: 2024, month: 2, day: 29))
        for text in [
            "2026-02-30", "2026-02-29", "2100-02-29", "2026-04-31", "2026-13-01", "2026-00-10",
            "2026-01-00", "2026-1-05", "26-01-05", "2026-01-05T00:00", "2026/01/05", "", "2026-01-05-",
        ] {
            #expect(LocalDate(iso: text) == nil, "\(text) should be refused")
        }
    }

    /// A sign in the year is not part of `YYYY-MM-DD`.
    @Test
    func isoParsingRejectsSignedYear() {
        #expect(LocalDate(iso: "+026-01-05") == nil)
    }

    /// The description is zero-padded `YYYY-MM-DD`, and parses back.
    @Test func descriptionIsISO() {
        let date = LocalDate(year: 987, month: 3, day: 4)
        #expect(date.description == "0987-03-04")
        #expect(LocalDate(iso: date.description) == date)
    }

    /// Differences and ordering use calendar days.
    @Test func arithmeticAndOrder() {
        let start = LocalDate(year: 2028, month: 2, day: 27)
        #expect(start.adding(days: 3) == LocalDate(year: 2028, month: 3, day: 1))
        #expect(start.days(until: LocalDate(year: 2029, month: 2, day: 27)) == 366)
        #expect(LocalDate(year: 2026, month: 12, day: 31) < LocalDate(year: 2027, month: 1, day: 1))
        #expect(!(LocalDate(year: 2027, month: 1, day: 1) < LocalDate(year: 2026, month: 12, day: 31)))
    }

    /// The local day of an instant depends on the calendar's zone.
    @Test func dayOfInstantDependsOnZone() throws {
        let instant = try Date("2026-11-19T23:30:00Z", strategy: .iso8601)
        #expect(LocalDate(instant, in: testZone("Europe/Berlin")) == LocalDate(year: 2026, month: 11, day: 20))
        #expect(LocalDate(instant, in: testZone("America/New_York")) == LocalDate(year: 2026, month: 11, day: 19))
    }
}
