import Foundation
import Testing

@testable import NoContactCore

/// Unit tests of the pure `Scheduler`, driven by a test clock and the daemon's loop
/// (`DeliveryLoop`, over in-memory shells).
///
/// The topic suites (DST, month ends, catch-up, clock jumps, quiet hours, milestones, long runs)
/// are nested in extensions of this type, in the other files of this folder, and use the helpers
/// below. Nothing here reads the real clock or sleeps.
@Suite("Scheduler")
struct SchedulerTests {
    // MARK: Instants

    /// A Gregorian calendar counting in the zone `identifier`.
    static func calendar(_ identifier: String) -> Calendar { testCalendar(identifier) }

    /// The instant written in ISO 8601 with an explicit offset, e.g. "2026-10-25T02:30:00+02:00".
    static func iso(_ text: String) -> Date { instant(text) }

    /// The instants of several ISO 8601 strings.
    static func isos(_ texts: [String]) -> [Date] {
        texts.map { iso($0) }
    }

    /// The wall-clock instant `year-month-day hour:minute` in `calendar`'s zone (not for times in a
    /// DST gap or overlap: write those with `iso` and an explicit offset).
    static func local(_ calendar: Calendar, _ year: Int, _ month: Int, _ day: Int, _ hour: Int, _ minute: Int, _ second: Int = 0) -> Date {
        calendar.date(from: DateComponents(year: year, month: month, day: day, hour: hour, minute: minute, second: second))!
    }

    /// An instant printed in UTC and in `calendar`'s zone, for failure messages.
    static func show(_ instant: Date, _ calendar: Calendar) -> String {
        let offset = calendar.timeZone.secondsFromGMT(for: instant)
        var shifted = Calendar(identifier: .gregorian)
        shifted.timeZone = TimeZone(secondsFromGMT: offset)!
        let parts = shifted.dateComponents([.year, .month, .day, .hour, .minute, .second], from: instant)
        let sign = offset < 0 ? "-" : "+"
        return String(
            format: "%04d-%02d-%02dT%02d:%02d:%02d%@%02d:%02d", parts.year!, parts.month!, parts.day!, parts.hour!,
            parts.minute!, parts.second!, sign, abs(offset) / 3600, abs(offset) % 3600 / 60)
    }

    /// `show` with the zone's oracle calendar.
    static func show(_ instant: Date, _ zone: Zone) -> String {
        show(instant, zone.oracle)
    }

    // MARK: Configs

    /// A period with no milestones and no end: only prompts appear on its timeline.
    static func promptsOnlyPeriod(_ name: String = "them") -> PeriodConfig {
        PeriodConfig(name: name, start: .date(LocalDate(year: 2020, month: 1, day: 1)), days: nil, milestones: [], allow: [])
    }

    /// A config counting in `zone`, built directly (no TOML).
    static func config(
        zone: String, schedule: [String], periods: [PeriodConfig]? = nil,
        catchUp: CatchUpPolicy = .latest, quiet: QuietHours? = nil
    ) throws -> Config {
        let timeZone = testZone(zone)
        return Config(
            source: "scheduler-test.toml", timeZone: timeZone, periods: periods ?? [promptsOnlyPeriod()],
            prompts: PromptsConfig(
                schedule: try schedule.map { try Schedule(parsing: $0, localZone: timeZone) }, catchUp: catchUp, quiet: quiet),
            userPrompts: [], delivery: DeliveryConfig(), socket: SocketConfig())
    }

    /// The scheduler of `config`, counting in its zone.
    static func scheduler(_ config: Config) -> Scheduler {
        Scheduler(timeline: Timeline(config: config, zone: config.timeZone!))
    }

    // MARK: Test clock and the loop

    /// The test clock: the current instant, moved only by the test.
    struct TestClock {
        private(set) var now: Date

        init(_ now: Date) { self.now = now }

        /// Moves forward (or, with a negative interval, backward) by `seconds`.
        mutating func advance(by seconds: TimeInterval) { now = now.addingTimeInterval(seconds) }

        /// Jumps to `instant`, forward or backward (a clock change, a resume, a timer firing).
        mutating func set(_ instant: Date) { now = instant }
    }

    /// One delivery the loop made.
    struct Delivered: Equatable {
        /// The instant of the plan that delivered it.
        var at: Date
        var planned: Scheduler.PlannedDelivery
        var delivery: Delivery

        var event: TimelineEvent { planned.event }
        var due: Date { planned.event.due }
        var kind: DeliveryKind { planned.event.kind }
        var isLate: Bool { planned.isLate }
    }

    /// The daemon's real loop (`DeliveryLoop`) over in-memory shells, driven by a test clock:
    /// each step is one wake at the clock's instant; `run` sleeps from timer to timer.
    struct LoopDriver {
        /// Replace it to simulate a reload or a time zone change; the store and clock stay.
        /// The loop plans with its timeline (config and zone) and the default `lateAfter`.
        var scheduler: Scheduler
        var clock: TestClock
        /// Every delivery so far, in delivery order.
        private(set) var delivered: [Delivered] = []
        /// The loop's timer after every wake so far, in wake order (nil: cancelled, nothing scheduled).
        private(set) var wakes: [Date?] = []
        /// Every plan so far with the instant it was made at.
        private(set) var plans: [(now: Date, plan: Scheduler.Plan)] = []
        private let shells: LoopShells

        /// A daemon started for the first time at `firstRun`, its clock reading `firstRun`.
        init(_ scheduler: Scheduler, firstRun: Date) {
            self.scheduler = scheduler
            clock = TestClock(firstRun)
            shells = LoopShells(
                config: scheduler.timeline.config, zone: scheduler.timeline.zone, state: JourneyState(firstRun: firstRun), now: firstRun)
        }

        var timeline: Timeline { scheduler.timeline }

        /// The journey as the store holds it.
        var state: JourneyState { shells.store.state }

        /// One wake of the loop at the clock's instant, with the scheduler's config and zone.
        @discardableResult
        mutating func step() -> Scheduler.Plan {
            shells.clock.instant = clock.now
            shells.settings.config = scheduler.timeline.config
            shells.settings.zone = scheduler.timeline.zone
            let wake = shells.deliveryLoop.wake()
            for (planned, delivery) in zip(wake.plan.deliveries, wake.deliveries) {
                delivered.append(Delivered(at: clock.now, planned: planned, delivery: delivery))
            }
            wakes.append(shells.timer.deadline)
            plans.append((clock.now, wake.plan))
            return wake.plan
        }

        /// Wakes now, then keeps jumping the clock to the loop's timer and waking again, while
        /// the timer is at or before `end`. Stops (and records an issue) if a timer does not move
        /// the clock forward, which would make a real daemon spin.
        mutating func run(through end: Date, sourceLocation: SourceLocation = #_sourceLocation) {
            step()
            var steps = 0
            while let wake = shells.timer.deadline, wake <= end {
                guard wake > clock.now else {
                    Issue.record("wake \(wake) is not after now \(clock.now)", sourceLocation: sourceLocation)
                    return
                }
                steps += 1
                guard steps < 100_000 else {
                    Issue.record("more than 100000 wake-ups", sourceLocation: sourceLocation)
                    return
                }
                clock.set(wake)
                step()
            }
        }

        /// The due instants of everything delivered, in delivery order.
        var dues: [Date] { delivered.map(\.due) }

        /// The non-nil wakes, in plan order.
        var wakeInstants: [Date] { wakes.compactMap { $0 } }
    }

    /// Whether every instant is strictly later than the one before.
    static func strictlyIncreasing(_ instants: [Date]) -> Bool {
        zip(instants, instants.dropFirst()).allSatisfy { $0 < $1 }
    }

    /// Whether no event was delivered twice.
    static func noDuplicates(_ delivered: [Delivered]) -> Bool {
        Set(delivered.map(\.event)).count == delivered.count
    }
}
