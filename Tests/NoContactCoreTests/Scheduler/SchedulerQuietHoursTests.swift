import Foundation
import Testing

@testable import NoContactCore

extension SchedulerTests {
    /// Quiet hours: what falls due in the window is held and delivered once when it ends.
    @Suite("Quiet hours")
    struct QuietHoursTests {
        static let night = QuietHours(startMinute: 22 * 60 + 30, endMinute: 7 * 60 + 30)

        /// Whether the wall clock of `instant` is in [start, end) of `window`, computed here
        /// independently of `QuietHours.contains`.
        static func inWindow(_ instant: Date, _ window: QuietHours, _ calendar: Calendar) -> Bool {
            let parts = calendar.dateComponents([.hour, .minute], from: instant)
            let minute = parts.hour! * 60 + parts.minute!
            return window.startMinute < window.endMinute
                ? (window.startMinute..<window.endMinute).contains(minute)
                : minute >= window.startMinute || minute < window.endMinute
        }

        /// Quiet 22:30-07:30, prompts 23:00/02:00/08:00: no delivery or wake in the window; at 07:30 only 02:00 comes, late; 08:00 on time.
        @Test(arguments: CatchUpPolicy.allCases)
        func straddlingMidnight(_ policy: CatchUpPolicy) throws {
            let config = try config(zone: "Europe/Berlin", schedule: ["23:00", "02:00", "08:00"], catchUp: policy, quiet: Self.night)
            let calendar = calendar("Europe/Berlin")
            var daemon = LoopDriver(scheduler(config), firstRun: iso("2026-06-10T12:00:00+02:00"))
            daemon.run(through: iso("2026-06-13T12:00:00+02:00"))

            var expected: [(at: Date, due: Date, isLate: Bool)] = []
            for day in 11...13 {
                expected.append((local(calendar, 2026, 6, day, 7, 30), local(calendar, 2026, 6, day, 2, 0), true))
                expected.append((local(calendar, 2026, 6, day, 8, 0), local(calendar, 2026, 6, day, 8, 0), false))
            }
            #expect(daemon.delivered.map(\.at) == expected.map(\.at))
            #expect(daemon.dues == expected.map(\.due), "\(daemon.dues.map { show($0, calendar) })")
            #expect(daemon.delivered.map(\.isLate) == expected.map(\.isLate))
            #expect(daemon.delivered.map(\.delivery.isLate) == expected.map(\.isLate))
            #expect(daemon.delivered.allSatisfy { $0.delivery.due == $0.due })
            #expect(daemon.delivered.allSatisfy { !Self.inWindow($0.at, Self.night, calendar) })
            #expect(daemon.plans.allSatisfy { $0.plan.deliveries.count <= 1 })

            let wakes = daemon.wakeInstants
            #expect(strictlyIncreasing(wakes))
            #expect(wakes.allSatisfy { !Self.inWindow($0, Self.night, calendar) })
            #expect(
                wakes
                    == [7, 8, 7, 8, 7, 8, 7].enumerated().map { index, hour in
                        local(calendar, 2026, 6, 11 + index / 2, hour, hour == 7 ? 30 : 0)
                    })
        }

        /// A plan inside the window (from its start minute on) delivers nothing, keeps the cursor and wakes at the window's end.
        @Test(arguments: [
            ("2026-06-11T01:00:00+02:00", "2026-06-11T07:30:00+02:00"),
            ("2026-06-10T22:30:00+02:00", "2026-06-11T07:30:00+02:00"),
            ("2026-06-10T23:59:59+02:00", "2026-06-11T07:30:00+02:00"),
            ("2026-06-11T07:29:59+02:00", "2026-06-11T07:30:00+02:00"),
        ])
        func insideTheWindowWakesAtItsEnd(now: String, end: String) throws {
            let config = try config(zone: "Europe/Berlin", schedule: ["23:00", "02:00", "08:00"], quiet: Self.night)
            let state = JourneyState(firstRun: iso("2026-06-01T12:00:00+02:00"), handledThrough: iso("2026-06-10T12:00:00+02:00"))
            let plan = scheduler(config).plan(now: iso(now), state: state)
            #expect(plan.deliveries.isEmpty)
            #expect(plan.cursor == iso("2026-06-10T12:00:00+02:00"))
            #expect(plan.wake == iso(end))
        }

        /// At the end minute the window is over: the plan delivers the held prompt.
        @Test func atTheEndMinuteTheWindowIsOver() throws {
            let config = try config(zone: "Europe/Berlin", schedule: ["23:00", "02:00", "08:00"], quiet: Self.night)
            let state = JourneyState(firstRun: iso("2026-06-01T12:00:00+02:00"), handledThrough: iso("2026-06-10T12:00:00+02:00"))
            let plan = scheduler(config).plan(now: iso("2026-06-11T07:30:00+02:00"), state: state)
            #expect(
                plan.deliveries == [
                    Scheduler.PlannedDelivery(
                        event: TimelineEvent(kind: .prompt, due: iso("2026-06-11T02:00:00+02:00"), period: "them"), isLate: true)
                ])
            #expect(plan.cursor == iso("2026-06-11T07:30:00+02:00"))
            #expect(plan.wake == iso("2026-06-11T08:00:00+02:00"))
        }

        /// A window within a day (13:00-14:00): 13:45, the latest held, comes late at 14:00, 13:15 never; no wake inside; inside it wakes at 14:00.
        @Test func windowWithinADay() throws {
            let lunch = QuietHours(startMinute: 13 * 60, endMinute: 14 * 60)
            let config = try config(zone: "Europe/Berlin", schedule: ["12:00", "13:15", "13:45", "16:00"], quiet: lunch)
            let calendar = calendar("Europe/Berlin")
            var daemon = LoopDriver(scheduler(config), firstRun: iso("2026-06-10T11:00:00+02:00"))
            daemon.run(through: iso("2026-06-11T17:00:00+02:00"))
            var expected: [(at: Date, due: Date, isLate: Bool)] = []
            for day in 10...11 {
                expected.append((local(calendar, 2026, 6, day, 12, 0), local(calendar, 2026, 6, day, 12, 0), false))
                expected.append((local(calendar, 2026, 6, day, 14, 0), local(calendar, 2026, 6, day, 13, 45), true))
                expected.append((local(calendar, 2026, 6, day, 16, 0), local(calendar, 2026, 6, day, 16, 0), false))
            }
            #expect(daemon.delivered.map(\.at) == expected.map(\.at))
            #expect(daemon.dues == expected.map(\.due))
            #expect(daemon.delivered.map(\.isLate) == expected.map(\.isLate))
            let wakes = daemon.wakeInstants
            #expect(strictlyIncreasing(wakes))
            #expect(wakes.allSatisfy { !Self.inWindow($0, lunch, calendar) })
            #expect(wakes.last == local(calendar, 2026, 6, 12, 12, 0))
            // Inside this window too, a plan wakes at its end.
            let inside = daemon.scheduler.plan(now: local(calendar, 2026, 6, 12, 13, 20), state: daemon.state)
            #expect(inside.deliveries.isEmpty)
            #expect(inside.wake == local(calendar, 2026, 6, 12, 14, 0))
        }

        /// The same straddling window read from TOML (`quiet = "22:30-07:30"`) behaves the same.
        @Test func fromTOML() throws {
            let toml = """
                timezone = "Europe/Berlin"

                [[period]]
                name = "Sam"
                start = 2026-06-01
                milestones = []

                [prompts]
                schedule = ["23:00", "02:00", "08:00"]
                catch_up = "none"
                quiet = "22:30-07:30"
                """
            let config = try ConfigParser.parse(toml, file: "quiet.toml", zones: testZones)
            #expect(config.prompts.quiet == Self.night)
            var daemon = LoopDriver(scheduler(config), firstRun: iso("2026-06-10T12:00:00+02:00"))
            daemon.run(through: iso("2026-06-11T12:00:00+02:00"))
            #expect(daemon.dues == isos(["2026-06-11T02:00:00+02:00", "2026-06-11T08:00:00+02:00"]))
            #expect(daemon.delivered.map(\.at) == isos(["2026-06-11T07:30:00+02:00", "2026-06-11T08:00:00+02:00"]))
            #expect(daemon.delivered.map(\.isLate) == [true, false])
        }

        /// Prompts held by quiet windows that ended while the daemon was stopped follow catch_up: none delivers nothing, latest only the last prompt.
        @Test
        func heldByWindowsThatEndedWhileStoppedFollowCatchUp() throws {
            let state = JourneyState(firstRun: iso("2026-06-01T12:00:00+02:00"), handledThrough: iso("2026-06-10T12:00:00+02:00"))
            let now = iso("2026-06-20T20:00:00+02:00")
            let none = try config(zone: "Europe/Berlin", schedule: ["23:00", "02:00", "08:00"], catchUp: .none, quiet: Self.night)
            #expect(scheduler(none).plan(now: now, state: state).deliveries == [])
            let latest = try config(zone: "Europe/Berlin", schedule: ["23:00", "02:00", "08:00"], catchUp: .latest, quiet: Self.night)
            #expect(
                scheduler(latest).plan(now: now, state: state).deliveries == [
                    Scheduler.PlannedDelivery(
                        event: TimelineEvent(kind: .prompt, due: iso("2026-06-20T08:00:00+02:00"), period: "them"), isLate: true)
                ])
        }

        /// A window ending at a nonexistent wall time (23:00-02:00 on Berlin's spring day) still ends that night at 03:00 CEST, not a day later.
        @Test
        func windowEndingInTheSpringGap() throws {
            let window = QuietHours(startMinute: 23 * 60, endMinute: 2 * 60)
            let config = try config(zone: "Europe/Berlin", schedule: ["09:00", "21:00", "23:30"], catchUp: .latest, quiet: window)
            var daemon = LoopDriver(scheduler(config), firstRun: iso("2026-03-28T12:00:00+01:00"))
            daemon.run(through: iso("2026-03-29T22:00:00+02:00"))
            let calendar = daemon.timeline.zone
            #expect(
                daemon.delivered.map(\.at)
                    == isos([
                        "2026-03-28T21:00:00+01:00", "2026-03-29T03:00:00+02:00", "2026-03-29T09:00:00+02:00",
                        "2026-03-29T21:00:00+02:00",
                    ]), "\(daemon.delivered.map { show($0.at, calendar) })")
            #expect(
                daemon.dues
                    == isos([
                        "2026-03-28T21:00:00+01:00", "2026-03-28T23:30:00+01:00", "2026-03-29T09:00:00+02:00",
                        "2026-03-29T21:00:00+02:00",
                    ]))
            #expect(daemon.delivered.map(\.isLate) == [false, true, false, false])
        }
    }
}
