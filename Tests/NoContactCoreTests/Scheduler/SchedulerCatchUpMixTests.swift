import Foundation
import Testing

@testable import NoContactCore

extension SchedulerTests {
    /// One wake that finds both missed and just-due events (a boot, found in the VM suite: a
    /// minutely prompt 98 s overdue and the next one due 38 s ago, inside the 60 s late window).
    @Suite("Catch-up mixed with just-due events")
    struct CatchUpMix {
        static let zone = "UTC"

        /// A daemon with minutely prompts that delivered 12:00:00 on time, then was stopped until 12:02:38.
        static func stoppedDaemon(_ catchUp: CatchUpPolicy) throws -> LoopDriver {
            let config = try config(zone: zone, schedule: ["*-*-* *:*:00"], catchUp: catchUp)
            var daemon = LoopDriver(scheduler(config), firstRun: iso("2026-06-10T11:59:30Z"))
            daemon.run(through: iso("2026-06-10T12:00:00Z"))
            #expect(daemon.dues == [iso("2026-06-10T12:00:00Z")])
            daemon.clock.set(iso("2026-06-10T12:02:38Z"))
            return daemon
        }

        /// latest: one prompt, the one due 38 s ago, on time; all: both, the missed one late; none: only the just-due one.
        @Test(arguments: CatchUpPolicy.allCases)
        func missedAndJustDue(_ policy: CatchUpPolicy) throws {
            var daemon = try Self.stoppedDaemon(policy)
            let plan = daemon.step()
            let missed = TimelineEvent(kind: .prompt, due: iso("2026-06-10T12:01:00Z"), period: "them")
            let justDue = TimelineEvent(kind: .prompt, due: iso("2026-06-10T12:02:00Z"), period: "them")
            switch policy {
            case .none, .latest:
                #expect(plan.deliveries == [Scheduler.PlannedDelivery(event: justDue, isLate: false)])
            case .all:
                #expect(
                    plan.deliveries == [
                        Scheduler.PlannedDelivery(event: missed, isLate: true),
                        Scheduler.PlannedDelivery(event: justDue, isLate: false),
                    ])
            }
            #expect(plan.cursor == iso("2026-06-10T12:02:38Z"))
            #expect(plan.wake == iso("2026-06-10T12:03:00Z"))
        }

        /// latest: several missed and several just-due prompts (every 20 s) are still one prompt for the wake, the latest, on time.
        @Test
        func latestIsOnePromptWhateverTheMix() throws {
            let latest = try config(zone: Self.zone, schedule: ["*-*-* *:*:00,20,40"], catchUp: .latest)
            let state = JourneyState(firstRun: iso("2026-06-10T11:00:00Z"), handledThrough: iso("2026-06-10T12:00:00Z"))
            let plan = scheduler(latest).plan(now: iso("2026-06-10T12:03:50Z"), state: state)
            #expect(
                plan.deliveries == [
                    Scheduler.PlannedDelivery(
                        event: TimelineEvent(kind: .prompt, due: iso("2026-06-10T12:03:40Z"), period: "them"), isLate: false)
                ])
            let all = try config(zone: Self.zone, schedule: ["*-*-* *:*:00,20,40"], catchUp: .all)
            let every = scheduler(all).plan(now: iso("2026-06-10T12:03:50Z"), state: state)
            #expect(every.deliveries.count == 11)
            #expect(
                every.deliveries.filter { !$0.isLate }.map(\.event.due)
                    == isos(["2026-06-10T12:03:00Z", "2026-06-10T12:03:20Z", "2026-06-10T12:03:40Z"]))
        }
    }
}
