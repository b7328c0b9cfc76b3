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

    public func prompt(day: Int?, theme: String?) throws(ServiceError) -> PromptInfo? {
        if let day, !(1...36_500).contains(day) {
            throw .invalidRequest("day must be from 1 to 36500, not \(day)")
        }
        let chosenTheme = try Self.theme(named: theme)
        let current = snapshot()
        let timeline = Timeline(config: current.config, calendar: current.calendar)
        return timeline.prompt(forDay: day, theme: chosenTheme, now: now(), state: current.state).map { PromptInfo($0.prompt, day: $0.day) }
    }

    public func prompts(theme: String?) throws(ServiceError) -> [PromptInfo] {
        let chosenTheme = try Self.theme(named: theme)
        let current = snapshot()
        return Timeline(config: current.config, calendar: current.calendar).allPrompts(theme: chosenTheme).map { PromptInfo($0, day: nil) }
    }

    static func theme(named name: String?) throws(ServiceError) -> Theme? {
        guard let name else { return nil }
        guard let theme = Theme(rawValue: name) else {
            throw .invalidRequest("\"\(name)\" is not a theme; choose one of: \(Theme.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        return theme
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
