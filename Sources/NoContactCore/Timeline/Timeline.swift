#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif

/// A moment at which something is due: the pure answer to "what happens next, and when?".
public struct TimelineEvent: Sendable, Hashable, Codable {
    public var kind: DeliveryKind
    /// The scheduled wall-clock instant.
    public var due: Date
    /// The period the event belongs to.
    public var period: String
    /// For milestones: the milestone day. For the other kinds: 0.
    public var milestoneDay: Int

    public init(kind: DeliveryKind, due: Date, period: String, milestoneDay: Int = 0) {
        self.kind = kind
        self.due = due
        self.period = period
        self.milestoneDay = milestoneDay
    }

    /// Events at the same instant come in this order: milestones before the prompt they share
    /// a morning with, the readiness check last.
    static func precedes(_ left: TimelineEvent, _ right: TimelineEvent) -> Bool {
        if left.due != right.due { return left.due < right.due }
        if left.kind.rank != right.kind.rank { return left.kind.rank < right.kind.rank }
        return left.period < right.period
    }
}

/// What kind of thing is delivered; the raw value is the journal's `NOCONTACT_KIND`.
public enum DeliveryKind: String, Sendable, Codable, CaseIterable {
    case milestone, prompt
    case periodEnd = "period-end"

    var rank: Int {
        switch self {
        case .milestone: return 0
        case .prompt: return 1
        case .periodEnd: return 2
        }
    }
}

/// One delivery, composed and ready for the journal or the desktop.
public struct Delivery: Sendable, Equatable {
    public var kind: DeliveryKind
    /// The original due time, also for late deliveries.
    public var due: Date
    public var period: String
    public var day: Int
    public var promptID: String?
    /// A short headline, e.g. "Day 12 of 30 · a question for today".
    public var title: String
    /// The prompt or message itself.
    public var body: String
    /// Delivered after its time: the daemon was stopped, the machine slept, or quiet hours held it.
    public var isLate: Bool
    /// The period as shown outside the person's own commands (journal, notifications,
    /// commands): its name, or an opaque key such as `period-1` in discreet mode.
    public var periodLabel: String

    public init(
        kind: DeliveryKind, due: Date, period: String, day: Int, promptID: String?, title: String, body: String,
        isLate: Bool, periodLabel: String? = nil
    ) {
        self.kind = kind
        self.due = due
        self.period = period
        self.day = day
        self.promptID = promptID
        self.title = title
        self.body = body
        self.isLate = isLate
        self.periodLabel = periodLabel ?? period
    }
}

/// The configured events laid out in time: config + state + zone -> what is due when.
///
/// Pure: it takes the instant to look from and the zone to count in.
/// Prompts fall due on the schedule; a milestone and the end-of-period readiness check fall due
/// with the first prompt time of their day (09:00 when no prompt time falls on that day), so
/// they never wake anyone at midnight.
public struct Timeline: Sendable {
    public let config: Config
    public let zone: Zone
    private let prompts: LazyPromptLibrary
    /// The prompts that suit this config, built the first time a prompt is chosen.
    var library: PromptLibrary { prompts.library }

    /// When the day of a milestone has no prompt time: 09:00.
    static let fallbackAnchor: Schedule? = try? Schedule(parsing: "09:00")

    public init(config: Config, zone: Zone) {
        self.config = config
        self.zone = zone
        prompts = LazyPromptLibrary {
            let userPrompts = config.userPrompts.map { Prompt.user(text: $0.text, theme: $0.theme, days: $0.days) }
            var situations = config.prompts.situations
            if config.periods.contains(where: { $0.allow.contains(PromptTag.home.rawValue) }) { situations.insert(.home) }
            return PromptLibrary.builtin.with(userPrompts: userPrompts, includeBuiltin: config.prompts.builtin)
                .suited(hurt: config.prompts.hurt, situations: situations)
        }
    }

    /// All events at the earliest due instant strictly after `instant`, in delivery order.
    ///
    /// Nothing falls due while the person has paused (`nocontact pause`): events inside a
    /// pause are skipped, not held, so nothing piles up for its end.
    public func nextEvents(after instant: Date, state: JourneyState) -> [TimelineEvent] {
        var from = instant
        for _ in 0...state.pauses.count {
            let events = earliestEvents(after: from, state: state)
            guard let due = events.first?.due, let pause = state.pause(at: due) else { return events }
            // Strictly after a moment just before the pause ends: what is due at its end comes.
            from = max(due, pause.end.addingTimeInterval(-0.000_001))
        }
        return []
    }

    private func earliestEvents(after instant: Date, state: JourneyState) -> [TimelineEvent] {
        var earliest: [TimelineEvent] = []
        for event in candidates(after: instant, state: state) {
            guard let first = earliest.first else {
                earliest = [event]
                continue
            }
            if event.due < first.due {
                earliest = [event]
            } else if event.due == first.due {
                earliest.append(event)
            }
        }
        return earliest.sorted(by: TimelineEvent.precedes)
    }

    /// The first event strictly after `instant`, or nil when nothing is scheduled.
    public func nextEvent(after instant: Date, state: JourneyState) -> TimelineEvent? {
        nextEvents(after: instant, state: state).first
    }

    /// Events with `start < due <= end`, in order, at most `limit` of them (the earliest).
    public func events(after start: Date, through end: Date, state: JourneyState, limit: Int = 10_000) -> [TimelineEvent] {
        var found: [TimelineEvent] = []
        var cursor = start
        while found.count < limit {
            let batch = nextEvents(after: cursor, state: state)
            guard let due = batch.first?.due, due <= end else { break }
            found.append(contentsOf: batch.prefix(limit - found.count))
            cursor = due
        }
        return found
    }

    /// The next `count` events strictly after `instant`, in order.
    public func upcoming(after instant: Date, count: Int, state: JourneyState) -> [TimelineEvent] {
        events(after: instant, through: .distantFuture, state: state, limit: count)
    }

    /// Where every period stands on the local day of `now`.
    public func progress(now: Date, state: JourneyState) -> [PeriodProgress] {
        config.periods.map { progress(of: $0, at: now, state: state) }
    }

    // MARK: Candidates

    /// For each source of events, its first event after `instant`.
    private func candidates(after instant: Date, state: JourneyState) -> [TimelineEvent] {
        var events: [TimelineEvent] = []
        if let (due, period) = nextPromptTime(after: instant, state: state) {
            events.append(TimelineEvent(kind: .prompt, due: due, period: period.name))
        }
        for period in config.periods {
            events.append(contentsOf: periodEvents(period, after: instant, state: state))
        }
        return events
    }

    /// Where `period` stands on the local day of `instant`, slips and extensions included.
    public func progress(of period: PeriodConfig, at instant: Date, state: JourneyState) -> PeriodProgress {
        PeriodProgress.of(period, firstRun: state.firstRun, now: instant, zone: zone, history: state.history(of: period.name))
    }

    /// The next prompt time after `instant` at which a period is under way, and that period.
    ///
    /// Prompts speak to a period that has started and is not over: after the last one ends
    /// (or is closed) they stop, rather than counting "Day 35 of 30"; before a period starts
    /// they wait for its first day.
    private func nextPromptTime(after instant: Date, state: JourneyState) -> (Date, PeriodConfig)? {
        var from = instant
        // Each round either finds a period under way or moves to a later period's start.
        for _ in 0...(config.periods.count + 1) {
            guard let due = config.prompts.schedule.compactMap({ $0.nextElapse(after: from, in: zone) }).min() else {
                return nil
            }
            if let period = periodUnderWay(at: due, state: state) { return (due, period) }
            let today = LocalDate(due, in: zone)
            let laterStarts = config.periods.compactMap { period -> LocalDate? in
                let progress = progress(of: period, at: due, state: state)
                guard progress.day == 0, !progress.closed else { return nil }
                return progress.start
            }.filter { $0 > today }
            guard let start = laterStarts.min() else { return nil }
            from = max(due, zone.startOfDay(start).addingTimeInterval(-0.000_001))
        }
        return nil
    }

    /// The first period under way at `instant` (started, not over, not closed), if any.
    func periodUnderWay(at instant: Date, state: JourneyState) -> PeriodConfig? {
        config.periods.first { progress(of: $0, at: instant, state: state).isUnderWay }
    }

    /// The period's next milestone and its end, if still ahead of `instant`. Both count from
    /// the start of the current run (a slip restarts them) and include extensions. A closed
    /// period has none.
    private func periodEvents(_ period: PeriodConfig, after instant: Date, state: JourneyState) -> [TimelineEvent] {
        let history = state.history(of: period.name)
        if history.closedAt != nil { return [] }
        let start =
            PeriodProgress.runStarts(of: period, firstRun: state.firstRun, zone: zone, history: history).last
            ?? PeriodProgress.startDate(of: period, firstRun: state.firstRun, zone: zone)
        let today = LocalDate(instant, in: zone)
        // The anchor of a day can fall before midnight of the next only in odd zones; starting
        // one day back keeps a milestone due later today from being missed.
        let fromDay = max(1, start.days(until: today))
        var events: [TimelineEvent] = []
        for milestone in period.effectiveMilestones.sorted() where milestone >= fromDay {
            if let due = anchor(on: start.adding(days: milestone - 1)), due > instant {
                events.append(TimelineEvent(kind: .milestone, due: due, period: period.name, milestoneDay: milestone))
                break
            }
        }
        if let days = period.days.map({ $0 + history.extensionDays }), let due = anchor(on: start.adding(days: days)), due > instant {
            events.append(TimelineEvent(kind: .periodEnd, due: due, period: period.name))
        }
        return events
    }

    /// When the day's milestones fall due: its first prompt time, else 09:00.
    func anchor(on day: LocalDate) -> Date? {
        let startOfDay = zone.startOfDay(day)
        let justBefore = startOfDay.addingTimeInterval(-0.000_001)
        let firstPrompt = config.prompts.schedule.compactMap { $0.nextElapse(after: justBefore, in: zone) }.min()
        if let firstPrompt, LocalDate(firstPrompt, in: zone) == day { return firstPrompt }
        return Self.fallbackAnchor?.nextElapse(after: justBefore, in: zone)
    }

    /// The period that commands speak to at `instant`: the first one under way, else the one
    /// that ended last (for the readiness check), else the first.
    public func currentPeriod(at instant: Date, state: JourneyState) -> PeriodConfig {
        promptPeriod(at: instant, state: state).period
    }

    /// See ``currentPeriod(at:state:)``.
    func promptPeriod(at instant: Date, state: JourneyState) -> (period: PeriodConfig, progress: PeriodProgress) {
        // A config always has a period (the parser puts in the default); one built by hand
        // without any gets the default's.
        let periods = config.periods.isEmpty ? Config.builtinDefault.periods : config.periods
        let all = periods.map { ($0, progress(of: $0, at: instant, state: state)) }
        if let underWay = all.first(where: { $0.1.isUnderWay }) { return underWay }
        let ended = all.filter { $0.1.hasEnded }
        if let last = ended.max(by: { lastDay(of: $0.1, state: state, name: $0.0.name) < lastDay(of: $1.1, state: state, name: $1.0.name) })
        {
            return last
        }
        return all[0]
    }

    /// The day a period ended: its last day, or the day it was closed.
    private func lastDay(of progress: PeriodProgress, state: JourneyState, name: String) -> LocalDate {
        if progress.closed, let closedAt = state.history(of: name).closedAt { return LocalDate(closedAt, in: zone) }
        return progress.ends ?? progress.start
    }

    // MARK: Composing

    /// Composes what to deliver for `event`, choosing the prompt from `state`.
    ///
    /// In discreet mode (`[delivery] discreet`) titles are neutral and the period is shown by an
    /// opaque key: the other person's name is in nothing delivered.
    public func compose(_ event: TimelineEvent, state: JourneyState, isLate: Bool = false) -> Delivery {
        let period = config.periods.first { $0.name == event.period } ?? promptPeriod(at: event.due, state: state).period
        let progress = progress(of: period, at: event.due, state: state)
        let discreet = config.delivery.discreet
        let label = config.periodLabel(period.name)
        let dayLabel = progress.daysTotal.map { "Day \(progress.day) of \($0)" } ?? "Day \(progress.day)"
        switch event.kind {
        case .prompt:
            let prompt = choosePrompt(day: progress.day, daysTotal: progress.daysTotal, period: period, state: state)
            return Delivery(
                kind: .prompt, due: event.due, period: period.name, day: progress.day, promptID: prompt?.id,
                title: discreet ? "A question for today" : "\(dayLabel) · a question for today",
                body: prompt?.text ?? "Take a quiet minute for yourself today.", isLate: isLate, periodLabel: label)
        case .milestone:
            let history = state.history(of: period.name)
            let record = MilestoneMessages.Record(urgesMet: history.urgesMet, reflections: history.reflections)
            return Delivery(
                kind: .milestone, due: event.due, period: period.name, day: event.milestoneDay, promptID: nil,
                title: discreet ? "A small milestone" : "\(dayLabel) · a milestone",
                body: MilestoneMessages.message(forDay: event.milestoneDay, daysTotal: progress.daysTotal, record: record),
                isLate: isLate, periodLabel: label)
        case .periodEnd:
            let total = progress.daysTotal ?? progress.day
            return Delivery(
                kind: .periodEnd, due: event.due, period: period.name, day: progress.day, promptID: nil,
                title: discreet ? "A moment to check in" : "\(total) days of space · a readiness check",
                body: ReadinessCheck.deliveredText(daysOfSpace: total), isLate: isLate, periodLabel: label)
        }
    }

    /// The prompt the next delivery on `day` of `period` would bring, optionally of one theme.
    func choosePrompt(day: Int, daysTotal: Int?, period: PeriodConfig, state: JourneyState, theme: Theme? = nil) -> Prompt? {
        var situations = config.prompts.situations
        if period.allow.contains(PromptTag.home.rawValue) { situations.insert(.home) }
        let context = PromptSelectionContext(
            day: max(1, day), daysTotal: daysTotal, hasLogisticsContact: !period.allow.isEmpty,
            order: config.prompts.order, seed: Self.seed(for: state), recentDeliveries: state.recentPromptIDs,
            recentlyAnswered: state.recentlyAnsweredPromptIDs, deliveryIndex: state.deliveryCount, theme: theme,
            situations: situations, answered: Set(state.lastAnswered.keys))
        return PromptSelector(library: library).choose(context)
    }

    /// Today's prompt, or the one for `day` of the current period; nil when no prompt fits
    /// (e.g. a theme with no prompt for that day).
    ///
    /// Today's prompt stays the same all day until the next delivery: the prompt delivered
    /// today if there was one, else the one the next delivery would bring, chosen as if
    /// nothing had been answered today (so answering it does not swap it for another).
    public func prompt(forDay day: Int?, theme: Theme?, now: Date, state: JourneyState) -> (prompt: Prompt, day: Int)? {
        let (period, progress) = promptPeriod(at: now, state: state)
        let chosenDay = day ?? max(1, progress.day)
        let today = LocalDate(now, in: zone)
        if day == nil, theme == nil, let last = state.lastPromptDelivery, last.due <= now,
            LocalDate(last.due, in: zone) == today, let prompt = library.prompt(id: last.promptID)
        {
            return (prompt, chosenDay)
        }
        var asOfMorning = state
        if day == nil {
            let answeredToday = state.lastAnswered.filter { LocalDate($0.value, in: zone) == today }.keys
            asOfMorning.recentlyAnsweredPromptIDs.subtract(answeredToday)
        }
        return choosePrompt(day: chosenDay, daysTotal: progress.daysTotal, period: period, state: asOfMorning, theme: theme)
            .map { ($0, chosenDay) }
    }

    /// Every prompt available (built-in ones if enabled, and the user's), optionally of one theme.
    public func allPrompts(theme: Theme?) -> [Prompt] {
        library.prompts.filter { theme == nil || $0.theme == theme }
    }

    /// A seed that stays the same for one user's whole journey (shuffle order).
    static func seed(for state: JourneyState) -> UInt64 {
        UInt64(bitPattern: Int64(state.firstRun.timeIntervalSince1970.rounded()))
    }
}
