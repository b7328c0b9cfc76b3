/// Why bytes are not a D-Bus message we accept, or a value cannot be sent. `description` is a
/// sentence for a log line; nothing of a message's contents is quoted except names.
package enum DBusProtocolError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The message ends before a value or its padding does.
    case truncated
    /// The message is larger than we accept (`limit` bytes).
    case tooLarge(size: Int, limit: Int)
    /// The first byte is neither `l` nor `B`.
    case unknownByteOrder(UInt8)
    /// A protocol version other than 1.
    case unsupportedVersion(UInt8)
    /// A message type this client does not know; the specification says to ignore it.
    case unknownMessageType(UInt8)
    /// The serial is zero, which the specification forbids.
    case zeroSerial
    case invalidSignature(String)
    /// A string that is not UTF-8, contains a NUL, or is not NUL-terminated.
    case invalidString
    /// An object path that does not follow the specification's rules.
    case invalidObjectPath(String)
    /// A boolean other than 0 or 1.
    case invalidBoolean(UInt32)
    /// Non-zero bytes where the specification requires zero padding.
    case invalidPadding
    /// An array longer than the specification's 64 MiB, or than the bytes left.
    case arrayTooLong(Int)
    /// Variants nested deeper than the specification allows.
    case nestingTooDeep
    /// A header field the message type requires is missing, or a field has the wrong type.
    case invalidHeader(String)
    /// The body does not have the shape its signature says (or bytes remain after it).
    case bodyMismatch(String)
    /// A value given to the encoder does not match its declared type.
    case valueMismatch(String)

    package var description: String {
        switch self {
        case .truncated: return "the message ends too early"
        case let .tooLarge(size, limit): return "a message of \(size) bytes is larger than the \(limit) bytes accepted"
        case let .unknownByteOrder(byte): return "unknown byte order \(byte)"
        case let .unsupportedVersion(version): return "unsupported protocol version \(version)"
        case let .unknownMessageType(type): return "unknown message type \(type)"
        case .zeroSerial: return "a message with serial 0"
        case let .invalidSignature(signature): return "invalid signature \"\(signature)\""
        case .invalidString: return "a string that is not valid UTF-8 without NUL"
        case let .invalidObjectPath(path): return "invalid object path \"\(path)\""
        case let .invalidBoolean(value): return "a boolean of \(value)"
        case .invalidPadding: return "non-zero padding"
        case let .arrayTooLong(length): return "an array of \(length) bytes is too long"
        case .nestingTooDeep: return "values nested too deeply"
        case let .invalidHeader(reason): return "invalid header: \(reason)"
        case let .bodyMismatch(reason): return "the body does not match its signature: \(reason)"
        case let .valueMismatch(reason): return "cannot encode: \(reason)"
        }
    }
}
