public import Foundation

/// What the daemon remembers between runs, as plain values (storage lives elsewhere).
public struct JourneyState: Sendable, Equatable, Codable {
    /// The first time nocontact ran: the start of periods configured to start at the first run.
    public var firstRun: Date
    /// The due time of the last delivered prompt, so that a restart never delivers it twice.
    public var lastDeliveryDue: Date?
    /// How many prompts were delivered so far, for prompt rotation.
    public var deliveryCount: Int
    /// The ids of the most recently delivered prompts, oldest first (bounded).
    public var recentPromptIDs: [String]

    /// How many recent prompt ids are kept: the longest no-repeat window.
    public static let recentPromptLimit = 60

    public init(firstRun: Date, lastDeliveryDue: Date? = nil, deliveryCount: Int = 0, recentPromptIDs: [String] = []) {
        self.firstRun = firstRun
        self.lastDeliveryDue = lastDeliveryDue
        self.deliveryCount = deliveryCount
        self.recentPromptIDs = recentPromptIDs
    }

    /// The state after delivering `promptID` that was due at `due`.
    public func recordingDelivery(of promptID: String?, due: Date) -> JourneyState {
        var next = self
        next.lastDeliveryDue = due
        next.deliveryCount += 1
        if let promptID {
            next.recentPromptIDs.append(promptID)
            next.recentPromptIDs.removeFirst(max(0, next.recentPromptIDs.count - Self.recentPromptLimit))
        }
        return next
    }
}
