package import NoContactCore
package import NoContactStore

#if canImport(FoundationEssentials)
package import FoundationEssentials
#else
package import Foundation
#endif

/// Everything an answer is computed from, taken at one moment.
package struct ServiceSnapshot: Sendable {
    package var config: Config
    package var state: JourneyState
    package var timeZone: Zone

    package init(config: Config, state: JourneyState, timeZone: Zone) {
        self.config = config
        self.state = state
        self.timeZone = timeZone
    }
}

/// The config in force and the zone days are counted in (the daemon's change on reload).
package struct ServiceConfiguration: Sendable {
    package var config: Config
    package var timeZone: Zone

    package init(config: Config, timeZone: Zone) {
        self.config = config
        self.timeZone = timeZone
    }
}

/// `NoContactService` computed in this process from config and the journey store.
///
/// The daemon serves it over its socket; the CLI uses it directly when no daemon answers, so
/// both give the same answers for the same config and store.
package struct LocalService: NoContactService {
    /// Longest reflection or unsent message accepted, in characters.
    package static let maximumTextLength = 100_000
    /// Longest note or trigger accepted, in characters.
    package static let maximumNoteLength = 1_000

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
    package init(
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
    package init(snapshot: @escaping @Sendable () -> ServiceSnapshot, now: @escaping @Sendable () -> Date = { Date() }) {
        store = nil
        self.now = now
        didRecord = {}
        channels = { [] }
        source = { _ in snapshot() }
    }

    private func current() throws(ServiceError) -> (snapshot: ServiceSnapshot, timeline: Timeline, now: Date) {
        let instant = now()
        let snapshot = try source(instant)
        return (snapshot, Timeline(config: snapshot.config, zone: snapshot.timeZone), instant)
    }

    // MARK: Reading

    package func days() throws(ServiceError) -> [PeriodProgress] {
        let (snapshot, timeline, instant) = try current()
        return timeline.progress(now: instant, state: snapshot.state)
    }

    package func upcoming(count: Int) throws(ServiceError) -> [UpcomingEvent] {
        guard (1...upcomingLimit).contains(count) else {
            throw .invalidRequest("count must be from 1 to \(upcomingLimit), not \(count)")
        }
        let (snapshot, timeline, instant) = try current()
        return timeline.upcoming(after: max(instant, snapshot.state.cursor), count: count, state: snapshot.state)
            .map { UpcomingEvent($0, in: snapshot.timeZone) }
    }

    package func prompt(day: Int?, theme: String?) throws(ServiceError) -> PromptInfo? {
        if let day, !(1...36_500).contains(day) {
            throw .invalidRequest("day must be from 1 to 36500, not \(day)")
        }
        let chosenTheme = try Self.theme(named: theme)
        let (snapshot, timeline, instant) = try current()
        return timeline.prompt(forDay: day, theme: chosenTheme, now: instant, state: snapshot.state).map {
            PromptInfo($0.prompt, day: $0.day)
        }
    }

    package func prompts(theme: String?) throws(ServiceError) -> [PromptInfo] {
        let chosenTheme = try Self.theme(named: theme)
        return try current().timeline.allPrompts(theme: chosenTheme).map { PromptInfo($0, day: nil) }
    }

    package func status() throws(ServiceError) -> ServiceStatus {
        let (snapshot, timeline, instant) = try current()
        return ServiceStatus(
            version: noContactVersion,
            config: snapshot.config.source ?? "built-in",
            timezone: snapshot.timeZone.identifier,
            periods: timeline.progress(now: instant, state: snapshot.state),
            next: timeline.nextEvent(after: max(instant, snapshot.state.cursor), state: snapshot.state).map {
                UpcomingEvent($0, in: snapshot.timeZone)
            },
            channels: channels(),
            pausedUntil: snapshot.state.pause(at: instant).map { Self.iso($0.end, in: snapshot.timeZone) })
    }

    package func history(since: Date?, kinds: [HistoryKind]?) throws(ServiceError) -> [HistoryEntry] {
        let store = try writableStore()
        do {
            return try store.history(since: since, kinds: kinds.map(Set.init))
        } catch {
            throw .storage(error.description)
        }
    }

    package func historyPage(since: Date?, kinds: [HistoryKind]?, after: HistoryCursor?, limit: Int) throws(ServiceError)
        -> [PagedHistoryEntry]
    {
        let store = try writableStore()
        do {
            return try store.historyPage(since: since, kinds: kinds.map(Set.init), after: after, limit: limit)
        } catch {
            throw .storage(error.description)
        }
    }

    package func stats() throws(ServiceError) -> [PeriodReport] {
        let (snapshot, _, instant) = try current()
        let entries = try countedEntries()
        return snapshot.config.periods.map { period in
            var reflections = 0
            var urges = 0
            var resisted = 0
            var logistics = 0
            var milestones: [Int] = []
            for entry in entries {
                switch entry {
                case let .reflection(reflection) where reflection.period == period.name: reflections += 1
                case let .urge(urge) where urge.period == period.name:
                    urges += 1
                    if urge.resisted { resisted += 1 }
                case let .contact(contact) where contact.period == period.name:
                    if case .logistics = contact.kind { logistics += 1 }
                case let .delivery(delivery) where delivery.period == period.name && delivery.kind == .milestone:
                    milestones.append(delivery.day)
                default: break
                }
            }
            let stats = PeriodStats.of(period, state: snapshot.state, now: instant, zone: snapshot.timeZone)
            return PeriodReport(
                stats: stats, reflections: reflections, urges: urges, urgesResisted: resisted, logisticsContacts: logistics,
                milestonesReached: milestones, days: Self.days(of: period, stats: stats, snapshot: snapshot, entries: entries, now: instant)
            )
        }
    }

    /// Everything recorded, for counting: read page by page and without the texts (reflections,
    /// prompts, unsent messages, contact notes), which stats never shows. A long journey's texts are
    /// most of its size (up to 100,000 characters each): the daemon holds only a page of them.
    private func countedEntries() throws(ServiceError) -> [HistoryEntry] {
        var entries: [HistoryEntry] = []
        var after: HistoryCursor?
        while true {
            let page = try historyPage(since: nil, kinds: nil, after: after, limit: 1000)
            for paged in page {
                switch paged.entry {
                case var .reflection(reflection):
                    reflection.text = ""
                    reflection.promptText = nil
                    entries.append(.reflection(reflection))
                case var .urge(urge):
                    // The trigger stays: each day's urges show it.
                    urge.unsentMessage = nil
                    entries.append(.urge(urge))
                case var .contact(contact):
                    contact.note = nil
                    contact.trigger = nil
                    entries.append(.contact(contact))
                default:
                    entries.append(paged.entry)
                }
            }
            guard page.count == 1000, let last = page.last else { return entries }
            after = last.cursor
        }
    }

    /// The per-day series of `period`: from its first start through today, or through its
    /// last day once it has ended (closed: the day it was closed).
    static func days(of period: PeriodConfig, stats: PeriodStats, snapshot: ServiceSnapshot, entries: [HistoryEntry], now: Date)
        -> [JourneyDay]
    {
        let zone = snapshot.timeZone
        let first = PeriodProgress.startDate(of: period, firstRun: snapshot.state.firstRun, zone: zone)
        var last = LocalDate(now, in: zone)
        if let ends = stats.current.ends, ends < last { last = ends }
        if let closedAt = snapshot.state.history(of: period.name).closedAt {
            last = min(last, LocalDate(closedAt, in: zone))
        }
        return JourneyDays.series(
            period: period.name, from: first, through: last, entries: entries, pauses: snapshot.state.pauses, zone: zone)
    }

    // MARK: Recording

    package func reflect(_ request: ReflectRequest) throws(ServiceError) -> JourneyReceipt {
        let text = request.text.trimmingWhitespace()
        guard !text.isEmpty else { throw .invalidRequest("the reflection is empty; nothing was saved") }
        try Self.check(request.text, named: "the reflection", limit: Self.maximumTextLength)
        try Self.check(request.mood, named: "mood", range: 1...5)
        let (snapshot, timeline, instant) = try current()
        let period = try Self.period(named: request.period, in: snapshot, timeline: timeline, at: instant)
        var promptText: String?
        if let promptID = request.promptID {
            // Any prompt ever built in may be answered (the answer action names the one that was
            // delivered, even if the config changed since), and so may the readiness check.
            let known =
                timeline.allPrompts(theme: nil).first(where: { $0.id == promptID })?.text
                ?? PromptLibrary.builtin.prompt(id: promptID)?.text
                ?? ReadinessCheck.promptText(forID: promptID)
            guard let known else {
                throw .invalidRequest("there is no prompt with the id \"\(promptID)\"; `nocontact prompts` lists them")
            }
            promptText = known
        }
        let progress = timeline.progress(of: period, at: instant, state: snapshot.state)
        let saved = try record { (store: JourneyStore) throws(StoreError) in
            try store.add(
                Reflection(
                    recordedAt: instant, period: period.name, day: progress.day, promptID: request.promptID,
                    promptText: promptText, mood: request.mood, text: request.text))
        }
        let message =
            request.promptID == ReadinessCheck.letterPromptID
            ? "Saved. Your letter will be waiting for you at the readiness check (`nocontact ready`)."
            : "Saved, on day \(max(progress.day, 1)) of \(SpaceWording.yourSpace(periodName: period.name)). Thank you for taking the time."
        var reflected = try receipt(id: saved.id, period: period, message: message)
        reflected.promptID = saved.promptID
        return reflected
    }

    package func urge(_ request: UrgeRequest) throws(ServiceError) -> JourneyReceipt {
        try Self.check(request.intensity, named: "intensity", range: 1...5)
        try Self.check(request.intensityAfter, named: "intensity after the pause", range: 1...5)
        try Self.check(request.trigger, named: "the trigger", limit: Self.maximumNoteLength)
        try Self.check(request.unsentMessage, named: "the unsent message", limit: Self.maximumTextLength)
        let (snapshot, timeline, instant) = try current()
        let period = try Self.period(named: request.period, in: snapshot, timeline: timeline, at: instant)
        let progress = timeline.progress(of: period, at: instant, state: snapshot.state)
        let saved = try record { (store: JourneyStore) throws(StoreError) in
            try store.add(
                Urge(
                    recordedAt: instant, period: period.name, day: progress.day, intensity: request.intensity ?? 3,
                    trigger: request.trigger, resisted: request.resisted ?? true, unsentMessage: request.unsentMessage,
                    intensityAfter: request.intensityAfter))
        }
        let strongest = max(saved.intensity, saved.intensityAfter ?? 0)
        var message = SupportMessages.afterUrge(
            daysSoFar: progress.daysOfSpace, resisted: saved.resisted, intensity: strongest, seed: UInt64(bitPattern: saved.id ?? 0))
        if let after = saved.intensityAfter {
            message = SupportMessages.afterPause(before: saved.intensity, after: after) + " " + message
        }
        return try receipt(id: saved.id, period: period, message: message)
    }

    package func contact(_ request: ContactRequest) throws(ServiceError) -> JourneyReceipt {
        try Self.check(request.note, named: "the note", limit: Self.maximumNoteLength)
        try Self.check(request.trigger, named: "the trigger", limit: Self.maximumNoteLength)
        let (snapshot, timeline, instant) = try current()
        let period = try Self.period(named: request.period, in: snapshot, timeline: timeline, at: instant)
        let kind = request.kind
        if case let .logistics(name) = kind, !period.allow.contains(name) {
            let allowed = period.allow.isEmpty ? "allows no logistics contact" : "allows \(period.allow.joined(separator: ", "))"
            throw .invalidRequest(
                "\(SpaceWording.yourSpaceCapitalized(periodName: period.name)) \(allowed), not \"\(name)\". If it is necessary logistics, add \"\(name)\" to allow in the config; if they reached out to you, `nocontact received` records it; otherwise `nocontact slip` records it, without judgement"
            )
        }
        if request.practical != nil, kind != .received {
            throw .invalidRequest("practical only describes a message they sent you (`nocontact received`)")
        }
        let progress = timeline.progress(of: period, at: instant, state: snapshot.state)
        let saved = try record { (store: JourneyStore) throws(StoreError) in
            try store.add(
                Contact(
                    recordedAt: instant, period: period.name, day: progress.day, kind: kind, note: request.note, trigger: request.trigger))
        }
        let message: String
        switch kind {
        case .slip: message = SupportMessages.afterSlip(daysOfSpaceBefore: progress.daysOfSpace)
        case .received: message = SupportMessages.afterReceived(day: progress.day, practical: request.practical)
        case let .logistics(name) where name == PromptTag.home.rawValue:
            message =
                "Noted as contact at home. Sharing a home means some talk cannot be avoided, and it never breaks your space: you are still on day \(max(progress.day, 1))."
        case let .logistics(name):
            message =
                "Noted as contact about \(name). Necessary logistics never breaks your space: you are still on day \(max(progress.day, 1))."
        }
        return try receipt(id: saved.id, period: period, message: message)
    }

    package func extend(period name: String?, days: Int) throws(ServiceError) -> JourneyReceipt {
        try Self.check(days, named: "days", range: 1...3650)
        let (snapshot, timeline, instant) = try current()
        let period = try Self.period(named: name, in: snapshot, timeline: timeline, at: instant)
        guard period.days != nil else {
            throw .invalidRequest(
                "\(SpaceWording.yourSpaceCapitalized(periodName: period.name)) is open-ended, so there is no end to extend")
        }
        if snapshot.state.history(of: period.name).closedAt != nil {
            throw .invalidRequest(
                "You closed \(SpaceWording.yourSpace(periodName: period.name)); to take space again, add a new [[period]] to your config")
        }
        let saved = try record { (store: JourneyStore) throws(StoreError) in
            try store.add(PeriodExtension(recordedAt: instant, period: period.name, days: days))
        }
        // The receipt already reads the period as extended: its message is written from it.
        var extended = try receipt(id: saved.id, period: period, message: "")
        let progress = extended.progress
        extended.message =
            "\(SpaceWording.yourSpaceCapitalized(periodName: period.name)) is now \(progress.daysTotal ?? 0) days long and ends on \(progress.ends.map(\.description) ?? "?"). Taking more time is a choice worth respecting."
        return extended
    }

    // MARK: Care

    /// The longest reason accepted, in bytes.
    package static let maximumReasonLength = 1_000
    /// The most reasons kept at once.
    package static let maximumReasons = 100

    package func reasons() throws(ServiceError) -> [ReasonInfo] {
        let zone = try current().snapshot.timeZone
        let store = try writableStore()
        do {
            return try store.reasons().enumerated().map {
                ReasonInfo(number: $0.offset + 1, text: $0.element.text, recordedAt: Self.iso($0.element.recordedAt, in: zone))
            }
        } catch {
            throw .storage(error.description)
        }
    }

    package func addReason(_ text: String) throws(ServiceError) -> [ReasonInfo] {
        let trimmed = text.trimmingWhitespace()
        guard !trimmed.isEmpty else { throw .invalidRequest("the reason is empty; nothing was saved") }
        guard trimmed.utf8.count <= Self.maximumReasonLength else {
            throw .invalidRequest("the reason is \(trimmed.utf8.count) bytes long; keep it to \(Self.maximumReasonLength)")
        }
        guard try reasons().count < Self.maximumReasons else {
            throw .invalidRequest("you have \(Self.maximumReasons) reasons already; remove one first (`nocontact reasons remove N`)")
        }
        let instant = now()
        _ = try record { (store: JourneyStore) throws(StoreError) in try store.addReason(trimmed, at: instant) }
        return try reasons()
    }

    package func removeReason(number: Int) throws(ServiceError) -> [ReasonInfo] {
        let store = try writableStore()
        let stored: [Reason]
        do {
            stored = try store.reasons()
        } catch {
            throw .storage(error.description)
        }
        guard stored.indices.contains(number - 1) else {
            throw .invalidRequest(
                stored.isEmpty
                    ? "you have no reasons written down yet; `nocontact reasons add TEXT` adds one"
                    : "there is no reason number \(number); `nocontact reasons` lists 1 to \(stored.count)")
        }
        let instant = now()
        _ = try record { (store: JourneyStore) throws(StoreError) in try store.removeReason(id: stored[number - 1].id, at: instant) }
        return try reasons()
    }

    package func support() throws(ServiceError) -> SupportInfo {
        let config = try current().snapshot.config
        return SupportInfo(text: SupportMessages.supportText(config.support), people: config.support.people, lines: config.support.lines)
    }

    package func readiness(period name: String?) throws(ServiceError) -> ReadinessCheck {
        let (snapshot, timeline, instant) = try current()
        let period = try Self.period(named: name, in: snapshot, timeline: timeline, at: instant)
        let progress = timeline.progress(of: period, at: instant, state: snapshot.state)
        let store = try writableStore()
        let letter: String?
        do {
            letter = try store.latestReflection(promptID: ReadinessCheck.letterPromptID, period: period.name)?.text
        } catch {
            throw .storage(error.description)
        }
        return ReadinessCheck(
            period: period.name, daysOfSpace: progress.daysOfSpace, ended: progress.hasEnded, closed: progress.closed,
            hasLength: period.days != nil, hurt: snapshot.config.prompts.hurt, reasons: try reasons().map(\.text), letter: letter)
    }

    package func close(period name: String?) throws(ServiceError) -> JourneyReceipt {
        let (snapshot, timeline, instant) = try current()
        let period = try Self.period(named: name, in: snapshot, timeline: timeline, at: instant)
        let progress = timeline.progress(of: period, at: instant, state: snapshot.state)
        guard !progress.closed else {
            throw .invalidRequest(
                "You closed \(SpaceWording.yourSpace(periodName: period.name)) already; its history stays in `nocontact history`")
        }
        try record { (store: JourneyStore) throws(StoreError) in try store.closePeriod(period.name, at: instant) }
        let days = progress.daysOfSpace
        let message =
            "Closed, as moving on, after \(days) \(days == 1 ? "day" : "days") of space. No more prompts will come for it;"
            + " everything you recorded stays, and `nocontact history` still shows it. Go gently into what comes next."
        return try receipt(id: 0, period: period, message: message)
    }

    /// The longest pause, in days.
    package static let maximumPauseDays = 366

    package func pause(until: Date) throws(ServiceError) -> PauseInfo {
        let (snapshot, _, instant) = try current()
        guard until > instant else { throw .invalidRequest("the pause would end before it starts; give a time in the future") }
        guard until.timeIntervalSince(instant) <= Double(Self.maximumPauseDays) * 86_400 else {
            throw .invalidRequest("a pause can last at most \(Self.maximumPauseDays) days")
        }
        let window = try record { (store: JourneyStore) throws(StoreError) in try store.pause(from: instant, until: until) }
        let when = LocalTimeText.format(window.end, in: snapshot.timeZone, seconds: false)
        return PauseInfo(
            paused: true, until: Self.iso(window.end, in: snapshot.timeZone), untilUsec: Self.usec(window.end),
            message:
                "Paused until \(when). Nothing is delivered until then, and nothing piles up: prompts due meanwhile are skipped. `nocontact resume` ends the pause early."
        )
    }

    package func resume() throws(ServiceError) -> PauseInfo {
        let instant = now()
        let ended = try record { (store: JourneyStore) throws(StoreError) in try store.resume(at: instant) }
        return PauseInfo(
            paused: false, until: nil, untilUsec: nil,
            message: ended ? "Resumed. Prompts come again at their usual times." : "Nothing was paused; prompts come at their usual times.")
    }

    // MARK: Helpers

    /// "2026-11-20T21:04:05+01:00" ("Z" for UTC), in whole seconds.
    static func iso(_ instant: Date, in zone: Zone) -> String {
        RFC3339.formatSeconds(instant, in: zone)
    }

    static func usec(_ instant: Date) -> Int64 {
        Int64((instant.timeIntervalSince1970 * 1_000_000).rounded())
    }

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
        let stats = PeriodStats.of(period, state: snapshot.state, now: instant, zone: timeline.zone)
        return JourneyReceipt(
            id: id ?? 0, period: period.name, progress: stats.current, totalDaysOfSpace: stats.totalDaysOfSpace, message: message)
    }

    /// The named period, or the one under way when no name is given.
    static func period(named name: String?, in snapshot: ServiceSnapshot, timeline: Timeline, at instant: Date) throws(ServiceError)
        -> PeriodConfig
    {
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
