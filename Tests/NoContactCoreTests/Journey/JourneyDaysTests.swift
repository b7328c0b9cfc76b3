import Foundation
import Testing

@testable import NoContactCore

/// The per-day series the pictures are drawn from: one record per local day, marks with their
/// order of precedence, urges and moods on the right day in the person's zone, pauses.
@Suite("Journey days")
struct JourneyDaysTests {
    static let berlin = testZone("Europe/Berlin")
    static let nov20 = LocalDate(year: 2026, month: 11, day: 20)

    static func series(
        _ entries: [HistoryEntry], pauses: [PauseWindow] = [], through last: LocalDate = LocalDate(year: 2026, month: 11, day: 29)
    ) -> [JourneyDay] {
        JourneyDays.series(period: "Sam", from: nov20, through: last, entries: entries, pauses: pauses, zone: berlin)
    }

    /// One record per day, numbered from the start, all days of space when nothing happened.
    @Test func oneRecordPerDay() {
        let days = Self.series([])
        #expect(days.count == 10)
        #expect(days.map(\.day) == Array(1...10))
        #expect(days.first?.date == Self.nov20)
        #expect(days.last?.date == LocalDate(year: 2026, month: 11, day: 29))
        #expect(days.allSatisfy { $0.mark == .space && $0.urges.isEmpty && $0.mood == nil })
        #expect(Self.series([], through: LocalDate(year: 2026, month: 11, day: 19)).isEmpty)
    }

    /// Entries land on their local day: 23:30 in Berlin on the 21st is the 21st, though it is
    /// the 21st 22:30 UTC; urges keep their local hour; the mood is the day's mean.
    @Test func entriesOnTheirLocalDay() {
        let days = Self.series([
            .urge(Urge(recordedAt: instant("2026-11-21T23:30:00+01:00"), period: "Sam", day: 2, intensity: 4, trigger: "our song")),
            .urge(Urge(recordedAt: instant("2026-11-21T08:00:00+01:00"), period: "Sam", day: 2, intensity: 2)),
            .urge(Urge(recordedAt: instant("2026-11-21T09:00:00+01:00"), period: "Other", day: 2, intensity: 5)),
            .reflection(Reflection(recordedAt: instant("2026-11-22T00:10:00+01:00"), period: "Sam", day: 3, mood: 2, text: "a")),
            .reflection(Reflection(recordedAt: instant("2026-11-22T21:00:00+01:00"), period: "Sam", day: 3, mood: 5, text: "b")),
            .reflection(Reflection(recordedAt: instant("2026-11-22T22:00:00+01:00"), period: "Sam", day: 3, text: "c")),
        ])
        #expect(days[1].urges.map(\.hour) == [23, 8])
        #expect(days[1].strongestUrge == 4)
        #expect(days[1].urges.first?.trigger == "our song")
        #expect(days[2].reflections == 3)
        #expect(days[2].mood == 3.5)
        #expect(days[0].strongestUrge == nil)
    }

    /// A slip wins over everything on its day; then received, logistics, paused. A pause that
    /// touches a day at all marks it; the day after its end is a day of space again.
    @Test func marksAndPrecedence() {
        let days = Self.series(
            [
                .contact(Contact(recordedAt: instant("2026-11-23T10:00:00+01:00"), period: "Sam", day: 4, kind: .logistics("children"))),
                .contact(Contact(recordedAt: instant("2026-11-23T20:00:00+01:00"), period: "Sam", day: 4, kind: .slip)),
                .contact(Contact(recordedAt: instant("2026-11-24T10:00:00+01:00"), period: "Sam", day: 1, kind: .received)),
                .contact(Contact(recordedAt: instant("2026-11-24T11:00:00+01:00"), period: "Sam", day: 1, kind: .logistics("children"))),
                .contact(Contact(recordedAt: instant("2026-11-25T10:00:00+01:00"), period: "Sam", day: 2, kind: .logistics("bills"))),
            ],
            pauses: [PauseWindow(start: instant("2026-11-25T09:00:00+01:00"), end: instant("2026-11-27T00:00:00+01:00"))])
        #expect(days[3].mark == .slip)
        #expect(days[4].mark == .received)
        #expect(days[5].mark == .logistics)
        #expect(days[6].mark == .paused)
        #expect(days[7].mark == .space)
    }

    /// Monday is 0: 2026-11-20 is a Friday, 1970-01-01 a Thursday, 1969-12-29 a Monday.
    @Test func weekdays() {
        #expect(JourneyDay.weekday(of: Self.nov20) == 4)
        #expect(JourneyDay.weekday(of: LocalDate(year: 1970, month: 1, day: 1)) == 3)
        #expect(JourneyDay.weekday(of: LocalDate(year: 1969, month: 12, day: 29)) == 0)
    }

    /// The JSON record of a day: a YYYY-MM-DD date, every field present, and it reads back.
    @Test func jsonRecord() throws {
        let day = JourneyDay(
            date: Self.nov20, day: 1, mark: .slip, urges: [DayUrge(hour: 21, intensity: 3, trigger: nil, resisted: true)], reflections: 1,
            mood: 4)
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let text = String(decoding: try encoder.encode(day), as: UTF8.self)
        #expect(text.contains(#""date":"2026-11-20""#))
        #expect(text.contains(#""mark":"slip""#))
        #expect(text.contains(#""strongest_urge":3"#))
        #expect(try JSONDecoder().decode(JourneyDay.self, from: Data(text.utf8)) == day)
    }

    /// Hours, the top five triggers (case folded, ties by name) and the last four weeks.
    @Test func patterns() {
        var days = (0..<40).map { JourneyDay(date: Self.nov20.adding(days: $0), day: $0 + 1, mark: .space) }
        let triggers = ["Our song", "our song", "photos", "late night", "payday", "friends", "weekend", "photos"]
        for (index, trigger) in triggers.enumerated() {
            days[index].urges.append(DayUrge(hour: index % 3 == 0 ? 22 : 7, intensity: 3, trigger: trigger, resisted: true))
        }
        let patterns = JourneyPatterns(days: days)
        #expect(patterns.urgesByHour[22] == 3)
        #expect(patterns.urgesByHour[7] == 5)
        #expect(patterns.urgesByHour.reduce(0, +) == 8)
        #expect(patterns.topTriggers.map(\.trigger) == ["our song", "photos", "friends", "late night", "payday"])
        #expect(patterns.topTriggers.first?.count == 2)
        #expect(patterns.recent.count == 28)
        #expect(patterns.recent.last?.day == 40)
        #expect(JourneyPatterns.sparkline([0, 1, 2, nil, 4]) == "▁▃▅ █")
        #expect(JourneyPatterns.sparkline([5, 1], maximum: 5) == "█▂")
    }
}
