#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif

/// The daemon's scheduling brain, as a pure function of time: given what was handled and the
/// current instant, it says what to deliver now and when to wake next.
///
/// The daemon calls `plan` on start, when its one timer fires, after the clock or the time zone
/// changed, and after a reload. Everything due in `(cursor, now]` is handled exactly once:
/// - on time (at most `lateAfter` past due): delivered;
/// - held by quiet hours: delivered once when the window ends, the latest of each kind;
/// - missed while the daemon was stopped, the machine slept or the clock jumped forward:
///   delivered as the catch-up policy says (none, the latest of each kind, or all), marked late.
///   With "latest" a plan delivers at most one event of each kind and period in all: the latest
///   of what was missed, held and just due together.
/// A clock that jumps backward never makes anything fire twice: the cursor never moves back.
public struct Scheduler: Sendable {
    /// What the daemon should do now.
    public struct Plan: Sendable, Equatable {
        /// Deliver these, in order.
        public var deliveries: [PlannedDelivery]
        /// Record this as handled, before delivering (so a crash never delivers twice).
        public var cursor: Date
        /// Arm the timer for this instant; nil when nothing is scheduled.
        public var wake: Date?
    }

    /// One event to deliver and whether it is late.
    public struct PlannedDelivery: Sendable, Equatable {
        public var event: TimelineEvent
        public var isLate: Bool
    }

    /// How long past its due time an event still counts as on time.
    public static let defaultLateAfter: TimeInterval = 60
    /// The most events one catch-up delivers with `catch_up = "all"`.
    public static let catchUpLimit = 100

    public let timeline: Timeline
    public let lateAfter: TimeInterval

    public init(timeline: Timeline, lateAfter: TimeInterval = Scheduler.defaultLateAfter) {
        self.timeline = timeline
        self.lateAfter = lateAfter
    }

    /// What to do at `now`, given that everything up to `state.cursor` was handled.
    public func plan(now: Date, state: JourneyState) -> Plan {
        let cursor = state.cursor
        let zone = timeline.zone
        let quiet = timeline.config.prompts.quiet
        // Inside quiet hours nothing is delivered: the cursor stays, so what fell due is still
        // there (also after a crash) when the window ends.
        if let quiet, quiet.contains(now, in: zone) {
            return Plan(deliveries: [], cursor: cursor, wake: quiet.end(after: now, in: zone))
        }
        guard now > cursor else {
            // The clock went back: keep waiting for what comes after the cursor.
            return Plan(deliveries: [], cursor: cursor, wake: wake(after: cursor, state: state))
        }
        var onTime: [TimelineEvent] = []
        var held: [TimelineEvent] = []
        // Missed events are only ever needed as the latest of each kind, or the last
        // `catchUpLimit`: kept that way, a long downtime with a frequent schedule (a minutely
        // prompt over months) costs time once but never memory.
        var latestMissed: [String: TimelineEvent] = [:]
        var lastMissed: [TimelineEvent] = []
        var searchFrom = cursor
        while true {
            let batch = timeline.nextEvents(after: searchFrom, state: state)
            guard let batchDue = batch.first?.due, batchDue <= now else { break }
            searchFrom = batchDue
            for event in batch {
                // Held only by a window that just ended; one that ended long ago (the daemon
                // was stopped) makes its events missed like any other, so catch_up decides.
                if let quiet, quiet.contains(event.due, in: zone),
                    let end = quiet.end(after: event.due, in: zone), now.timeIntervalSince(end) <= lateAfter
                {
                    held.append(event)
                } else if now.timeIntervalSince(event.due) <= lateAfter {
                    onTime.append(event)
                } else {
                    latestMissed[Self.kindKey(event)] = event
                    lastMissed.append(event)
                    if lastMissed.count > 2 * Self.catchUpLimit { lastMissed.removeFirst(Self.catchUpLimit) }
                }
            }
        }
        let caughtUp: [TimelineEvent]
        let chosen: [TimelineEvent]
        switch timeline.config.prompts.catchUp {
        case .none:
            caughtUp = []
            chosen = (Self.latestOfEachKind(held) + onTime).sorted(by: TimelineEvent.precedes)
        case .latest:
            // One wake delivers at most one event of each kind and period, whatever the mix of
            // missed, held and just-due: at a boot, a prompt 98 s overdue and one due 38 s ago
            // are one prompt (the later), not two in a row.
            caughtUp = Array(latestMissed.values)
            chosen = Self.latestOfEachKind((caughtUp + held + onTime).sorted(by: TimelineEvent.precedes))
        case .all:
            caughtUp = Array(lastMissed.suffix(Self.catchUpLimit))
            chosen = (caughtUp + Self.latestOfEachKind(held) + onTime).sorted(by: TimelineEvent.precedes)
        }
        let late = Set(caughtUp + held)
        return Plan(
            deliveries: chosen.map { PlannedDelivery(event: $0, isLate: late.contains($0)) },
            cursor: now,
            wake: wake(after: now, state: state))
    }

    /// The next instant worth waking for: the next event, or the end of the quiet hours it
    /// falls in (no wake-ups during quiet hours).
    func wake(after instant: Date, state: JourneyState) -> Date? {
        guard let next = timeline.nextEvent(after: instant, state: state) else { return nil }
        if let quiet = timeline.config.prompts.quiet, quiet.contains(next.due, in: timeline.zone) {
            return quiet.end(after: next.due, in: timeline.zone) ?? next.due
        }
        return next.due
    }

    /// The last event of each kind and period, in their original order.
    static func latestOfEachKind(_ events: [TimelineEvent]) -> [TimelineEvent] {
        var latest: [String: TimelineEvent] = [:]
        for event in events {
            latest[kindKey(event)] = event
        }
        return latest.values.sorted(by: TimelineEvent.precedes)
    }

    /// Events that "the latest of each kind" keeps apart: kind and period.
    static func kindKey(_ event: TimelineEvent) -> String {
        "\(event.kind.rawValue)\u{0}\(event.period)"
    }
}
