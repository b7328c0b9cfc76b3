import Foundation
import NoContactCore
import ServiceTestSupport
import Testing

@testable import NoContactService

/// Which days a period's series covers: its start through today, its last day once it ended,
/// the day it was closed; none before it starts.
@Suite("Journey days in the service")
struct ServiceJourneyDaysTests {
    static func days(period index: Int, now: Date, closedAt: Date? = nil) throws -> [JourneyDay] {
        var snapshot = try Fixture.snapshot()
        if let closedAt { snapshot.state.periodHistories["Sam"] = PeriodHistory(closedAt: closedAt) }
        let period = snapshot.config.periods[index]
        let stats = PeriodStats.of(period, state: snapshot.state, now: now, zone: snapshot.timeZone)
        return LocalService.days(of: period, stats: stats, snapshot: snapshot, entries: [], now: now)
    }

    @Test func coveredDays() throws {
        let today = try Self.days(period: 0, now: Fixture.now)
        #expect(today.count == 10)
        #expect(today.first?.date == LocalDate(year: 2026, month: 11, day: 20))
        #expect(today.last?.date == LocalDate(year: 2026, month: 11, day: 29))

        let ended = try Self.days(period: 0, now: Fixture.now.addingTimeInterval(60 * 86_400))
        #expect(ended.count == 30)
        #expect(ended.last?.date == LocalDate(year: 2026, month: 12, day: 19))

        let closed = try Self.days(period: 0, now: Fixture.now, closedAt: Fixture.now.addingTimeInterval(-4 * 86_400))
        #expect(closed.last?.date == LocalDate(year: 2026, month: 11, day: 25))

        #expect(try Self.days(period: 1, now: Fixture.now).isEmpty)
    }
}
