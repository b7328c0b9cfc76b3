package import NoContactCore

#if canImport(FoundationEssentials)
package import FoundationEssentials
#else
package import Foundation
#endif

/// The one API of the product. `LocalService` implements it over Core and the store;
/// `RemoteService` asks the running daemon for the same answers over its socket.
package protocol NoContactService: Sendable {
    /// Days of space so far and left, for every period.
    func days() throws(ServiceError) -> [PeriodProgress]
    /// Periods, the next event and where the config came from.
    func status() throws(ServiceError) -> ServiceStatus
    /// The next `count` events (prompts, milestones, period ends), in order.
    func upcoming(count: Int) throws(ServiceError) -> [UpcomingEvent]
    /// Today's prompt, or the one for `day` of the current period, optionally of one theme.
    func prompt(day: Int?, theme: String?) throws(ServiceError) -> PromptInfo?
    /// The prompt library in use (built-in and the user's), optionally of one theme.
    func prompts(theme: String?) throws(ServiceError) -> [PromptInfo]
    /// Saves a reflection. Its text is private: never logged.
    func reflect(_ request: ReflectRequest) throws(ServiceError) -> JourneyReceipt
    /// Records an urge; the receipt carries the days of space so far and one grounding line.
    func urge(_ request: UrgeRequest) throws(ServiceError) -> JourneyReceipt
    /// Records a slip (kind "slip": the count restarts, the history stays) or allowed
    /// logistics contact (one of the period's `allow` kinds: never a slip).
    func contact(_ request: ContactRequest) throws(ServiceError) -> JourneyReceipt
    /// Adds days to a period with a length.
    func extend(period: String?, days: Int) throws(ServiceError) -> JourneyReceipt
    /// Everything recorded, oldest first, optionally since an instant and of some kinds.
    func history(since: Date?, kinds: [HistoryKind]?) throws(ServiceError) -> [HistoryEntry]
    /// One page of `history`: at most `limit` entries, those sorting after `after` (from the
    /// start when nil), each with its cursor as stored; the next page starts after the last
    /// one's `cursor`, and a page shorter than `limit` is the last. Reads only that page, so
    /// that serving a long history page by page holds one page at a time.
    func historyPage(since: Date?, kinds: [HistoryKind]?, after: HistoryCursor?, limit: Int) throws(ServiceError) -> [PagedHistoryEntry]
    /// Each period's story: runs, slips, longest run, totals, what was recorded.
    func stats() throws(ServiceError) -> [PeriodReport]

    /// The person's own reasons for taking space, in their order. Private: never logged.
    func reasons() throws(ServiceError) -> [ReasonInfo]
    /// Adds a reason; returns the whole list.
    func addReason(_ text: String) throws(ServiceError) -> [ReasonInfo]
    /// Removes reason number `number` (from 1, as listed); returns the whole list.
    func removeReason(number: Int) throws(ServiceError) -> [ReasonInfo]
    /// Where to turn in danger or distress: the fixed text and the person's own people and lines.
    func support() throws(ServiceError) -> SupportInfo
    /// The readiness check for the named period, or the current or last ended one.
    func readiness(period: String?) throws(ServiceError) -> ReadinessCheck
    /// Ends a period now as "moving on": nothing more is delivered for it; its history stays.
    func close(period: String?) throws(ServiceError) -> JourneyReceipt
    /// No deliveries until `until` (what falls due meanwhile is skipped, not caught up).
    func pause(until: Date) throws(ServiceError) -> PauseInfo
    /// Ends a pause early.
    func resume() throws(ServiceError) -> PauseInfo
}

extension NoContactService {
    /// Cuts the page out of the whole history: for services that hold no store of their own
    /// (`RemoteService`, which nothing serves pages from).
    package func historyPage(since: Date?, kinds: [HistoryKind]?, after: HistoryCursor?, limit: Int) throws(ServiceError)
        -> [PagedHistoryEntry]
    {
        // Cursors from the entries' own dates: consistent within this one list.
        let all = try history(since: since, kinds: kinds).map { PagedHistoryEntry(entry: $0, cursor: $0.cursor) }
        let start = after.map { cursor in all.firstIndex { $0.cursor > cursor } ?? all.endIndex } ?? all.startIndex
        return Array(all[start...].prefix(max(limit, 1)))
    }
}

/// A prompt as the API shows it.
package struct PromptInfo: Sendable, Equatable, Codable {
    package var id: String
    package var theme: String
    package var phase: String
    package var text: String
    /// For `prompt`: the day of the period it was chosen for.
    package var day: Int?
    /// What the prompt asks and the situation it is for (see `PromptTag`), sorted.
    package var tags: [String]
    /// The prompt this one follows up on, offered only after that one was answered.
    package var follows: String?

    package init(_ prompt: Prompt, day: Int?) {
        id = prompt.id
        theme = prompt.theme.rawValue
        phase = prompt.phase.rawValue
        text = prompt.text
        self.day = day
        tags = prompt.tags.map(\.rawValue).sorted()
        follows = prompt.follows
    }

    private enum CodingKeys: String, CodingKey { case id, theme, phase, text, day, tags, follows }

    package init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.decode(String.self, forKey: .id)
        theme = try container.decode(String.self, forKey: .theme)
        phase = try container.decode(String.self, forKey: .phase)
        text = try container.decode(String.self, forKey: .text)
        day = try container.decodeIfPresent(Int.self, forKey: .day)
        tags = try container.decodeIfPresent([String].self, forKey: .tags) ?? []
        follows = try container.decodeIfPresent(String.self, forKey: .follows)
    }
}

/// The most events one `upcoming` call returns.
package let upcomingLimit = 1000

/// The answer to `status`.
package struct ServiceStatus: Sendable, Equatable, Codable {
    package var version: String
    /// The config file in use, or "built-in".
    package var config: String
    package var timezone: String
    package var periods: [PeriodProgress]
    package var next: UpcomingEvent?
    /// Where deliveries go and whether each channel works (empty when nocontactd is not running).
    package var channels: [ChannelReport]
    /// Until when deliveries are paused (ISO 8601 with the local offset), nil when they are not.
    package var pausedUntil: String?

    package init(
        version: String, config: String, timezone: String, periods: [PeriodProgress], next: UpcomingEvent?,
        channels: [ChannelReport] = [], pausedUntil: String? = nil
    ) {
        self.version = version
        self.config = config
        self.timezone = timezone
        self.periods = periods
        self.next = next
        self.channels = channels
        self.pausedUntil = pausedUntil
    }

    private enum CodingKeys: String, CodingKey {
        case version, config, timezone, periods, next, channels
        case pausedUntil = "paused_until"
    }

    package func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(version, forKey: .version)
        try container.encode(config, forKey: .config)
        try container.encode(timezone, forKey: .timezone)
        try container.encode(periods, forKey: .periods)
        try container.encode(next, forKey: .next)
        try container.encode(channels, forKey: .channels)
        try container.encode(pausedUntil, forKey: .pausedUntil)
    }
}

/// Whether a delivery channel is live, and why not, for `nocontact status`.
package struct ChannelReport: Sendable, Equatable, Codable {
    /// `journal`, `desktop` or `command`.
    package var name: String
    /// Deliveries are expected to arrive there.
    package var live: Bool
    /// Why the channel is not live; for a live channel, a note such as the last failure.
    package var reason: String?

    package init(name: String, live: Bool, reason: String?) {
        self.name = name
        self.live = live
        self.reason = reason
    }
}

/// Something due later, as the API shows it.
package struct UpcomingEvent: Sendable, Equatable, Codable {
    package var kind: String
    /// ISO 8601 with the local offset, e.g. "2026-11-29T21:00:00+01:00".
    package var due: String
    /// The same instant in microseconds since the epoch.
    package var dueUsec: Int64
    package var period: String

    package init(kind: String, due: String, dueUsec: Int64, period: String) {
        self.kind = kind
        self.due = due
        self.dueUsec = dueUsec
        self.period = period
    }

    package init(_ event: TimelineEvent, in zone: Zone) {
        self.init(
            kind: event.kind.rawValue, due: RFC3339.formatSeconds(event.due, in: zone),
            dueUsec: Int64((event.due.timeIntervalSince1970 * 1_000_000).rounded()), period: event.period)
    }

    private enum CodingKeys: String, CodingKey {
        case kind, due
        case dueUsec = "due_usec"
        case period
    }
}

/// The product's version, reported by both binaries' `--version` and by `GetInfo`: the only
/// copy (scripts/package-deb refuses a packaging/debian/changelog that disagrees).
package let noContactVersion = "0.1.0"
