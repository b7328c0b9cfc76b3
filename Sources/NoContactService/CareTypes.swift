package import NoContactCore

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// `reasons`: the person's reasons, numbered from 1 in the order they were written.
package struct ReasonInfo: Sendable, Equatable, Codable {
    /// The number `nocontact reasons remove N` takes.
    package var number: Int
    package var text: String
    /// ISO 8601 with the local offset.
    package var recordedAt: String

    package init(number: Int, text: String, recordedAt: String) {
        self.number = number
        self.text = text
        self.recordedAt = recordedAt
    }

    private enum CodingKeys: String, CodingKey {
        case number, text
        case recordedAt = "recorded_at"
    }
}

/// `support`: the fixed text and the person's own people and lines.
package struct SupportInfo: Sendable, Equatable, Codable {
    /// Everything, ready to print.
    package var text: String
    package var people: [SupportPerson]
    package var lines: [String]

    package init(text: String, people: [SupportPerson], lines: [String]) {
        self.text = text
        self.people = people
        self.lines = lines
    }
}

/// `pause` and `resume`: whether deliveries are paused now, until when, and one line.
package struct PauseInfo: Sendable, Equatable, Codable {
    package var paused: Bool
    /// ISO 8601 with the local offset; nil when not paused.
    package var until: String?
    package var untilUsec: Int64?
    package var message: String

    package init(paused: Bool, until: String?, untilUsec: Int64?, message: String) {
        self.paused = paused
        self.until = until
        self.untilUsec = untilUsec
        self.message = message
    }

    private enum CodingKeys: String, CodingKey {
        case paused, until
        case untilUsec = "until_usec"
        case message
    }

    package func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(paused, forKey: .paused)
        // Explicit nulls: the JSON contract always has every field.
        try container.encode(until, forKey: .until)
        try container.encode(untilUsec, forKey: .untilUsec)
        try container.encode(message, forKey: .message)
    }
}
