public import Foundation
public import NoContactCore

/// Exports the journey in open formats, and reads them back (so that nothing is locked in).
///
/// - JSON: `{"format": "nocontact-export", "version": 1, "exported_at": SECONDS, "entries": [...]}`,
///   each entry an object with "type" and its fields, dates as seconds since 1970
///   (schema: docs/export.schema.json).
/// - Markdown: one section per entry, YAML front matter holding every field (values written as
///   JSON scalars, which YAML reads as they are), then the entry's text as a quote to read.
public enum JourneyExport {
    public static let format = "nocontact-export"
    public static let version = 1

    /// Why an export could not be read back.
    public struct ReadError: Error, CustomStringConvertible {
        public var description: String
    }

    private struct Document: Codable {
        var format: String
        var version: Int
        var exportedAt: Date
        var entries: [HistoryEntry]

        enum CodingKeys: String, CodingKey { case format, version, exportedAt = "exported_at", entries }
    }

    public static func json(_ entries: [HistoryEntry], exportedAt: Date) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .secondsSince1970
        let document = Document(format: format, version: version, exportedAt: exportedAt, entries: entries)
        return String(decoding: try encoder.encode(document), as: UTF8.self) + "\n"
    }

    public static func readJSON(_ text: String) throws -> [HistoryEntry] {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .secondsSince1970
        let document = try decoder.decode(Document.self, from: Data(text.utf8))
        guard document.format == format, document.version == version else {
            throw ReadError(description: "not a \(format) version \(version) document")
        }
        return document.entries
    }

    public static func markdown(_ entries: [HistoryEntry], exportedAt: Date, zone: TimeZone) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .secondsSince1970
        var output = "# nocontact journal\n\nExported \(LocalTimeText.format(exportedAt, in: zone)) (\(zone.identifier)). Private: keep it somewhere only you can read.\n"
        for entry in entries {
            let fields = try JSONDecoder().decode([String: JSONScalar].self, from: encoder.encode(entry))
            output += "\n---\n"
            for key in fields.keys.sorted() {
                output += "\(key): \(try fields[key].map { String(decoding: try encoder.encode($0), as: UTF8.self) } ?? "null")\n"
            }
            output += "---\n\n"
            output += "**\(title(of: entry)), \(LocalTimeText.format(entry.recordedAt, in: zone))**\n"
            if let body = body(of: entry), !body.isEmpty {
                output += "\n" + body.split(separator: "\n", omittingEmptySubsequences: false).map { "> \($0)" }.joined(separator: "\n") + "\n"
            }
        }
        return output
    }

    public static func readMarkdown(_ text: String) throws -> [HistoryEntry] {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .secondsSince1970
        var entries: [HistoryEntry] = []
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false)[...]
        while let start = lines.firstIndex(of: "---") {
            lines = lines[(start + 1)...]
            guard let end = lines.firstIndex(of: "---") else { throw ReadError(description: "front matter without its closing ---") }
            var object = "{"
            for (index, line) in lines[..<end].enumerated() {
                guard let colon = line.firstIndex(of: ":") else { throw ReadError(description: "front matter line without a key: \(line)") }
                let key = line[..<colon]
                let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
                object += "\(index == 0 ? "" : ",")\"\(key)\":\(value)"
            }
            object += "}"
            entries.append(try decoder.decode(HistoryEntry.self, from: Data(object.utf8)))
            lines = lines[(end + 1)...]
        }
        return entries
    }

    private static func title(of entry: HistoryEntry) -> String {
        switch entry {
        case let .reflection(reflection): return "Reflection, day \(reflection.day)\(reflection.promptText.map { ": \($0)" } ?? "")"
        case let .urge(urge): return "Urge \(urge.intensity)/5, day \(urge.day)\(urge.resisted ? ", resisted" : "")"
        case let .contact(contact): return contact.kind == .slip ? "Slip, day \(contact.day)" : "Contact about \(contact.kind.name), day \(contact.day)"
        case let .periodExtension(extension_): return "Period extended by \(extension_.days) days"
        case let .delivery(delivery): return "\(delivery.kind.rawValue.capitalized) delivered, day \(delivery.day)"
        }
    }

    private static func body(of entry: HistoryEntry) -> String? {
        switch entry {
        case let .reflection(reflection): return reflection.text
        case let .urge(urge): return urge.unsentMessage
        case let .contact(contact): return contact.note
        default: return nil
        }
    }

}

/// A JSON scalar (entries are flat objects of these).
private enum JSONScalar: Codable {
    case null, bool(Bool), number(Double), string(String)

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() { self = .null }
        else if let flag = try? container.decode(Bool.self) { self = .bool(flag) }
        else if let number = try? container.decode(Double.self) { self = .number(number) }
        else { self = .string(try container.decode(String.self)) }
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .null: try container.encodeNil()
        case let .bool(flag): try container.encode(flag)
        case let .number(number):
            // Whole numbers (ids, days) print without a fraction.
            if number.rounded() == number, abs(number) < 1e15 { try container.encode(Int64(number)) } else { try container.encode(number) }
        case let .string(text): try container.encode(text)
        }
    }
}
