public import Foundation

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
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        firstRun = try container.decode(Date.self, forKey: .firstRun)
        handledThrough = try container.decodeIfPresent(Date.self, forKey: .handledThrough)
        deliveryCount = try container.decodeIfPresent(Int.self, forKey: .deliveryCount) ?? 0
        recentPromptIDs = try container.decodeIfPresent([String].self, forKey: .recentPromptIDs) ?? []
        periodHistories = try container.decodeIfPresent([String: PeriodHistory].self, forKey: .periodHistories) ?? [:]
        recentlyAnsweredPromptIDs = try container.decodeIfPresent(Set<String>.self, forKey: .recentlyAnsweredPromptIDs) ?? []
    }

    /// Where planning resumes: everything up to here is handled.
    public var cursor: Date { handledThrough ?? firstRun }

    /// The state after delivering `promptID` (nil for milestones and the like).
    public func recordingDelivery(of promptID: String?) -> JourneyState {
        var next = self
        guard let promptID else { return next }
        next.deliveryCount += 1
        next.recentPromptIDs.append(promptID)
        next.recentPromptIDs.removeFirst(max(0, next.recentPromptIDs.count - Self.recentPromptLimit))
        return next
    }
}
