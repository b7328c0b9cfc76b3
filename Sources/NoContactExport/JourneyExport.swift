package import Foundation
package import NoContactCore

/// Exports the journey in open formats, and reads the JSON back (so that nothing is locked in).
///
/// - JSON, version 2: `{"format": "nocontact-export", "version": 2, "exported_at": RFC3339,
///   "timezone": ZONE, "entries": [...]}`, each entry an object with "type" and its fields,
///   instants as RFC 3339 strings with the local offset, ids unique across the export
///   ("reflection-3", "urge-3") (schema: docs/export.schema.json). Version 1 (instants as
///   seconds since 1970, ids per kind) is still read.
/// - Markdown: a document to read, one section per day (`JourneyMarkdown`).
package enum JourneyExport {
    package static let format = "nocontact-export"
    package static let version = 2

    /// Why an export could not be read back.
    package struct ReadError: Error, CustomStringConvertible {
        package var description: String
    }

    private struct Document: Codable {
        var format: String
        var version: Int
        var exportedAt: Date
        var entries: [HistoryEntry]

        enum CodingKeys: String, CodingKey {
            case format, version
            case exportedAt = "exported_at"
            case entries
        }
    }

    private struct DocumentV2: Codable {
        var format: String
        var version: Int
        var exportedAt: Date
        var timezone: String
        var entries: [HistoryEntry]

        enum CodingKeys: String, CodingKey {
            case format, version
            case exportedAt = "exported_at"
            case timezone, entries
        }
    }

    /// The export as JSON, version 2, instants on `zone`'s clock.
    package static func json(_ entries: [HistoryEntry], exportedAt: Date, zone: Zone) throws -> String {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .custom { date, encoder in
            var container = encoder.singleValueContainer()
            try container.encode(RFC3339.format(date, in: zone))
        }
        let document = DocumentV2(format: format, version: version, exportedAt: exportedAt, timezone: zone.identifier, entries: entries)
        guard var object = try JSONSerialization.jsonObject(with: encoder.encode(document)) as? [String: Any],
            let encoded = object["entries"] as? [[String: Any]]
        else { throw ReadError(description: "the export could not be encoded") }
        // Ids are per kind in the store: "reflection-3" and "urge-3" keep them apart.
        object["entries"] = encoded.map { entry -> [String: Any] in
            var entry = entry
            if let type = entry["type"] as? String, let id = (entry["id"] as? NSNumber)?.int64Value ?? (entry["id"] as? Int).map(Int64.init)
            {
                entry["id"] = "\(type)-\(id)"
            }
            return entry
        }
        let data = try JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
        return String(decoding: data, as: UTF8.self) + "\n"
    }

    /// The entries of a JSON export, version 1 or 2.
    package static func readJSON(_ text: String) throws -> [HistoryEntry] {
        guard let object = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any],
            object["format"] as? String == format, let found = object["version"] as? Int
        else { throw ReadError(description: "not a \(format) document") }
        switch found {
        case 1:
            let decoder = JSONDecoder()
            decoder.dateDecodingStrategy = .secondsSince1970
            return try decoder.decode(Document.self, from: Data(text.utf8)).entries
        case 2:
            guard let entries = object["entries"] as? [[String: Any]] else { throw ReadError(description: "no entries") }
            var plain = object
            plain["entries"] = try entries.map { entry -> [String: Any] in
                var entry = entry
                if let id = entry["id"] as? String {
                    guard let number = id.split(separator: "-").last.flatMap({ Int64($0) }) else {
                        throw ReadError(description: "an id that is not KIND-NUMBER: \(id)")
                    }
                    entry["id"] = number
                }
                return entry
            }
            let decoder = JSONDecoder()
            decoder.dateDecodingStrategy = .custom { decoder in
                let container = try decoder.singleValueContainer()
                let text = try container.decode(String.self)
                guard let date = RFC3339.parse(text) else {
                    throw DecodingError.dataCorruptedError(in: container, debugDescription: "not an RFC 3339 timestamp: \(text)")
                }
                return date
            }
            return try decoder.decode(DocumentV2.self, from: JSONSerialization.data(withJSONObject: plain)).entries
        default:
            throw ReadError(description: "a \(format) version \(found) document; this nocontact reads versions 1 and 2")
        }
    }

    /// The export as a Markdown document to read (see `JourneyMarkdown`).
    package static func markdown(_ entries: [HistoryEntry], exportedAt: Date, zone: Zone, lengths: [String: Int?] = [:]) -> String {
        JourneyMarkdown.document(entries, exportedAt: exportedAt, zone: zone, lengths: lengths)
    }
}
