public import Foundation

/// A moment at which something is due: the pure answer to "what happens next, and when?".
public struct TimelineEvent: Sendable, Equatable, Codable {
    public var kind: DeliveryKind
    /// The scheduled wall-clock instant.
    public var due: Date
    /// The period the event belongs to.
    public var period: String

    public init(kind: DeliveryKind, due: Date, period: String) {
        self.kind = kind
        self.due = due
        self.period = period
    }
}

/// What kind of thing is delivered; the raw value is the journal's `NOCONTACT_KIND`.
public enum DeliveryKind: String, Sendable, Codable, CaseIterable {
    case prompt, milestone
    case periodEnd = "period-end"
}

/// One delivery, composed and ready for the journal or the desktop.
public struct Delivery: Sendable, Equatable {
    public var kind: DeliveryKind
    public var due: Date
    public var period: String
    public var day: Int
    public var promptID: String?
    /// A short headline, e.g. "Day 12 of 30 · a question for today".
    public var title: String
    /// The prompt or message itself.
    public var body: String
}

/// The configured events laid out in time: config + state + calendar -> what is due when.
///
/// Pure: it takes the instant to look from and the calendar (with its zone) to count in.
public struct Timeline: Sendable {
    public let config: Config
    public let calendar: Calendar
    let library: PromptLibrary

    public init(config: Config, calendar: Calendar) {
        self.config = config
        self.calendar = calendar
        let userPrompts = config.userPrompts.map { Prompt.user(text: $0.text, theme: $0.theme, days: $0.days) }
        library = PromptLibrary.builtin.with(userPrompts: userPrompts, includeBuiltin: config.prompts.builtin)
    }

    /// The first event strictly after `instant`, or nil when nothing is scheduled.
    public func nextEvent(after instant: Date, state: JourneyState) -> TimelineEvent? {
        let dues = config.prompts.schedule.compactMap { $0.nextElapse(after: instant, in: calendar) }
        guard let due = dues.min() else { return nil }
        return TimelineEvent(kind: .prompt, due: due, period: promptPeriod(at: due, state: state).period.name)
    }

    /// The next `count` events strictly after `instant`, in order.
    public func upcoming(after instant: Date, count: Int, state: JourneyState) -> [TimelineEvent] {
        var events: [TimelineEvent] = []
        var cursor = instant
        while events.count < count, let event = nextEvent(after: cursor, state: state) {
            events.append(event)
            cursor = event.due
        }
        return events
    }

    /// Where every period stands on the local day of `now`.
    public func progress(now: Date, state: JourneyState) -> [PeriodProgress] {
        config.periods.map { PeriodProgress.of($0, firstRun: state.firstRun, now: now, calendar: calendar) }
    }

    /// The period a prompt at `instant` speaks to: the first one under way, else the first.
    func promptPeriod(at instant: Date, state: JourneyState) -> (period: PeriodConfig, progress: PeriodProgress) {
        let all = config.periods.map { ($0, PeriodProgress.of($0, firstRun: state.firstRun, now: instant, calendar: calendar)) }
        return all.first { $0.1.day >= 1 && !$0.1.hasEnded } ?? all[0]
    }

    /// Composes what to deliver for `event`, choosing the prompt from `state`.
    public func compose(_ event: TimelineEvent, state: JourneyState) -> Delivery {
        let (period, progress) = promptPeriod(at: event.due, state: state)
        let context = PromptSelectionContext(
            day: max(1, progress.day), daysTotal: progress.daysTotal, hasLogisticsContact: !period.allow.isEmpty,
            order: config.prompts.order, seed: Self.seed(for: state), recentDeliveries: state.recentPromptIDs,
            recentlyAnswered: [], deliveryIndex: state.deliveryCount)
        let prompt = PromptSelector(library: library).choose(context)
        let dayLabel = progress.daysTotal.map { "Day \(progress.day) of \($0)" } ?? "Day \(progress.day)"
        return Delivery(
            kind: .prompt, due: event.due, period: period.name, day: progress.day, promptID: prompt?.id,
            title: "\(dayLabel) · a question for today",
            body: prompt?.text ?? "Take a quiet minute for yourself today.")
    }

    /// A seed that stays the same for one user's whole journey (shuffle order).
    static func seed(for state: JourneyState) -> UInt64 {
        UInt64(bitPattern: Int64(state.firstRun.timeIntervalSince1970.rounded()))
    }
}
