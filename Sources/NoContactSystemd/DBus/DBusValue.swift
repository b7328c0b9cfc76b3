/// A D-Bus type, as a signature spells it (`s`, `a{sv}`, `(ii)`).
package indirect enum DBusType: Sendable, Equatable {
    case byte
    case boolean
    case int16
    case uint16
    case int32
    case uint32
    case int64
    case uint64
    case double
    case string
    case objectPath
    case signature
    /// An index into the descriptors sent along; we never negotiate descriptor passing, so one
    /// only arrives from a peer that ignores that.
    case unixFD
    case variant
    case array(DBusType)
    /// Only as the element of an array (`a{..}`).
    case dictEntry(key: DBusType, value: DBusType)
    case structure([DBusType])

    /// The type's code in a signature.
    package var signature: String {
        switch self {
        case .byte: return "y"
        case .boolean: return "b"
        case .int16: return "n"
        case .uint16: return "q"
        case .int32: return "i"
        case .uint32: return "u"
        case .int64: return "x"
        case .uint64: return "t"
        case .double: return "d"
        case .string: return "s"
        case .objectPath: return "o"
        case .signature: return "g"
        case .unixFD: return "h"
        case .variant: return "v"
        case let .array(element): return "a" + element.signature
        case let .dictEntry(key, value): return "{" + key.signature + value.signature + "}"
        case let .structure(fields): return "(" + fields.map(\.signature).joined() + ")"
        }
    }

    /// The boundary a value of this type starts on, relative to the start of the message.
    var alignment: Int {
        switch self {
        case .byte, .signature, .variant: return 1
        case .int16, .uint16: return 2
        case .boolean, .int32, .uint32, .string, .objectPath, .unixFD, .array: return 4
        case .int64, .uint64, .double, .dictEntry, .structure: return 8
        }
    }

    /// Whether the type may be the key of a dict entry.
    var isBasic: Bool {
        switch self {
        case .variant, .array, .dictEntry, .structure: return false
        default: return true
        }
    }

    /// The longest signature the specification allows.
    static let maximumSignatureLength = 255
    /// The deepest nesting of arrays, and separately of structures, the specification allows.
    static let maximumNesting = 32

    /// The complete types of `signature`, in order.
    /// - Throws: `DBusProtocolError.invalidSignature` for anything the specification rejects,
    ///   including nesting deeper than 32 arrays or 32 structures.
    static func parse(signature: String) throws(DBusProtocolError) -> [DBusType] {
        let codes = Array(signature.utf8)
        guard codes.count <= maximumSignatureLength else { throw .invalidSignature(signature) }
        var parser = SignatureParser(codes: codes, text: signature)
        var types: [DBusType] = []
        while parser.index < codes.count {
            types.append(try parser.completeType(arrays: 0, structures: 0))
        }
        return types
    }
}

/// Reads one complete type after another from a signature's bytes.
private struct SignatureParser {
    let codes: [UInt8]
    let text: String
    var index = 0

    mutating func completeType(arrays: Int, structures: Int) throws(DBusProtocolError) -> DBusType {
        guard index < codes.count else { throw .invalidSignature(text) }
        let code = codes[index]
        index += 1
        switch code {
        case UInt8(ascii: "y"): return .byte
        case UInt8(ascii: "b"): return .boolean
        case UInt8(ascii: "n"): return .int16
        case UInt8(ascii: "q"): return .uint16
        case UInt8(ascii: "i"): return .int32
        case UInt8(ascii: "u"): return .uint32
        case UInt8(ascii: "x"): return .int64
        case UInt8(ascii: "t"): return .uint64
        case UInt8(ascii: "d"): return .double
        case UInt8(ascii: "s"): return .string
        case UInt8(ascii: "o"): return .objectPath
        case UInt8(ascii: "g"): return .signature
        case UInt8(ascii: "h"): return .unixFD
        case UInt8(ascii: "v"): return .variant
        case UInt8(ascii: "a"):
            guard arrays < DBusType.maximumNesting else { throw .invalidSignature(text) }
            if index < codes.count, codes[index] == UInt8(ascii: "{") {
                index += 1
                let key = try completeType(arrays: arrays + 1, structures: structures)
                guard key.isBasic else { throw .invalidSignature(text) }
                let value = try completeType(arrays: arrays + 1, structures: structures)
                guard index < codes.count, codes[index] == UInt8(ascii: "}") else { throw .invalidSignature(text) }
                index += 1
                return .array(.dictEntry(key: key, value: value))
            }
            return .array(try completeType(arrays: arrays + 1, structures: structures))
        case UInt8(ascii: "("):
            guard structures < DBusType.maximumNesting else { throw .invalidSignature(text) }
            var fields: [DBusType] = []
            while index < codes.count, codes[index] != UInt8(ascii: ")") {
                fields.append(try completeType(arrays: arrays, structures: structures + 1))
            }
            guard index < codes.count, !fields.isEmpty else { throw .invalidSignature(text) }
            index += 1
            return .structure(fields)
        default:
            // Includes a `{` outside an array and a stray `)` or `}`.
            throw .invalidSignature(text)
        }
    }
}

/// A D-Bus value with its type.
package indirect enum DBusValue: Sendable, Equatable {
    case byte(UInt8)
    case boolean(Bool)
    case int16(Int16)
    case uint16(UInt16)
    case int32(Int32)
    case uint32(UInt32)
    case int64(Int64)
    case uint64(UInt64)
    case double(Double)
    case string(String)
    case objectPath(String)
    case signature(String)
    case unixFD(UInt32)
    case variant(DBusValue)
    /// The element type is carried so that an empty array still has a signature.
    case array(DBusType, [DBusValue])
    case dictEntry(DBusValue, DBusValue)
    case structure([DBusValue])

    package var type: DBusType {
        switch self {
        case .byte: return .byte
        case .boolean: return .boolean
        case .int16: return .int16
        case .uint16: return .uint16
        case .int32: return .int32
        case .uint32: return .uint32
        case .int64: return .int64
        case .uint64: return .uint64
        case .double: return .double
        case .string: return .string
        case .objectPath: return .objectPath
        case .signature: return .signature
        case .unixFD: return .unixFD
        case .variant: return .variant
        case let .array(element, _): return .array(element)
        case let .dictEntry(key, value): return .dictEntry(key: key.type, value: value.type)
        case let .structure(fields): return .structure(fields.map(\.type))
        }
    }

    /// An `a{sv}` dictionary, as hints and properties are passed.
    package static func dictionary(_ entries: [(String, DBusValue)]) -> DBusValue {
        .array(.dictEntry(key: .string, value: .variant), entries.map { .dictEntry(.string($0.0), .variant($0.1)) })
    }
}
