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

    /// How many recent prompt ids are kept: the longest no-repeat window.
    public static let recentPromptLimit = 60

    public init(firstRun: Date, handledThrough: Date? = nil, deliveryCount: Int = 0, recentPromptIDs: [String] = []) {
        self.firstRun = firstRun
        self.handledThrough = handledThrough
        self.deliveryCount = deliveryCount
        self.recentPromptIDs = recentPromptIDs
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
