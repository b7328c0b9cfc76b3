package import Foundation
package import NoContactCore

/// The Markdown export: a document people read. A title, then one section per day
/// (`## Friday 20 November 2026 · day 3 of 30`), each entry under its local time, the prompt
/// as a quote above its answer, urges with their intensity and trigger. No field blocks, no
/// epoch numbers: the JSON export is the one for programs.
package enum JourneyMarkdown {
    package static func document(_ entries: [HistoryEntry], exportedAt: Date, zone: Zone, lengths: [String: Int?]) -> String {
        var output = "# Your nocontact journal\n\n"
        output += "Exported on \(LocalTimeText.format(exportedAt, in: zone)) (\(zone.identifier)). "
        output += "Private: keep it somewhere only you can read.\n"
        let days = ExportDay.group(entries, zone: zone, lengths: lengths)
        if days.isEmpty { output += "\nNothing recorded yet.\n" }
        for day in days {
            output += "\n## \(day.heading)\n"
            for entry in day.entries {
                output += "\n" + section(entry, zone: zone)
            }
        }
        return output
    }

    /// One entry: its time and title, its facts, then what was written.
    package static func section(_ entry: HistoryEntry, zone: Zone) -> String {
        var output = "### \(DateText.time(entry.recordedAt, in: zone)) · \(entry.readableTitle)\n"
        let facts = entry.readableFacts
        if !facts.isEmpty { output += "\n" + facts.map { escapeInline($0) }.joined(separator: "  \n") + "\n" }
        switch entry {
        case let .reflection(reflection):
            if let prompt = reflection.promptText { output += "\n" + quote(prompt) }
            output += "\n" + paragraphs(reflection.text)
        case let .urge(urge):
            if let message = urge.unsentMessage {
                output += "\nThe message you did not send:\n\n" + quote(message)
            }
        case let .contact(contact):
            if let note = contact.note { output += "\n" + paragraphs(note) }
        default: break
        }
        return output
    }

    /// `text` as a block quote, line by line.
    static func quote(_ text: String) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false).map { $0.isEmpty ? ">" : "> \(escapeLine(String($0)))" }
            .joined(separator: "\n") + "\n"
    }

    /// `text` as paragraphs, its line breaks kept.
    static func paragraphs(_ text: String) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false).map { line in
            line.isEmpty ? "" : escapeLine(String(line)) + "  "
        }.joined(separator: "\n").replacingOccurrences(of: "  \n\n", with: "\n\n").trailingSpacesRemoved + "\n"
    }

    /// A line of the person's text that Markdown would otherwise read as a heading, a quote, a
    /// list or a rule gets a backslash in front; the words stay as written.
    static func escapeLine(_ line: String) -> String {
        let trimmed = line.drop { $0 == " " }
        guard let first = trimmed.first else { return line }
        if "#>-=*+|".contains(first) { return "\\" + line }
        if first.isNumber, let dot = trimmed.firstIndex(where: { !$0.isNumber }), trimmed[dot] == "." || trimmed[dot] == ")" {
            return line.replacingOccurrences(
                of: String(trimmed[dot]), with: "\\" + String(trimmed[dot]), options: [], range: line.range(of: String(trimmed[dot])))
        }
        return line
    }

    static func escapeInline(_ text: String) -> String {
        escapeLine(text.replacingOccurrences(of: "\n", with: " "))
    }
}
