package import Foundation
package import NoContactCore

/// The entries of an export grouped by local day, with the day's heading, for the documents
/// people read (Markdown and HTML). Deliveries are left out: they are what nocontact sent,
/// not what the person recorded.
package struct ExportDay: Sendable, Equatable {
    package var date: LocalDate
    /// "Friday 20 November 2026 · day 3 of 30" (with the period's name when there are several).
    package var heading: String
    package var entries: [HistoryEntry]

    /// The recorded entries (reflections, urges, contacts, extensions) by local day, oldest first.
    /// - Parameter lengths: each period's length in days (nil or absent: open-ended).
    package static func group(_ entries: [HistoryEntry], zone: Zone, lengths: [String: Int?]) -> [ExportDay] {
        let recorded = entries.filter { if case .delivery = $0 { return false } else { return true } }
            .sorted { $0.recordedAt < $1.recordedAt }
        let periods = Set(recorded.map(\.period))
        var days: [ExportDay] = []
        for entry in recorded {
            let date = LocalDate(entry.recordedAt, in: zone)
            if days.last?.date == date {
                days[days.count - 1].entries.append(entry)
                continue
            }
            var heading = DateText.long(date)
            if let day = entry.day {
                let length = lengths[entry.period].flatMap { $0 }
                let name = periods.count > 1 ? "\(entry.period): " : ""
                heading += " · \(name)day \(day)\(length.map { " of \($0)" } ?? "")"
            }
            days.append(ExportDay(date: date, heading: heading, entries: [entry]))
        }
        return days
    }
}

/// Dates and times as people read them, in English, without a locale's surprises.
package enum DateText {
    static let weekdays = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
    static let months = [
        "January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December",
    ]

    /// "Friday 20 November 2026".
    package static func long(_ date: LocalDate) -> String {
        "\(weekdays[JourneyDay.weekday(of: date)]) \(date.day) \(months[date.month - 1]) \(date.year)"
    }

    /// "November 2026".
    package static func month(_ date: LocalDate) -> String {
        "\(months[date.month - 1]) \(date.year)"
    }

    /// "21:04" on `zone`'s wall clock.
    package static func time(_ instant: Date, in zone: Zone) -> String {
        String(LocalTimeText.format(instant, in: zone).suffix(5))
    }
}

extension HistoryEntry {
    /// The period the entry belongs to.
    package var period: String {
        switch self {
        case let .reflection(entry): return entry.period
        case let .urge(entry): return entry.period
        case let .contact(entry): return entry.period
        case let .periodExtension(entry): return entry.period
        case let .delivery(entry): return entry.period
        }
    }

    /// The day of the period it happened on (extensions have none).
    package var day: Int? {
        switch self {
        case let .reflection(entry): return entry.day
        case let .urge(entry): return entry.day
        case let .contact(entry): return entry.day
        case .periodExtension: return nil
        case let .delivery(entry): return entry.day
        }
    }

    /// A short, kind title: "Reflection", "Urge, 4 of 5", "Got in touch", ...
    package var readableTitle: String {
        switch self {
        case .reflection: return "Reflection"
        case let .urge(urge): return "Urge, \(urge.intensity) of 5"
        case let .contact(contact):
            switch contact.kind {
            case .slip: return "Got in touch"
            case .received: return "They reached out"
            case let .logistics(kind): return "Logistics contact (\(kind))"
            }
        case let .periodExtension(extension_): return "Took \(extension_.days) more days"
        case let .delivery(delivery): return "\(delivery.kind.rawValue.capitalized) delivered"
        }
    }

    /// The plain facts under the title, one short line each (the texts come separately).
    package var readableFacts: [String] {
        switch self {
        case let .reflection(reflection):
            return reflection.mood.map { ["Mood: \($0) of 5"] } ?? []
        case let .urge(urge):
            var facts: [String] = []
            if let trigger = urge.trigger { facts.append("After: \(trigger)") }
            facts.append(urge.resisted ? "You let it pass." : "You acted on it.")
            if let after = urge.intensityAfter { facts.append("After the pause: \(after) of 5") }
            return facts
        case let .contact(contact):
            var facts: [String] = []
            if contact.kind == .slip { facts.append("The count started again; the days before still count.") }
            if let trigger = contact.trigger { facts.append("What led to it: \(trigger)") }
            return facts
        case let .periodExtension(extension_):
            return ["The period of \(extension_.period) grew by \(extension_.days) days."]
        case .delivery: return []
        }
    }
}
