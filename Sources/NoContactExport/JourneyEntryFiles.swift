import Foundation
package import NoContactCore

/// One Markdown file per entry, like jrnl's `--format yaml`: YAML front matter (`date` in
/// RFC 3339, `type`, `period`, `day`, `prompt`, `mood` or `intensity`, `tags`), then the text.
/// Ready for Obsidian, Jekyll or Hugo. Names sort by date: `2026-11-20-210405-250000-reflection-3.md`.
package enum JourneyEntryFiles {
    /// A file to write: its name (no directory) and its contents.
    package struct File: Sendable, Equatable {
        package var name: String
        package var contents: String
    }

    /// The files for the recorded entries (deliveries are left out), oldest first.
    package static func files(_ entries: [HistoryEntry], zone: Zone) -> [File] {
        entries.filter { if case .delivery = $0 { return false } else { return true } }
            .sorted { $0.recordedAt < $1.recordedAt }
            .map { file(for: $0, zone: zone) }
    }

    package static func file(for entry: HistoryEntry, zone: Zone) -> File {
        let date = RFC3339.format(entry.recordedAt, in: zone)
        var front: [(String, String)] = [
            ("date", date), ("type", entry.entryType.rawValue), ("period", yaml(entry.period)),
        ]
        if let day = entry.day { front.append(("day", "\(day)")) }
        var tags = ["nocontact", entry.entryType.rawValue]
        var id: Int64?
        switch entry {
        case let .reflection(reflection):
            id = reflection.id
            if let prompt = reflection.promptText { front.append(("prompt", yaml(prompt))) }
            if let promptID = reflection.promptID { front.append(("prompt_id", yaml(promptID))) }
            if let mood = reflection.mood { front.append(("mood", "\(mood)")) }
        case let .urge(urge):
            id = urge.id
            front.append(("intensity", "\(urge.intensity)"))
            if let after = urge.intensityAfter { front.append(("intensity_after", "\(after)")) }
            if let trigger = urge.trigger { front.append(("trigger", yaml(trigger))) }
            front.append(("resisted", urge.resisted ? "true" : "false"))
            if urge.unsentMessage != nil { tags.append("unsent-message") }
        case let .contact(contact):
            id = contact.id
            front.append(("kind", yaml(contact.kind.name)))
            if let trigger = contact.trigger { front.append(("trigger", yaml(trigger))) }
            tags.append(contact.kind == .slip ? "slip" : contact.kind.name)
        case let .periodExtension(extension_):
            id = extension_.id
            front.append(("days", "\(extension_.days)"))
        case let .delivery(delivery):
            id = delivery.id
        }
        front.append(("tags", "[" + tags.map(yaml).joined(separator: ", ") + "]"))
        var contents = "---\n" + front.map { "\($0.0): \($0.1)" }.joined(separator: "\n") + "\n---\n\n"
        contents += JourneyMarkdown.section(entry, zone: zone).split(separator: "\n", maxSplits: 1, omittingEmptySubsequences: false)
            .dropFirst().joined().trimmingCharacters(in: .newlines)
        if !contents.hasSuffix("\n") { contents += "\n" }
        // "2026-11-20T21:04:05.250000+01:00" -> "2026-11-20-210405-250000": fixed width, so
        // that names sort by local time, to the microsecond.
        let stamp = String(date.prefix(10)) + "-" + date.dropFirst(11).prefix(8).filter { $0 != ":" } + "-" + date.dropFirst(20).prefix(6)
        let name = "\(stamp)-\(entry.entryType.rawValue)-\(id.map(String.init) ?? "new").md"
        return File(name: name, contents: contents)
    }

    /// A YAML double-quoted scalar (JSON strings are valid YAML).
    static func yaml(_ text: String) -> String {
        var quoted = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": quoted += "\\\""
            case "\\": quoted += "\\\\"
            case "\n": quoted += "\\n"
            case "\t": quoted += "\\t"
            case "\r": quoted += "\\r"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F {
                    quoted +=
                        "\\u" + String(repeating: "0", count: 4 - String(scalar.value, radix: 16).count) + String(scalar.value, radix: 16)
                } else {
                    quoted.unicodeScalars.append(scalar)
                }
            }
        }
        return quoted + "\""
    }
}
