import Foundation
import Testing

@testable import NoContactCore

extension SchedulerTests {
    /// The wall clock jumping forward over due times (suspend, a stopped daemon, a clock change)
    /// and backward.
    @Suite("Clock jumps")
    struct ClockJumps {
        static let zone = "Europe/Berlin"

        /// A daemon with hourly prompts started at 08:30 on 2026-06-10 that delivered 09:00 on time.
        static func daemonAfterNine(_ catchUp: CatchUpPolicy) throws -> LoopDriver {
            let config = try config(zone: zone, schedule: ["hourly"], catchUp: catchUp)
            var daemon = LoopDriver(scheduler(config), firstRun: iso("2026-06-10T08:30:00+02:00"))
            daemon.run(through: iso("2026-06-10T09:00:00+02:00"))
            #expect(daemon.dues == [iso("2026-06-10T09:00:00+02:00")])
            #expect(daemon.state.handledThrough == iso("2026-06-10T09:00:00+02:00"))
            return daemon
        }

        static func hour(_ hour: Int) -> Date {
            local(calendar(zone), 2026, 6, 10, hour, 0)
        }

        /// A jump over 10:00...14:00: none delivers nothing (cursor = now), latest only 14:00 late, all each of them late in order; 15:00 then comes on time.
        @Test(arguments: CatchUpPolicy.allCases)
        func forwardOverSeveralDueTimes(_ policy: CatchUpPolicy) throws {
            var daemon = try Self.daemonAfterNine(policy)
            let now = iso("2026-06-10T14:30:00+02:00")
            daemon.clock.set(now)
            let plan = daemon.step()
            #expect(plan.cursor == now)
            #expect(daemon.state.handledThrough == now)
            #expect(plan.wake == Self.hour(15))
            let caughtUp = Array(daemon.delivered.dropFirst())
            switch policy {
            case .none:
                #expect(plan.deliveries.isEmpty)
            case .latest:
                #expect(
                    plan.deliveries == [
                        Scheduler.PlannedDelivery(event: TimelineEvent(kind: .prompt, due: Self.hour(14), period: "them"), isLate: true)
                    ])
                #expect(caughtUp.map(\.delivery.due) == [Self.hour(14)])
                #expect(caughtUp.allSatisfy { $0.delivery.isLate && $0.at == now })
            case .all:
                #expect(plan.deliveries.map(\.event.due) == (10...14).map(Self.hour))
                #expect(plan.deliveries.allSatisfy { $0.isLate && $0.event.kind == .prompt })
                #expect(caughtUp.map(\.delivery.due) == (10...14).map(Self.hour))
                #expect(caughtUp.allSatisfy { $0.delivery.isLate })
            }
            // Composed deliveries carry the original due time, not the delivery instant.
            #expect(caughtUp.allSatisfy { $0.delivery.due == $0.due && $0.delivery.due < now })

            let before = daemon.delivered.count
            daemon.run(through: Self.hour(15))
            #expect(daemon.delivered.count == before + 1)
            #expect(daemon.delivered.last?.due == Self.hour(15))
            #expect(daemon.delivered.last?.isLate == false)
            #expect(noDuplicates(daemon.delivered))
        }

        /// With catch_up none, a prompt due exactly `lateAfter` (60 s) before now is on time and delivered.
        @Test func dueWithinLateAfterIsOnTime() throws {
            var daemon = try Self.daemonAfterNine(.none)
            daemon.clock.set(iso("2026-06-10T14:01:00+02:00"))
            let plan = daemon.step()
            #expect(
                plan.deliveries == [
                    Scheduler.PlannedDelivery(event: TimelineEvent(kind: .prompt, due: Self.hour(14), period: "them"), isLate: false)
                ])
            #expect(daemon.delivered.last?.delivery.isLate == false)
            #expect(daemon.delivered.last?.delivery.due == Self.hour(14))
        }

        /// One second more than `lateAfter` past due makes the prompt late: catch_up none then delivers nothing.
        @Test func dueJustBeyondLateAfterIsLate() throws {
            var daemon = try Self.daemonAfterNine(.none)
            daemon.clock.set(iso("2026-06-10T14:01:01+02:00"))
            let plan = daemon.step()
            #expect(plan.deliveries.isEmpty)
            #expect(plan.cursor == iso("2026-06-10T14:01:01+02:00"))
        }

        /// With catch_up all, a jump to 30 s after 14:00 delivers 10:00...13:00 late and 14:00 on time, in due order.
        @Test func allMixesLateAndOnTime() throws {
            var daemon = try Self.daemonAfterNine(.all)
            daemon.clock.set(iso("2026-06-10T14:00:30+02:00"))
            let plan = daemon.step()
            #expect(plan.deliveries.map(\.event.due) == (10...14).map(Self.hour))
            #expect(plan.deliveries.map(\.isLate) == [true, true, true, true, false])
        }

        /// A custom `lateAfter` moves the boundary: with 10 min, 14:09 is on time for 14:00.
        @Test func customLateAfter() throws {
            let config = try config(zone: Self.zone, schedule: ["hourly"], catchUp: .none)
            let scheduler = Scheduler(timeline: scheduler(config).timeline, lateAfter: 600)
            let state = JourneyState(firstRun: Self.hour(8), handledThrough: Self.hour(13))
            let onTime = scheduler.plan(now: iso("2026-06-10T14:10:00+02:00"), state: state)
            #expect(onTime.deliveries.map(\.isLate) == [false])
            let late = scheduler.plan(now: iso("2026-06-10T14:10:01+02:00"), state: state)
            #expect(late.deliveries.isEmpty)
        }

        /// catch_up all delivers at most `catchUpLimit` (100) missed prompts: the latest ones.
        @Test func allIsCapped() throws {
            var daemon = try Self.daemonAfterNine(.all)
            // 150 hourly prompts missed: 10:00 on 06-10 ... 15:00 on 06-16.
            let now = Self.hour(9).addingTimeInterval(150 * 3600 + 1800)
            daemon.clock.set(now)
            let plan = daemon.step()
            #expect(plan.deliveries.count == Scheduler.catchUpLimit)
            #expect(plan.deliveries.first?.event.due == Self.hour(9).addingTimeInterval(51 * 3600))
            #expect(plan.deliveries.last?.event.due == Self.hour(9).addingTimeInterval(150 * 3600))
            #expect(plan.deliveries.allSatisfy { $0.isLate })
            #expect(strictlyIncreasing(plan.deliveries.map(\.event.due)))
        }

        /// After deliveries up to T, going back 2 h delivers nothing, keeps the cursor at T, wakes for the next after T; walking past T repeats nothing.
        @Test func backwardNeverRepeats() throws {
            let config = try config(zone: Self.zone, schedule: ["hourly"], catchUp: .all)
            var daemon = LoopDriver(scheduler(config), firstRun: iso("2026-06-10T08:30:00+02:00"))
            let t = Self.hour(12)
            daemon.run(through: t)
            #expect(daemon.dues == (9...12).map(Self.hour))
            #expect(daemon.state.handledThrough == t)

            daemon.clock.set(t.addingTimeInterval(-2 * 3600))
            let back = daemon.step()
            #expect(back.deliveries.isEmpty)
            #expect(back.cursor == t)
            #expect(daemon.state.handledThrough == t)
            #expect(back.wake == Self.hour(13))

            // A polling walk from 10:10 to 14:00 (the real daemon would just sleep until 13:00).
            for _ in 0..<(4 * 6) {
                daemon.clock.advance(by: 600)
                let plan = daemon.step()
                #expect(plan.cursor == max(t, daemon.clock.now))
                #expect(plan.deliveries.allSatisfy { !$0.isLate })
            }
            #expect(daemon.clock.now == Self.hour(14))
            #expect(daemon.dues == (9...14).map(Self.hour))
            #expect(daemon.delivered.allSatisfy { !$0.isLate })
            #expect(noDuplicates(daemon.delivered))
        }

        /// A backward jump, then sleeping from wake to wake: every hour from 13:00 on comes exactly once, on time.
        @Test func backwardThenSleepToWake() throws {
            let config = try config(zone: Self.zone, schedule: ["hourly"], catchUp: .all)
            var daemon = LoopDriver(scheduler(config), firstRun: iso("2026-06-10T08:30:00+02:00"))
            daemon.run(through: Self.hour(12))
            daemon.clock.set(Self.hour(10))
            daemon.run(through: Self.hour(17))
            #expect(daemon.dues == (9...17).map(Self.hour))
            #expect(daemon.delivered.allSatisfy { !$0.isLate && $0.at == $0.due })
            #expect(noDuplicates(daemon.delivered))
            // The plan at 10:00 woke for 13:00; every wake after it is a new due.
            #expect(daemon.plans.last { $0.now == Self.hour(10) }?.plan.wake == Self.hour(13))
        }

        /// A clock that goes back exactly to the cursor (now == cursor) delivers nothing.
        @Test func backToTheCursorExactly() throws {
            var daemon = try Self.daemonAfterNine(.all)
            let plan = daemon.step()
            #expect(daemon.clock.now == Self.hour(9))
            #expect(plan.deliveries.isEmpty)
            #expect(plan.cursor == Self.hour(9))
            #expect(plan.wake == Self.hour(10))
        }
    }
}

extension SchedulerTests {
    /// A long downtime with a frequent schedule: only what catch_up can deliver is kept.
    @Suite("Long downtime")
    struct LongDowntime {
        /// 200 days of hourly prompts missed (4,800): latest delivers the last hour only, all
        /// delivers exactly the last 100 in order, none nothing; every one of them late.
        @Test(arguments: CatchUpPolicy.allCases)
        func hourlyOverTwoHundredDays(_ policy: CatchUpPolicy) throws {
            let config = try config(zone: "UTC", schedule: ["hourly"], catchUp: policy)
            let firstRun = iso("2026-01-01T00:30:00Z")
            let now = iso("2026-07-20T00:30:00Z")
            let plan = scheduler(config).plan(now: now, state: JourneyState(firstRun: firstRun, handledThrough: firstRun))
            let lastHour = iso("2026-07-20T00:00:00Z")
            #expect(plan.cursor == now)
            #expect(plan.deliveries.allSatisfy { $0.isLate })
            switch policy {
            case .none:
                #expect(plan.deliveries.isEmpty)
            case .latest:
                #expect(plan.deliveries.map(\.event.due) == [lastHour])
            case .all:
                let expected = (0..<Scheduler.catchUpLimit).reversed().map { lastHour.addingTimeInterval(-3600 * Double($0)) }
                #expect(plan.deliveries.map(\.event.due) == expected)
            }
            #expect(plan.wake == iso("2026-07-20T01:00:00Z"))
        }
    }
}
