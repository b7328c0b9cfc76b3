#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// JSON shape of a history entry (the export schema and the varlink `History` reply): the
/// entry's own fields plus `"type"`, e.g. `{"type": "reflection", "id": 3, "text": ...}`.
extension HistoryEntry: Codable {
    private enum TypeKey: String, CodingKey { case type }

    /// The `type` values, one per case.
    public enum EntryType: String, Sendable, Codable, CaseIterable {
        case reflection, urge, contact
        case periodExtension = "extension"
        case delivery
    }

    public var entryType: EntryType {
        switch self {
        case .reflection: return .reflection
        case .urge: return .urge
        case .contact: return .contact
        case .periodExtension: return .periodExtension
        case .delivery: return .delivery
        }
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: TypeKey.self)
        switch try container.decode(EntryType.self, forKey: .type) {
        case .reflection: self = .reflection(try Reflection(from: decoder))
        case .urge: self = .urge(try Urge(from: decoder))
        case .contact: self = .contact(try Contact(from: decoder))
        case .periodExtension: self = .periodExtension(try PeriodExtension(from: decoder))
        case .delivery: self = .delivery(try DeliveryRecord(from: decoder))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: TypeKey.self)
        try container.encode(entryType, forKey: .type)
        switch self {
        case let .reflection(entry): try entry.encode(to: encoder)
        case let .urge(entry): try entry.encode(to: encoder)
        case let .contact(entry): try entry.encode(to: encoder)
        case let .periodExtension(entry): try entry.encode(to: encoder)
        case let .delivery(entry): try entry.encode(to: encoder)
        }
    }
}
