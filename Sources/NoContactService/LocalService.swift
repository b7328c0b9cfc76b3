public import Foundation
public import NoContactCore

/// Everything an answer is computed from, taken at one moment.
public struct ServiceSnapshot: Sendable {
    public var config: Config
    public var state: JourneyState
    public var timeZone: TimeZone

    public init(config: Config, state: JourneyState, timeZone: TimeZone) {
        self.config = config
        self.state = state
        self.timeZone = timeZone
    }

    /// A Gregorian calendar in the snapshot's zone: days are counted in it.
    public var calendar: Calendar {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        return calendar
    }
}

/// `NoContactService` computed in this process from config and state.
///
/// The daemon serves it over its socket; the CLI uses it directly when no daemon answers, so
/// both give the same answers for the same config and state.
public struct LocalService: NoContactService {
    private let snapshot: @Sendable () -> ServiceSnapshot
    private let now: @Sendable () -> Date

    /// - Parameters:
    ///   - snapshot: the current config and state (the daemon's change on reload).
    ///   - now: the clock; tests inject a fixed one.
    public init(snapshot: @escaping @Sendable () -> ServiceSnapshot, now: @escaping @Sendable () -> Date = { Date() }) {
        self.snapshot = snapshot
        self.now = now
    }

    public func days() throws(ServiceError) -> [PeriodProgress] {
        let current = snapshot()
        return Timeline(config: current.config, calendar: current.calendar).progress(now: now(), state: current.state)
    }

    public func upcoming(count: Int) throws(ServiceError) -> [UpcomingEvent] {
        guard (1...upcomingLimit).contains(count) else {
            throw .invalidRequest("count must be from 1 to \(upcomingLimit), not \(count)")
        }
        let current = snapshot()
        return Timeline(config: current.config, calendar: current.calendar)
            .upcoming(after: max(now(), current.state.cursor), count: count, state: current.state)
            .map { UpcomingEvent($0, in: current.timeZone) }
    }

    public func status() throws(ServiceError) -> ServiceStatus {
        let current = snapshot()
        let instant = now()
        let timeline = Timeline(config: current.config, calendar: current.calendar)
        return ServiceStatus(
            version: noContactVersion,
            config: current.config.source ?? "built-in",
            timezone: current.timeZone.identifier,
            periods: timeline.progress(now: instant, state: current.state),
            next: timeline.nextEvent(after: instant, state: current.state).map { UpcomingEvent($0, in: current.timeZone) })
    }
}
