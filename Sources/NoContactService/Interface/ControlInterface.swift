package import NoContactCore
import Varlink

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The product's varlink interface: its name and description (`varlink/io.nocontact.varlink`);
/// the parameters and replies that travel on it are below. The client (`RemoteService`) and the
/// server adapter (`ControlInterface.Handler`, in NoContactServer) both speak it.
package enum ControlInterface {
    package static let name = "io.nocontact"

    /// The interface description, `varlink/io.nocontact.varlink` itself: embedded at build time
    /// (`.embedInCode` in Package.swift), so the file and what the daemon serves cannot differ.
    package static let description = String(decoding: PackageResources.io_nocontact_varlink, as: UTF8.self)
}

/// The reply of `Days`.
package struct DaysReply: Codable {
    package var periods: [PeriodProgress]

    package init(periods: [PeriodProgress]) {
        self.periods = periods
    }
}

/// The parameters of `Prompt`.
package struct PromptRequest: Codable {
    package var day: Int?
    package var theme: String?

    package init(day: Int?, theme: String?) {
        self.day = day
        self.theme = theme
    }
}

/// The parameters of `Prompts`.
package struct PromptsRequest: Codable {
    package var theme: String?

    package init(theme: String?) {
        self.theme = theme
    }
}

/// The parameters of `Upcoming`.
package struct UpcomingRequest: Codable {
    package var count: Int

    package init(count: Int) {
        self.count = count
    }
}

/// The reply of `Prompt`.
package struct PromptReply: Codable {
    package var prompt: PromptInfo?

    package init(prompt: PromptInfo?) {
        self.prompt = prompt
    }

    package func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        // Always present, null when no prompt fits, as the interface says.
        try container.encode(prompt, forKey: .prompt)
    }
}

/// The reply of `Prompts`.
package struct PromptsReply: Codable {
    package var prompts: [PromptInfo]

    package init(prompts: [PromptInfo]) {
        self.prompts = prompts
    }
}

/// The replies of Reflect, Urge, Slip, Contact and Extend.
package struct ReceiptReply: Codable {
    package var receipt: JourneyReceipt

    package init(receipt: JourneyReceipt) {
        self.receipt = receipt
    }
}

/// The parameters of `Extend`.
package struct ExtendRequest: Codable {
    package var period: String?
    package var days: Int

    package init(period: String?, days: Int) {
        self.period = period
        self.days = days
    }
}

/// The parameters of `History`.
package struct HistoryRequest: Codable {
    package var since: Double?
    package var kinds: [String]?

    package init(since: Double?, kinds: [String]?) {
        self.since = since
        self.kinds = kinds
    }
}

/// The reply of `History`.
package struct HistoryReply: Codable {
    package var entries: [HistoryEntry]

    package init(entries: [HistoryEntry]) {
        self.entries = entries
    }
}

/// The reply of `Stats`.
package struct StatsReply: Codable {
    package var periods: [PeriodReport]

    package init(periods: [PeriodReport]) {
        self.periods = periods
    }
}

/// The reply of `Upcoming`.
package struct UpcomingReply: Codable {
    package var events: [UpcomingEvent]

    package init(events: [UpcomingEvent]) {
        self.events = events
    }
}

/// The reply of `Reload`.
package struct ReloadReply: Codable {
    package var config: String
    package var next: UpcomingEvent?

    package init(_ report: ReloadReport) {
        config = report.config
        next = report.next
    }

    package var report: ReloadReport {
        ReloadReport(config: config, next: next)
    }

    package func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(config, forKey: .config)
        // Always present, null when nothing is scheduled, as the interface says.
        try container.encode(next, forKey: .next)
    }
}

/// The reply of `Watch`.
package struct WatchReply: Codable {
    package var delivery: DeliveryEvent?

    package init(delivery: DeliveryEvent?) {
        self.delivery = delivery
    }

    package func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(delivery, forKey: .delivery)
    }
}

/// The parameters of `Pause`: until this instant (seconds since 1970).
package struct PauseRequest: Codable {
    package var until: Double

    package init(until: Double) {
        self.until = until
    }
}

/// The parameters of `AddReason`.
package struct AddReasonRequest: Codable {
    package var text: String

    package init(text: String) {
        self.text = text
    }
}

/// The parameters of `RemoveReason`.
package struct RemoveReasonRequest: Codable {
    package var number: Int

    package init(number: Int) {
        self.number = number
    }
}

/// The parameters of `Readiness` and `Close`.
package struct PeriodRequest: Codable {
    package var period: String?

    package init(period: String?) {
        self.period = period
    }
}

/// The replies of `Reasons`, `AddReason` and `RemoveReason`.
package struct ReasonsReply: Codable {
    package var reasons: [ReasonInfo]

    package init(reasons: [ReasonInfo]) {
        self.reasons = reasons
    }
}

/// The reply of `Readiness`.
package struct ReadinessReply: Codable {
    package var check: ReadinessCheck

    package init(check: ReadinessCheck) {
        self.check = check
    }
}

/// The reply of `Support`.
package struct SupportReply: Codable {
    package var support: SupportInfo

    package init(support: SupportInfo) {
        self.support = support
    }
}

/// The replies of `Pause` and `Resume`.
package struct PauseReply: Codable {
    package var pause: PauseInfo

    package init(pause: PauseInfo) {
        self.pause = pause
    }
}
