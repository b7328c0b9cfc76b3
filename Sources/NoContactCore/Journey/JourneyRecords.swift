#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif

/// What a person writes in answer to a prompt. Private: never logged, never sent anywhere.
public struct Reflection: Sendable, Equatable, Codable {
    /// Assigned by the store; nil before it is saved.
    public var id: Int64?
    public var recordedAt: Date
    public var period: String
    /// The day of the period it was written on.
    public var day: Int
    /// The prompt answered, if any.
    public var promptID: String?
    public var promptText: String?
    /// 1 (low) to 5 (good), if given.
    public var mood: Int?
    public var text: String

    public init(
        id: Int64? = nil, recordedAt: Date, period: String, day: Int, promptID: String? = nil, promptText: String? = nil, mood: Int? = nil,
        text: String
    ) {
        self.id = id
        self.recordedAt = recordedAt
        self.period = period
        self.day = day
        self.promptID = promptID
        self.promptText = promptText
        self.mood = mood
        self.text = text
    }

    private enum CodingKeys: String, CodingKey {
        case id
        case recordedAt = "recorded_at"
        case period, day
        case promptID = "prompt_id"
        case promptText = "prompt_text"
        case mood, text
    }
}

/// An urge to make contact, resisted or not, with an optional message that is never sent.
public struct Urge: Sendable, Equatable, Codable {
    public var id: Int64?
    public var recordedAt: Date
    public var period: String
    public var day: Int
    /// 1 (faint) to 5 (overwhelming).
    public var intensity: Int
    public var trigger: String?
    public var resisted: Bool
    /// Written to get it out, kept here, never sent.
    public var unsentMessage: String?
    /// How strong it was after the guided pause (`nocontact urge` at a terminal), 1 to 5.
    public var intensityAfter: Int?

    public init(
        id: Int64? = nil, recordedAt: Date, period: String, day: Int, intensity: Int, trigger: String? = nil, resisted: Bool = true,
        unsentMessage: String? = nil, intensityAfter: Int? = nil
    ) {
        self.id = id
        self.recordedAt = recordedAt
        self.period = period
        self.day = day
        self.intensity = intensity
        self.trigger = trigger
        self.resisted = resisted
        self.unsentMessage = unsentMessage
        self.intensityAfter = intensityAfter
    }

    private enum CodingKeys: String, CodingKey {
        case id
        case recordedAt = "recorded_at"
        case period, day, intensity, trigger, resisted
        case unsentMessage = "unsent_message"
        case intensityAfter = "intensity_after"
    }
}

/// Contact with the other person: a slip (restarts the count) or allowed logistics (never a slip).
public struct Contact: Sendable, Equatable, Codable {
    public enum Kind: Sendable, Equatable, Hashable {
        case slip
        /// One of the period's `allow` kinds, e.g. "children".
        case logistics(String)
        /// The other person reached out (`nocontact received`): never a slip.
        case received

        /// "slip", "received", or the logistics kind.
        public var name: String {
            switch self {
            case .slip: return "slip"
            case .received: return "received"
            case let .logistics(kind): return kind
            }
        }

        public init(name: String) {
            switch name {
            case "slip": self = .slip
            case "received": self = .received
            default: self = .logistics(name)
            }
        }
    }

    public var id: Int64?
    public var recordedAt: Date
    public var period: String
    public var day: Int
    public var kind: Kind
    public var note: String?
    public var trigger: String?

    public init(id: Int64? = nil, recordedAt: Date, period: String, day: Int, kind: Kind, note: String? = nil, trigger: String? = nil) {
        self.id = id
        self.recordedAt = recordedAt
        self.period = period
        self.day = day
        self.kind = kind
        self.note = note
        self.trigger = trigger
    }

    private enum CodingKeys: String, CodingKey {
        case id
        case recordedAt = "recorded_at"
        case period, day, kind, note, trigger
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.decodeIfPresent(Int64.self, forKey: .id)
        recordedAt = try container.decode(Date.self, forKey: .recordedAt)
        period = try container.decode(String.self, forKey: .period)
        day = try container.decode(Int.self, forKey: .day)
        kind = Kind(name: try container.decode(String.self, forKey: .kind))
        note = try container.decodeIfPresent(String.self, forKey: .note)
        trigger = try container.decodeIfPresent(String.self, forKey: .trigger)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(recordedAt, forKey: .recordedAt)
        try container.encode(period, forKey: .period)
        try container.encode(day, forKey: .day)
        try container.encode(kind.name, forKey: .kind)
        try container.encode(note, forKey: .note)
        try container.encode(trigger, forKey: .trigger)
    }
}

/// More days added to a period (`nocontact extend`).
public struct PeriodExtension: Sendable, Equatable, Codable {
    public var id: Int64?
    public var recordedAt: Date
    public var period: String
    public var days: Int

    public init(id: Int64? = nil, recordedAt: Date, period: String, days: Int) {
        self.id = id
        self.recordedAt = recordedAt
        self.period = period
        self.days = days
    }

    private enum CodingKeys: String, CodingKey {
        case id
        case recordedAt = "recorded_at"
        case period, days
    }
}

/// A prompt, milestone or readiness check that was delivered.
public struct DeliveryRecord: Sendable, Equatable, Codable {
    public var id: Int64?
    public var kind: DeliveryKind
    public var period: String
    public var day: Int
    public var promptID: String?
    /// When it was due (the original time, also when late).
    public var due: Date
    public var deliveredAt: Date
    public var late: Bool

    public init(id: Int64? = nil, kind: DeliveryKind, period: String, day: Int, promptID: String?, due: Date, deliveredAt: Date, late: Bool)
    {
        self.id = id
        self.kind = kind
        self.period = period
        self.day = day
        self.promptID = promptID
        self.due = due
        self.deliveredAt = deliveredAt
        self.late = late
    }

    private enum CodingKeys: String, CodingKey {
        case id, kind, period, day
        case promptID = "prompt_id"
        case due
        case deliveredAt = "delivered_at"
        case late
    }
}

/// One entry of the history, in the order things happened.
public enum HistoryEntry: Sendable, Equatable {
    case reflection(Reflection)
    case urge(Urge)
    case contact(Contact)
    case periodExtension(PeriodExtension)
    case delivery(DeliveryRecord)

    /// When it happened (for deliveries: when delivered).
    public var recordedAt: Date {
        switch self {
        case let .reflection(entry): return entry.recordedAt
        case let .urge(entry): return entry.recordedAt
        case let .contact(entry): return entry.recordedAt
        case let .periodExtension(entry): return entry.recordedAt
        case let .delivery(entry): return entry.deliveredAt
        }
    }

    public var kind: HistoryKind {
        switch self {
        case .reflection: return .reflection
        case .urge: return .urge
        case let .contact(entry): return entry.kind == .slip ? .slip : .contact
        case .periodExtension: return .extension
        case let .delivery(entry): return entry.kind == .prompt ? .prompt : .milestone
        }
    }
}

/// Where an entry sorts in the history: its instant, its id, then its table (reflections,
/// urges, contacts, extensions, deliveries: ids repeat across tables). A page of history ends
/// at its last entry's cursor, and the next page starts strictly after it (keyset pagination).
public struct HistoryCursor: Sendable, Equatable, Comparable, Codable {
    /// Seconds since 1970, as stored.
    public var instant: Double
    public var id: Int64
    /// The table's rank in the order above, 0 to 4.
    public var table: Int

    public init(instant: Double, id: Int64, table: Int) {
        self.instant = instant
        self.id = id
        self.table = table
    }

    public static func < (left: HistoryCursor, right: HistoryCursor) -> Bool {
        (left.instant, left.id, left.table) < (right.instant, right.id, right.table)
    }
}

/// An entry of a page of history with its cursor as stored, where the next page starts.
public struct PagedHistoryEntry: Sendable, Equatable {
    public var entry: HistoryEntry
    public var cursor: HistoryCursor

    public init(entry: HistoryEntry, cursor: HistoryCursor) {
        self.entry = entry
        self.cursor = cursor
    }
}

extension HistoryEntry {
    /// Where this entry sorts in the history, from its `Date` (whose last bit may differ from
    /// the stored instant: for paging, use a `PagedHistoryEntry`'s cursor).
    public var cursor: HistoryCursor {
        switch self {
        case let .reflection(value): return HistoryCursor(instant: value.recordedAt.timeIntervalSince1970, id: value.id ?? 0, table: 0)
        case let .urge(value): return HistoryCursor(instant: value.recordedAt.timeIntervalSince1970, id: value.id ?? 0, table: 1)
        case let .contact(value): return HistoryCursor(instant: value.recordedAt.timeIntervalSince1970, id: value.id ?? 0, table: 2)
        case let .periodExtension(value): return HistoryCursor(instant: value.recordedAt.timeIntervalSince1970, id: value.id ?? 0, table: 3)
        case let .delivery(value): return HistoryCursor(instant: value.deliveredAt.timeIntervalSince1970, id: value.id ?? 0, table: 4)
        }
    }
}

/// The kinds `nocontact history --kind` filters by.
public enum HistoryKind: String, Sendable, CaseIterable, Codable {
    case reflection, urge, slip, contact
    case `extension`
    case prompt, milestone
}

/// A period's own history, for the period maths: when it restarted, and how much it grew.
public struct PeriodHistory: Sendable, Equatable, Codable {
    /// The instants of slips, oldest first. Each restarts the count on its local day.
    public var slips: [Date]
    /// Days added with `nocontact extend`, in total.
    public var extensionDays: Int
    /// When the person closed the period (`nocontact close`, "moving on"): nothing more is
    /// delivered for it; its history stays.
    public var closedAt: Date?
    /// Reflections written in this period, for milestone messages about the person's record.
    public var reflections: Int
    /// Urges met without acting on them in this period.
    public var urgesMet: Int

    public init(slips: [Date] = [], extensionDays: Int = 0, closedAt: Date? = nil, reflections: Int = 0, urgesMet: Int = 0) {
        self.slips = slips
        self.extensionDays = extensionDays
        self.closedAt = closedAt
        self.reflections = reflections
        self.urgesMet = urgesMet
    }

    public static let empty = PeriodHistory()
}

/// One of the person's own reasons for taking space (`nocontact reasons`). Private.
public struct Reason: Sendable, Equatable, Codable {
    public var id: Int64
    public var recordedAt: Date
    public var text: String

    public init(id: Int64, recordedAt: Date, text: String) {
        self.id = id
        self.recordedAt = recordedAt
        self.text = text
    }

    private enum CodingKeys: String, CodingKey {
        case id
        case recordedAt = "recorded_at"
        case text
    }
}
