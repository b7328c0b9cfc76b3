public import Foundation
public import NoContactCore
public import NoContactStore

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

/// The config in force and the zone days are counted in (the daemon's change on reload).
public struct ServiceConfiguration: Sendable {
    public var config: Config
    public var timeZone: TimeZone

    public init(config: Config, timeZone: TimeZone) {
        self.config = config
        self.timeZone = timeZone
    }
}

/// `NoContactService` computed in this process from config and the journey store.
///
/// The daemon serves it over its socket; the CLI uses it directly when no daemon answers, so
/// both give the same answers for the same config and store.
public struct LocalService: NoContactService {
    /// Longest reflection or unsent message accepted, in characters.
    public static let maximumTextLength = 100_000
    /// Longest note or trigger accepted, in characters.
    public static let maximumNoteLength = 1_000

    private let source: @Sendable (Date) throws(ServiceError) -> ServiceSnapshot
    private let store: JourneyStore?
    private let now: @Sendable () -> Date
    private let didRecord: @Sendable () -> Void
    private let channels: @Sendable () -> [ChannelReport]

    /// A service over the journey store.
    /// - Parameters:
    ///   - configuration: the config in force (the daemon's changes on reload).
    ///   - now: the clock; tests inject a fixed one.
    ///   - didRecord: called after anything was recorded (the daemon replans: a slip moves milestones).
    ///   - channels: the delivery channels' state (the daemon's; none when answering offline).
    public init(
        store: JourneyStore, configuration: @escaping @Sendable () -> ServiceConfiguration,
        now: @escaping @Sendable () -> Date = { Date() }, didRecord: @escaping @Sendable () -> Void = {},
        channels: @escaping @Sendable () -> [ChannelReport] = { [] }
    ) {
        self.store = store
        self.now = now
        self.didRecord = didRecord
        self.channels = channels
        let cache = PlanningStateCache()
        source = { (instant: Date) throws(ServiceError) -> ServiceSnapshot in
            let current = configuration()
            do throws(StoreError) {
                return ServiceSnapshot(config: current.config, state: try cache.state(of: store, now: instant), timeZone: current.timeZone)
            } catch {
                throw .storage(error.description)
            }
        }
    }

    /// A read-only service over a fixed snapshot: recording anything is refused.
    public init(snapshot: @escaping @Sendable () -> ServiceSnapshot, now: @escaping @Sendable () -> Date = { Date() }) {
        store = nil
        self.now = now
        didRecord = {}
        channels = { [] }
        source = { _ in snapshot() }
    }

    private func current() throws(ServiceError) -> (snapshot: ServiceSnapshot, timeline: Timeline, now: Date) {
        let instant = now()
        let snapshot = try source(instant)
        return (snapshot, Timeline(config: snapshot.config, calendar: snapshot.calendar), instant)
    }

    // MARK: Reading

    public func days() throws(ServiceError) -> [PeriodProgress] {
        let (snapshot, timeline, instant) = try current()
        return timeline.progress(now: instant, state: snapshot.state)
    }

    public func upcoming(count: Int) throws(ServiceError) -> [UpcomingEvent] {
        guard (1...upcomingLimit).contains(count) else {
            throw .invalidRequest("count must be from 1 to \(upcomingLimit), not \(count)")
        }
        let (snapshot, timeline, instant) = try current()
        return timeline.upcoming(after: max(instant, snapshot.state.cursor), count: count, state: snapshot.state)
            .map { UpcomingEvent($0, in: snapshot.timeZone) }
    }

    public func prompt(day: Int?, theme: String?) throws(ServiceError) -> PromptInfo? {
        if let day, !(1...36_500).contains(day) {
            throw .invalidRequest("day must be from 1 to 36500, not \(day)")
        }
        let chosenTheme = try Self.theme(named: theme)
        let (snapshot, timeline, instant) = try current()
        return timeline.prompt(forDay: day, theme: chosenTheme, now: instant, state: snapshot.state).map { PromptInfo($0.prompt, day: $0.day) }
    }

    public func prompts(theme: String?) throws(ServiceError) -> [PromptInfo] {
        let chosenTheme = try Self.theme(named: theme)
        return try current().timeline.allPrompts(theme: chosenTheme).map { PromptInfo($0, day: nil) }
    }

    public func status() throws(ServiceError) -> ServiceStatus {
        let (snapshot, timeline, instant) = try current()
        return ServiceStatus(
            version: noContactVersion,
            config: snapshot.config.source ?? "built-in",
            timezone: snapshot.timeZone.identifier,
            periods: timeline.progress(now: instant, state: snapshot.state),
            next: timeline.nextEvent(after: max(instant, snapshot.state.cursor), state: snapshot.state).map { UpcomingEvent($0, in: snapshot.timeZone) },
            channels: channels())
    }

    public func history(since: Date?, kinds: [HistoryKind]?) throws(ServiceError) -> [HistoryEntry] {
        let store = try writableStore()
        do {
            return try store.history(since: since, kinds: kinds.map(Set.init))
        } catch {
            throw .storage(error.description)
        }
    }

    public func stats() throws(ServiceError) -> [PeriodReport] {
        let (snapshot, _, instant) = try current()
        let entries = try history(since: nil, kinds: nil)
        return snapshot.config.periods.map { period in
            var reflections = 0, urges = 0, resisted = 0, logistics = 0
            var milestones: [Int] = []
            for entry in entries {
                switch entry {
                case let .reflection(reflection) where reflection.period == period.name: reflections += 1
                case let .urge(urge) where urge.period == period.name:
                    urges += 1
                    if urge.resisted { resisted += 1 }
                case let .contact(contact) where contact.period == period.name && contact.kind != .slip: logistics += 1
                case let .delivery(delivery) where delivery.period == period.name && delivery.kind == .milestone:
                    milestones.append(delivery.day)
                default: break
                }
            }
            return PeriodReport(
                stats: PeriodStats.of(period, state: snapshot.state, now: instant, calendar: snapshot.calendar),
                reflections: reflections, urges: urges, urgesResisted: resisted, logisticsContacts: logistics,
                milestonesReached: milestones)
        }
    }

    // MARK: Recording

    public func reflect(_ request: ReflectRequest) throws(ServiceError) -> JourneyReceipt {
        let text = request.text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !text.isEmpty else { throw .invalidRequest("the reflection is empty; nothing was saved") }
        try Self.check(request.text, named: "the reflection", limit: Self.maximumTextLength)
        try Self.check(request.mood, named: "mood", range: 1...5)
        let (snapshot, timeline, instant) = try current()
        let period = try Self.period(named: request.period, in: snapshot, timeline: timeline, at: instant)
        var promptText: String?
        if let promptID = request.promptID {
            guard let prompt = timeline.allPrompts(theme: nil).first(where: { $0.id == promptID }) else {
                throw .invalidRequest("there is no prompt with the id \"\(promptID)\"; `nocontact prompts` lists them")
            }
            promptText = prompt.text
        }
        let progress = timeline.progress(of: period, at: instant, state: snapshot.state)
        let saved = try record { (store: JourneyStore) throws(StoreError) in
            try store.add(Reflection(
                recordedAt: instant, period: period.name, day: progress.day, promptID: request.promptID,
                promptText: promptText, mood: request.mood, text: request.text))
        }
        return try receipt(id: saved.id, period: period, message: "Saved, on day \(progress.day) of \(period.name)'s period. Thank you for taking the time.")
    }

    public func urge(_ request: UrgeRequest) throws(ServiceError) -> JourneyReceipt {
        try Self.check(request.intensity, named: "intensity", range: 1...5)
        try Self.check(request.trigger, named: "the trigger", limit: Self.maximumNoteLength)
        try Self.check(request.unsentMessage, named: "the unsent message", limit: Self.maximumTextLength)
        let (snapshot, timeline, instant) = try current()
        let period = try Self.period(named: request.period, in: snapshot, timeline: timeline, at: instant)
        let progress = timeline.progress(of: period, at: instant, state: snapshot.state)
        let saved = try record { (store: JourneyStore) throws(StoreError) in
            try store.add(Urge(
                recordedAt: instant, period: period.name, day: progress.day, intensity: request.intensity ?? 3,
                trigger: request.trigger, resisted: request.resisted ?? true, unsentMessage: request.unsentMessage))
        }
        let message = SupportMessages.afterUrge(daysSoFar: progress.daysOfSpace, seed: UInt64(bitPattern: saved.id ?? 0))
        return try receipt(id: saved.id, period: period, message: message)
    }

    public func contact(_ request: ContactRequest) throws(ServiceError) -> JourneyReceipt {
        try Self.check(request.note, named: "the note", limit: Self.maximumNoteLength)
        try Self.check(request.trigger, named: "the trigger", limit: Self.maximumNoteLength)
        let (snapshot, timeline, instant) = try current()
        let period = try Self.period(named: request.period, in: snapshot, timeline: timeline, at: instant)
        let kind = Contact.Kind(name: request.kind)
        if case let .logistics(name) = kind, !period.allow.contains(name) {
            let allowed = period.allow.isEmpty ? "allows no logistics contact" : "allows \(period.allow.joined(separator: ", "))"
            throw .invalidRequest(
                "\(period.name)'s period \(allowed), not \"\(name)\". If it is necessary logistics, add \"\(name)\" to allow in the config; otherwise `nocontact slip` records it, without judgement")
        }
        let progress = timeline.progress(of: period, at: instant, state: snapshot.state)
        let saved = try record { (store: JourneyStore) throws(StoreError) in
            try store.add(Contact(recordedAt: instant, period: period.name, day: progress.day, kind: kind, note: request.note, trigger: request.trigger))
        }
        let message: String
        switch kind {
        case .slip: message = SupportMessages.afterSlip(daysOfSpaceBefore: progress.daysOfSpace, periodName: period.name)
        case let .logistics(name): message = "Noted as contact about \(name). Necessary logistics never breaks your period: you are still on day \(progress.day)."
        }
        return try receipt(id: saved.id, period: period, message: message)
    }

    public func extend(period name: String?, days: Int) throws(ServiceError) -> JourneyReceipt {
        try Self.check(days, named: "days", range: 1...3650)
        let (snapshot, timeline, instant) = try current()
        let period = try Self.period(named: name, in: snapshot, timeline: timeline, at: instant)
        guard period.days != nil else {
            throw .invalidRequest("\(period.name)'s period is open-ended, so there is no end to extend")
        }
        let saved = try record { (store: JourneyStore) throws(StoreError) in
            try store.add(PeriodExtension(recordedAt: instant, period: period.name, days: days))
        }
        // The receipt already reads the period as extended: its message is written from it.
        var extended = try receipt(id: saved.id, period: period, message: "")
        let progress = extended.progress
        extended.message = "\(period.name)'s period is now \(progress.daysTotal ?? 0) days long and ends on \(progress.ends.map(\.description) ?? "?"). Taking more time is a choice worth respecting."
        return extended
    }

    // MARK: Helpers

    private func writableStore() throws(ServiceError) -> JourneyStore {
        guard let store else { throw .storage("this answer comes from a fixed snapshot; nothing can be recorded") }
        return store
    }

    private func record<Saved>(_ write: (JourneyStore) throws(StoreError) -> Saved) throws(ServiceError) -> Saved {
        let store = try writableStore()
        let saved: Saved
        do {
            saved = try write(store)
        } catch {
            throw .storage(error.description)
        }
        didRecord()
        return saved
    }

    private func receipt(id: Int64?, period: PeriodConfig, message: String) throws(ServiceError) -> JourneyReceipt {
        let (snapshot, timeline, instant) = try current()
        let stats = PeriodStats.of(period, state: snapshot.state, now: instant, calendar: timeline.calendar)
        return JourneyReceipt(id: id ?? 0, period: period.name, progress: stats.current, totalDaysOfSpace: stats.totalDaysOfSpace, message: message)
    }

    /// The named period, or the one under way when no name is given.
    static func period(named name: String?, in snapshot: ServiceSnapshot, timeline: Timeline, at instant: Date) throws(ServiceError) -> PeriodConfig {
        guard let name else { return timeline.currentPeriod(at: instant, state: snapshot.state) }
        guard let period = snapshot.config.periods.first(where: { $0.name == name }) else {
            throw .periodNotFound(name: name, known: snapshot.config.periods.map(\.name))
        }
        return period
    }

    static func theme(named name: String?) throws(ServiceError) -> Theme? {
        guard let name else { return nil }
        guard let theme = Theme(rawValue: name) else {
            throw .invalidRequest("\"\(name)\" is not a theme; choose one of: \(Theme.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        return theme
    }

    static func check(_ value: Int?, named name: String, range: ClosedRange<Int>) throws(ServiceError) {
        guard let value, !range.contains(value) else { return }
        throw .invalidRequest("\(name) must be from \(range.lowerBound) to \(range.upperBound), not \(value)")
    }

    static func check(_ text: String?, named name: String, limit: Int) throws(ServiceError) {
        guard let text, text.count > limit else { return }
        throw .invalidRequest("\(name) is \(text.count) characters long; at most \(limit) are kept")
    }
}
