import Foundation
import Testing

@testable import NoContactCore

extension SchedulerTests {
    /// Milestones and the end-of-period readiness check on the scheduler's timeline.
    @Suite("Milestones and period end")
    struct Milestones {
        static let start = LocalDate(year: 2026, month: 11, day: 20)
        static let sam = PeriodConfig(name: "Sam", start: .date(start), days: 30, milestones: [1, 7, 30], allow: [])

        /// Milestones [1, 7, 30] fall at 08:30 on days 1, 7, 30 before that morning's prompt; the
        /// readiness check at 08:30 the day after day 30. Prompts come only while the period is
        /// under way: none before day 1, none after day 30 ("Day 31 of 30" never happens).
        @Test func milestonesAndPeriodEnd() throws {
            let config = try config(zone: "Europe/Berlin", schedule: ["08:30", "21:00"], periods: [Self.sam])
            let calendar = calendar("Europe/Berlin")
            var daemon = LoopDriver(scheduler(config), firstRun: iso("2026-11-19T12:00:00+01:00"))
            daemon.run(through: iso("2026-12-21T12:00:00+01:00"))

            let milestones = daemon.delivered.filter { $0.kind == .milestone }
            #expect(
                milestones.map(\.due)
                    == isos([
                        "2026-11-20T08:30:00+01:00", "2026-11-26T08:30:00+01:00", "2026-12-19T08:30:00+01:00",
                    ]))
            #expect(milestones.map(\.event.milestoneDay) == [1, 7, 30])
            #expect(milestones.map(\.delivery.day) == [1, 7, 30])
            #expect(milestones.allSatisfy { $0.event.period == "Sam" && !$0.isLate && $0.at == $0.due && $0.delivery.promptID == nil })

            let ends = daemon.delivered.filter { $0.kind == .periodEnd }
            #expect(ends.map(\.due) == [iso("2026-12-20T08:30:00+01:00")])
            #expect(ends.first?.delivery.title == "30 days of space · a readiness check")

            // Same instant: milestone, then prompt; prompt, then the readiness check.
            for milestone in milestones {
                let plan = try #require(daemon.plans.first { $0.now == milestone.due }?.plan)
                #expect(plan.deliveries.map(\.event.kind) == [.milestone, .prompt])
            }
            let endPlan = try #require(daemon.plans.first { $0.now == iso("2026-12-20T08:30:00+01:00") }?.plan)
            #expect(endPlan.deliveries.map(\.event.kind) == [.periodEnd])

            // Prompts: 08:30 and 21:00 every day from day 1 (11-20) through day 30 (12-19).
            var prompts: [Date] = []
            var day = LocalDate(year: 2026, month: 11, day: 20)
            while day <= LocalDate(year: 2026, month: 12, day: 19) {
                prompts.append(local(calendar, day.year, day.month, day.day, 8, 30))
                prompts.append(local(calendar, day.year, day.month, day.day, 21, 0))
                day = day.adding(days: 1)
            }
            #expect(daemon.delivered.filter { $0.kind == .prompt }.map(\.due) == prompts)
            #expect(daemon.delivered.count == prompts.count + 4)
            #expect(noDuplicates(daemon.delivered))
            #expect(strictlyIncreasing(daemon.wakeInstants))
        }

        /// The timeline's events around day 1, read directly: the milestone precedes the prompt at the same instant.
        @Test func sameInstantOrder() throws {
            let config = try config(zone: "Europe/Berlin", schedule: ["08:30", "21:00"], periods: [Self.sam])
            let timeline = scheduler(config).timeline
            let state = JourneyState(firstRun: iso("2026-11-19T12:00:00+01:00"))
            let events = timeline.nextEvents(after: iso("2026-11-19T21:00:00+01:00"), state: state)
            #expect(
                events == [
                    TimelineEvent(kind: .milestone, due: iso("2026-11-20T08:30:00+01:00"), period: "Sam", milestoneDay: 1),
                    TimelineEvent(kind: .prompt, due: iso("2026-11-20T08:30:00+01:00"), period: "Sam"),
                ])
        }

        /// With only "Mon 10:00" scheduled, milestones and the period end on days without a prompt fall at 09:00, a Monday milestone at 10:00.
        @Test func dayWithoutPromptFallsBackToNine() throws {
            let period = PeriodConfig(name: "Sam", start: .date(Self.start), days: 30, milestones: [1, 4, 7, 30], allow: [])
            let config = try config(zone: "Europe/Berlin", schedule: ["Mon 10:00"], periods: [period])
            var daemon = LoopDriver(scheduler(config), firstRun: iso("2026-11-19T12:00:00+01:00"))
            daemon.run(through: iso("2026-12-22T12:00:00+01:00"))
            let calendar = daemon.timeline.zone
            #expect(
                daemon.delivered.map(\.kind) == [
                    .milestone, .milestone, .prompt, .milestone, .prompt, .prompt, .prompt, .milestone, .periodEnd,
                ])
            #expect(
                daemon.dues
                    == isos([
                        "2026-11-20T09:00:00+01:00",  // day 1, Friday
                        "2026-11-23T10:00:00+01:00",  // day 4, Monday: with the prompt
                        "2026-11-23T10:00:00+01:00",
                        "2026-11-26T09:00:00+01:00",  // day 7, Thursday
                        "2026-11-30T10:00:00+01:00",
                        "2026-12-07T10:00:00+01:00",
                        "2026-12-14T10:00:00+01:00",
                        "2026-12-19T09:00:00+01:00",  // day 30, Saturday
                        "2026-12-20T09:00:00+01:00",  // period end, Sunday; no prompt after it
                    ]), "\(daemon.dues.map { show($0, calendar) })")
            #expect(daemon.delivered.filter { $0.kind == .milestone }.map(\.event.milestoneDay) == [1, 4, 7, 30])
            #expect(daemon.delivered.allSatisfy { !$0.isLate && $0.at == $0.due })
            #expect(strictlyIncreasing(daemon.wakeInstants))
        }

        /// A milestone and a prompt missed while stopped are caught up per kind with `latest`: both late, the milestone first.
        @Test func missedMilestoneIsCaughtUpPerKind() throws {
            let config = try config(zone: "Europe/Berlin", schedule: ["08:30", "21:00"], periods: [Self.sam], catchUp: .latest)
            let scheduler = scheduler(config)
            let state = JourneyState(firstRun: iso("2026-11-19T12:00:00+01:00"), handledThrough: iso("2026-11-25T22:00:00+01:00"))
            let plan = scheduler.plan(now: iso("2026-11-26T23:00:00+01:00"), state: state)
            #expect(
                plan.deliveries == [
                    Scheduler.PlannedDelivery(
                        event: TimelineEvent(kind: .milestone, due: iso("2026-11-26T08:30:00+01:00"), period: "Sam", milestoneDay: 7),
                        isLate: true),
                    Scheduler.PlannedDelivery(
                        event: TimelineEvent(kind: .prompt, due: iso("2026-11-26T21:00:00+01:00"), period: "Sam"), isLate: true),
                ])
        }
    }
}
