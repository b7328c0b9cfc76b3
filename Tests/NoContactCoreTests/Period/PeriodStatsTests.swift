import Foundation
import Testing

@testable import NoContactCore

/// Period maths with slips and extensions: runs, longest run, total days of space.
@Suite("Period stats")
struct PeriodStatsTests {
    static let berlin = testZone("Europe/Berlin")
    static let period = PeriodConfig(
        name: "Sam", start: .date(LocalDate(year: 2026, month: 3, day: 20)), days: 30, milestones: [3, 7, 14], allow: [])

    static func state(slips: [String] = [], extensionDays: Int = 0) -> JourneyState {
        JourneyState(
            firstRun: instant("2026-03-01T12:00:00+01:00"),
            periodHistories: ["Sam": PeriodHistory(slips: slips.map { instant($0) }, extensionDays: extensionDays)])
    }

    /// Without slips there is one run, as long as the days of space so far.
    @Test func oneRunWithoutSlips() {
        let stats = PeriodStats.of(Self.period, state: Self.state(), now: instant("2026-03-30T10:00:00+02:00"), zone: Self.berlin)
        #expect(stats.current.day == 11)
        #expect(stats.runs == 1)
        #expect(stats.slips == 0)
        #expect(stats.longestRunDays == 10)
        #expect(stats.totalDaysOfSpace == 10)
        #expect(stats.nextMilestone == 14)
        #expect(!stats.readinessCheckDue)
    }

    /// A slip restarts the count on its local day (across the DST change), and the days before
    /// it still count in the total and the longest run.
    @Test func slipRestartsButKeepsTheDaysBefore() {
        // 2026-03-29 01:30 CET is still the 29th in Berlin; the clocks change later that night.
        let state = Self.state(slips: ["2026-03-29T01:30:00+01:00"])
        let stats = PeriodStats.of(Self.period, state: state, now: instant("2026-04-02T20:00:00+02:00"), zone: Self.berlin)
        #expect(stats.current.start == LocalDate(year: 2026, month: 3, day: 29))
        #expect(stats.current.day == 5)
        #expect(stats.current.daysLeft == 26)
        #expect(stats.runs == 2)
        #expect(stats.slips == 1)
        #expect(stats.longestRunDays == 9)
        #expect(stats.totalDaysOfSpace == 9 + 4)
        #expect(stats.nextMilestone == 7)
    }

    /// Two slips on the same day make one restart; a slip the day after makes another.
    @Test func slipsOnOneDayRestartOnce() {
        let state = Self.state(slips: ["2026-03-25T09:00:00+01:00", "2026-03-25T21:00:00+01:00", "2026-03-26T08:00:00+01:00"])
        let stats = PeriodStats.of(Self.period, state: state, now: instant("2026-03-31T12:00:00+02:00"), zone: Self.berlin)
        #expect(stats.runs == 3)
        #expect(stats.slips == 3)
        #expect(stats.current.start == LocalDate(year: 2026, month: 3, day: 26))
        #expect(stats.longestRunDays == 5)
        #expect(stats.totalDaysOfSpace == 5 + 1 + 5)
    }

    /// Extensions lengthen the period and move its end and the readiness check.
    @Test func extensionMovesTheEnd() {
        let now = instant("2026-04-20T12:00:00+02:00")
        let ended = PeriodStats.of(Self.period, state: Self.state(), now: now, zone: Self.berlin)
        #expect(ended.readinessCheckDue)
        #expect(ended.current.daysLeft == 0)
        #expect(ended.totalDaysOfSpace == 30)
        let extended = PeriodStats.of(Self.period, state: Self.state(extensionDays: 10), now: now, zone: Self.berlin)
        #expect(!extended.readinessCheckDue)
        #expect(extended.current.daysTotal == 40)
        #expect(extended.current.ends == LocalDate(year: 2026, month: 4, day: 28))
        #expect(extended.current.daysLeft == 9)
    }

    /// An open-ended period across a month end never ends and has no days left.
    @Test func openEndedAcrossMonthEnd() {
        let period = PeriodConfig(name: "Sam", start: .firstRun, days: nil, milestones: nil, allow: [])
        let stats = PeriodStats.of(period, state: Self.state(), now: instant("2026-04-02T09:00:00+02:00"), zone: Self.berlin)
        #expect(stats.current.start == LocalDate(year: 2026, month: 3, day: 1))
        #expect(stats.current.day == 33)
        #expect(stats.current.daysLeft == nil)
        #expect(!stats.readinessCheckDue)
        #expect(stats.nextMilestone == 45)
    }

    /// A slip moves the milestones on the timeline: day 3 of the new run, at the first prompt time.
    @Test func slipMovesMilestonesOnTheTimeline() throws {
        let config = Config(
            source: nil, timeZone: Self.berlin, periods: [Self.period],
            prompts: PromptsConfig(schedule: [try Schedule(parsing: "08:30")]), userPrompts: [],
            delivery: DeliveryConfig(), socket: SocketConfig())
        let timeline = Timeline(config: config, zone: Self.berlin)
        let after = instant("2026-03-29T12:00:00+02:00")
        let milestones = timeline.upcoming(after: after, count: 6, state: Self.state(slips: ["2026-03-29T01:30:00+01:00"]))
            .filter { $0.kind == .milestone }
        #expect(milestones.first?.milestoneDay == 3)
        #expect(milestones.first?.due == instant("2026-03-31T08:30:00+02:00"))
    }
}
