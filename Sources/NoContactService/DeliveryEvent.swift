#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif
public import NoContactCore

/// A delivery as the API shows it (`Watch`, `nocontact watch`): what was delivered, for which
/// period and day, and when it was due.
public struct DeliveryEvent: Sendable, Equatable, Codable {
    /// `prompt`, `milestone` or `period-end`.
    public var kind: String
    public var period: String
    public var day: Int
    /// ISO 8601 with the local offset: the original due time, also for late deliveries.
    public var due: String
    /// The same instant in microseconds since the epoch.
    public var dueUsec: Int64
    /// Delivered after its time (the daemon was stopped, the machine slept, quiet hours).
    public var late: Bool
    public var promptID: String?
    public var title: String
    public var text: String

    public init(_ delivery: Delivery, in zone: Zone) {
        kind = delivery.kind.rawValue
        period = delivery.periodLabel
        day = delivery.day
        due = RFC3339.formatSeconds(delivery.due, in: zone)
        dueUsec = Int64((delivery.due.timeIntervalSince1970 * 1_000_000).rounded())
        late = delivery.isLate
        promptID = delivery.promptID
        title = delivery.title
        text = delivery.body
    }

    private enum CodingKeys: String, CodingKey {
        case kind, period, day, due, dueUsec = "due_usec", late, promptID = "prompt_id", title, text
    }
}
