import Foundation
import Testing

@testable import NoContactCore

extension SchedulerTests {
    /// Long simulated runs of the daemon loop.
    @Suite("Long runs")
    struct LongRuns {
        /// 90 days over Berlin's DST change at 09:00/21:00: exactly 180 on-time prompts + 9 milestones, no duplicates, wakes increasing, no id repeated within 30.
        @Test func ninetyDays() throws {
            let period = PeriodConfig(
                name: "them", start: .date(LocalDate(year: 2026, month: 3, day: 1)), days: nil, milestones: nil, allow: [])
            let config = try config(zone: "Europe/Berlin", schedule: ["09:00", "21:00"], periods: [period])
            let calendar = calendar("Europe/Berlin")
            var daemon = LoopDriver(scheduler(config), firstRun: iso("2026-03-01T08:00:00+01:00"))
            daemon.run(through: iso("2026-05-30T08:00:00+02:00"))

            let prompts = daemon.delivered.filter { $0.kind == .prompt }
            let milestones = daemon.delivered.filter { $0.kind == .milestone }
            #expect(prompts.count == 180)
            #expect(milestones.count == PeriodConfig.defaultMilestones.count)
            #expect(daemon.delivered.count == 180 + 9)
            #expect(!daemon.delivered.contains { $0.kind == .periodEnd })

            let first = LocalDate(year: 2026, month: 3, day: 1)
            let expectedPrompts = (0..<90).flatMap { offset -> [Date] in
                let day = first.adding(days: offset)
                return [local(calendar, day.year, day.month, day.day, 9, 0), local(calendar, day.year, day.month, day.day, 21, 0)]
            }
            #expect(prompts.map(\.due) == expectedPrompts)
            // Across the change the UTC instants move: 09:00 is 08:00Z before and 07:00Z after.
            #expect(expectedPrompts[54] == iso("2026-03-28T08:00:00Z"))
            #expect(expectedPrompts[56] == iso("2026-03-29T07:00:00Z"))

            let expectedMilestones = PeriodConfig.defaultMilestones.map { number -> Date in
                let day = first.adding(days: number - 1)
                return local(calendar, day.year, day.month, day.day, 9, 0)
            }
            #expect(milestones.map(\.due) == expectedMilestones)
            #expect(milestones.map(\.event.milestoneDay) == PeriodConfig.defaultMilestones)

            #expect(daemon.delivered.allSatisfy { !$0.isLate && $0.at == $0.due })
            #expect(noDuplicates(daemon.delivered))
            #expect(strictlyIncreasing(daemon.wakeInstants))
            #expect(daemon.wakes.allSatisfy { $0 != nil })
            // Each milestone comes right before the 09:00 prompt of its day.
            for (index, record) in daemon.delivered.enumerated() where record.kind == .milestone {
                let next = daemon.delivered[index + 1]
                #expect(next.kind == .prompt && next.due == record.due)
            }

            let ids = try prompts.map { try #require($0.delivery.promptID) }
            for end in ids.indices {
                let window = ids[max(0, end - 29)...end]
                #expect(Set(window).count == window.count, "prompt \(ids[end]) repeats within 30 deliveries (at \(end))")
            }
            #expect(daemon.state.deliveryCount == 180)
            #expect(daemon.state.recentPromptIDs == Array(ids.suffix(JourneyState.recentPromptLimit)))
        }

        /// Extra plans (restarts, reloads) at arbitrary instants between wakes change nothing over 90 days: same events, same deliveries.
        @Test func restartsBetweenWakesChangeNothing() throws {
            let period = PeriodConfig(
                name: "them", start: .date(LocalDate(year: 2026, month: 3, day: 1)), days: nil, milestones: nil, allow: [])
            let config = try config(zone: "Europe/Berlin", schedule: ["09:00", "21:00"], periods: [period])
            let end = iso("2026-05-30T08:00:00+02:00")
            var reference = LoopDriver(scheduler(config), firstRun: iso("2026-03-01T08:00:00+01:00"))
            reference.run(through: end)

            var daemon = LoopDriver(scheduler(config), firstRun: iso("2026-03-01T08:00:00+01:00"))
            var plan = daemon.step()
            var extra = 0
            while let wake = plan.wake, wake <= end {
                // An extra plan at a pseudo-random instant before the wake (a restart or reload).
                extra += 1
                let gap = wake.timeIntervalSince(daemon.clock.now)
                let restart = daemon.clock.now.addingTimeInterval((gap * Double(extra * 37 % 100) / 100).rounded(.down))
                if restart > daemon.clock.now {
                    daemon.clock.set(restart)
                    let between = daemon.step()
                    #expect(between.deliveries.isEmpty)
                    #expect(between.wake == wake)
                }
                daemon.clock.set(wake)
                plan = daemon.step()
            }
            #expect(daemon.delivered.map(\.event) == reference.delivered.map(\.event))
            #expect(daemon.delivered.map(\.delivery) == reference.delivered.map(\.delivery))
        }
    }
}
