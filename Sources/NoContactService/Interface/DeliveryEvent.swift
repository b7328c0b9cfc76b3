package import NoContactCore

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// A delivery as the API shows it (`Watch`, `nocontact watch`): what was delivered, for which
/// period and day, and when it was due.
package struct DeliveryEvent: Sendable, Equatable, Codable {
    /// `prompt`, `milestone` or `period-end`.
    package var kind: String
    package var period: String
    package var day: Int
    /// ISO 8601 with the local offset: the original due time, also for late deliveries.
    package var due: String
    /// The same instant in microseconds since the epoch.
    package var dueUsec: Int64
    /// Delivered after its time (the daemon was stopped, the machine slept, quiet hours).
    package var late: Bool
    package var promptID: String?
    package var title: String
    package var text: String

    package init(_ delivery: Delivery, in zone: Zone) {
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
        case kind, period, day, due
        case dueUsec = "due_usec"
        case late
        case promptID = "prompt_id"
        case title, text
    }
}
