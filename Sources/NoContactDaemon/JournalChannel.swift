package import NoContactCore
package import NoContactSystemd

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Delivers to the systemd journal with structured fields, falling back to standard error
/// (through the shared `LogSink`) when no journal takes the entry.
package struct JournalChannel: DeliveryChannel {
    /// One fixed MESSAGE_ID per kind of event, so `journalctl MESSAGE_ID=...` finds them all.
    package static func messageID(for kind: DeliveryKind) -> String {
        switch kind {
        case .prompt: return "6f1d2a4c8b3e4f5a9c0d1e2f3a4b5c6d"
        case .milestone: return "7a2e3b5d9c4f4a6b8d1e2f3a4b5c6d7e"
        case .periodEnd: return "8b3f4c6e0d5a4b7c9e2f3a4b5c6d7e8f"
        }
    }

    private let sink: LogSink

    package init(sink: LogSink) {
        self.sink = sink
    }

    package func deliver(_ delivery: Delivery) {
        let when = delivery.isLate ? " (delivered late)" : ""
        sink.write(message: "\(delivery.title)\(when): \(delivery.body)", priority: 5, fields: Self.fields(for: delivery))
    }

    /// The structured fields of a delivery (MESSAGE, PRIORITY and the identifier come from the sink).
    package static func fields(for delivery: Delivery) -> [JournalField] {
        [
            JournalField("MESSAGE_ID", messageID(for: delivery.kind)),
            JournalField("NOCONTACT_KIND", delivery.kind.rawValue),
            JournalField("NOCONTACT_PROMPT_ID", delivery.promptID ?? ""),
            JournalField("NOCONTACT_PERIOD", delivery.periodLabel),
            JournalField("NOCONTACT_DAY", String(delivery.day)),
            JournalField("NOCONTACT_DUE_USEC", String(Int64((delivery.due.timeIntervalSince1970 * 1_000_000).rounded()))),
            JournalField("NOCONTACT_TITLE", delivery.title),
            JournalField("NOCONTACT_LATE", delivery.isLate ? "1" : "0"),
        ]
    }
}
