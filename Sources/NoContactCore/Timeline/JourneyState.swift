#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif

/// What the daemon remembers between runs, as plain values (storage lives elsewhere).
public struct JourneyState: Sendable, Equatable, Codable {
    /// The first time nocontact ran: the start of periods configured to start at the first run.
    public var firstRun: Date
    /// Everything due at or before this instant has been handled (delivered, or skipped by the
    /// catch-up policy), so that a restart never delivers anything twice. Nil before the first
    /// plan: the first run starts from `firstRun`.
    public var handledThrough: Date?
    /// How many prompts were delivered so far, for prompt rotation.
    public var deliveryCount: Int
    /// The ids of the most recently delivered prompts, oldest first (bounded).
    public var recentPromptIDs: [String]
    /// Slips and extensions, by period name.
    public var periodHistories: [String: PeriodHistory]
    /// Prompts answered with a reflection lately: selection skips them for a while.
    /// Derived from the reflections each time; not stored on its own.
    public var recentlyAnsweredPromptIDs: Set<String> = []
    /// When each prompt was last answered with a reflection, ever (follow-up prompts wait for
    /// the prompt they follow; today's prompt ignores answers given today). Derived, not stored.
    public var lastAnswered: [String: Date] = [:]
    /// The last prompt delivered, and when it was due: "today's prompt" once one came today.
    public var lastPromptDelivery: PromptDeliveryMark?
    /// Times when nothing is delivered (`nocontact pause`), oldest first.
    public var pauses: [PauseWindow] = []

    /// How far back an answered prompt counts as answered recently.
    public static let recentlyAnsweredWindow: TimeInterval = 30 * 86_400

    /// How many recent prompt ids are kept: the longest no-repeat window.
    public static let recentPromptLimit = 60

    public init(
        firstRun: Date, handledThrough: Date? = nil, deliveryCount: Int = 0, recentPromptIDs: [String] = [],
        periodHistories: [String: PeriodHistory] = [:]
    ) {
        self.firstRun = firstRun
        self.handledThrough = handledThrough
        self.deliveryCount = deliveryCount
        self.recentPromptIDs = recentPromptIDs
        self.periodHistories = periodHistories
    }

    /// The slips and extensions of the period named `name`.
    public func history(of name: String) -> PeriodHistory {
        periodHistories[name] ?? .empty
    }

    private enum CodingKeys: String, CodingKey {
        case firstRun, handledThrough, deliveryCount, recentPromptIDs, periodHistories, recentlyAnsweredPromptIDs
        case lastAnswered, lastPromptDelivery, pauses
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        firstRun = try container.decode(Date.self, forKey: .firstRun)
        handledThrough = try container.decodeIfPresent(Date.self, forKey: .handledThrough)
        deliveryCount = try container.decodeIfPresent(Int.self, forKey: .deliveryCount) ?? 0
        recentPromptIDs = try container.decodeIfPresent([String].self, forKey: .recentPromptIDs) ?? []
        periodHistories = try container.decodeIfPresent([String: PeriodHistory].self, forKey: .periodHistories) ?? [:]
        recentlyAnsweredPromptIDs = try container.decodeIfPresent(Set<String>.self, forKey: .recentlyAnsweredPromptIDs) ?? []
        lastAnswered = try container.decodeIfPresent([String: Date].self, forKey: .lastAnswered) ?? [:]
        lastPromptDelivery = try container.decodeIfPresent(PromptDeliveryMark.self, forKey: .lastPromptDelivery)
        pauses = try container.decodeIfPresent([PauseWindow].self, forKey: .pauses) ?? []
    }

    /// The pause in force at `instant`, if any.
    public func pause(at instant: Date) -> PauseWindow? {
        pauses.last { $0.contains(instant) }
    }

    /// Where planning resumes: everything up to here is handled.
    public var cursor: Date { handledThrough ?? firstRun }

    /// The state after delivering `promptID` (nil for milestones and the like) due at `due`.
    public func recordingDelivery(of promptID: String?, due: Date? = nil) -> JourneyState {
        var next = self
        guard let promptID else { return next }
        if let due { next.lastPromptDelivery = PromptDeliveryMark(promptID: promptID, due: due) }
        next.deliveryCount += 1
        next.recentPromptIDs.append(promptID)
        next.recentPromptIDs.removeFirst(max(0, next.recentPromptIDs.count - Self.recentPromptLimit))
        return next
    }
}

/// A delivered prompt and when it was due.
public struct PromptDeliveryMark: Sendable, Equatable, Codable {
    public var promptID: String
    public var due: Date

    public init(promptID: String, due: Date) {
        self.promptID = promptID
        self.due = due
    }
}

/// A time without deliveries: from `start` until `end` (exclusive).
public struct PauseWindow: Sendable, Equatable, Codable {
    public var start: Date
    public var end: Date

    public init(start: Date, end: Date) {
        self.start = start
        self.end = end
    }

    /// Whether `instant` falls in the pause.
    public func contains(_ instant: Date) -> Bool {
        start <= instant && instant < end
    }
}
