import Foundation

/// A method call sent by a client (varlink.org "Method Call").
public struct VarlinkCall: Sendable, Equatable, Codable {
    /// Fully qualified: `interface.Method`, e.g. `org.varlink.service.GetInfo`.
    public var method: String
    public var parameters: [String: JSONValue]?
    /// The client wants no reply.
    public var oneway: Bool?
    /// The client accepts several replies (`continues: true` on all but the last).
    public var more: Bool?
    /// The client asks to switch protocols after the reply; not supported here.
    public var upgrade: Bool?

    public init(method: String, parameters: [String: JSONValue]? = nil, oneway: Bool? = nil, more: Bool? = nil, upgrade: Bool? = nil) {
        self.method = method
        self.parameters = parameters
        self.oneway = oneway
        self.more = more
        self.upgrade = upgrade
    }

    /// The interface part of `method` (everything before the last dot).
    public var interface: String {
        guard let dot = method.lastIndex(of: ".") else { return "" }
        return String(method[..<dot])
    }

    /// The member part of `method` (after the last dot).
    public var member: String {
        guard let dot = method.lastIndex(of: ".") else { return method }
        return String(method[method.index(after: dot)...])
    }
}

/// A reply from the service: parameters, or an error.
public struct VarlinkReply: Sendable, Equatable, Codable {
    public var parameters: [String: JSONValue]?
    public var continues: Bool?
    /// A fully qualified error name, e.g. `org.varlink.service.MethodNotFound`.
    public var error: String?

    public init(parameters: [String: JSONValue]? = nil, continues: Bool? = nil, error: String? = nil) {
        self.parameters = parameters
        self.continues = continues
        self.error = error
    }

    public static func failure(_ error: VarlinkError) -> VarlinkReply {
        VarlinkReply(parameters: error.parameters, error: error.name)
    }
}

/// Encodes and decodes varlink messages (JSON objects without the NUL terminator).
///
/// Dates travel as seconds since 1970 (a JSON number), which any client can read.
public enum VarlinkCoding {
    /// Encodes any `Encodable` into a JSON object for `parameters`.
    public static func object(from value: some Encodable) throws -> [String: JSONValue] {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .secondsSince1970
        return try JSONDecoder().decode([String: JSONValue].self, from: encoder.encode(value))
    }

    /// Decodes `parameters` into a `Decodable` type.
    public static func decode<Value: Decodable>(_ type: Value.Type, from parameters: [String: JSONValue]) throws -> Value {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .secondsSince1970
        return try decoder.decode(type, from: JSONEncoder().encode(parameters))
    }

    static func encode(_ message: some Encodable) throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return Array(try encoder.encode(message))
    }
}
