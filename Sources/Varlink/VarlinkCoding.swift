#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Encodes and decodes varlink messages (JSON objects without the NUL terminator).
///
/// Dates travel as seconds since 1970 (a JSON number), which any client can read.
public enum VarlinkCoding {
    /// Encodes any `Encodable` into a JSON object for `parameters`.
    public static func object(from value: some Encodable) throws -> [String: JSONValue] {
        guard case let .object(members) = try JSONValueEncoder.encode(value) else {
            throw EncodingError.invalidValue(
                value, EncodingError.Context(codingPath: [], debugDescription: "parameters must be a JSON object"))
        }
        return members
    }

    /// The bytes `value` takes in a message as the server writes it: for keeping replies
    /// under the message limit. Nil for what cannot be encoded (non-finite numbers).
    public static func encodedSize(of value: JSONValue) -> Int? {
        var bytes: [UInt8] = []
        do {
            try JSONWriter.write(value, into: &bytes)
        } catch {
            return nil
        }
        return bytes.count
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

    /// A reply as sent on the wire: JSON and its NUL terminator.
    ///
    /// Only non-finite numbers (NaN, infinity) cannot be encoded in JSON; such a reply becomes
    /// an InvalidParameter error naming "reply", so that the client is still answered.
    static func frame(_ reply: VarlinkReply) -> [UInt8] {
        var bytes = (try? JSONWriter.write(reply)) ?? (try? JSONWriter.write(VarlinkReply.failure(.invalidParameter("reply")))) ?? []
        bytes.append(0)
        return bytes
    }
}
