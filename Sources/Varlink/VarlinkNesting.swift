/// How deeply a message nests objects and arrays, measured before it is decoded.
///
/// Foundation's JSONDecoder takes time that grows much faster than the input with nesting
/// depth (a 1 KB message of 500 nested arrays took over a second), and the connection's event
/// loop is the only socket thread: one client could freeze everyone. A single linear pass over
/// the bytes refuses such a message first, so decoding only ever sees shallow input.
enum VarlinkNesting {
    /// The deepest nesting of objects and arrays a call may have. Varlink interfaces nest a
    /// few levels; 64 leaves ample room for any real call and keeps decoding cheap.
    static let maximumDepth = 64

    /// Whether `bytes` nests objects and arrays deeper than `maximumDepth` (brackets inside
    /// strings do not count). Stops at the first level too deep, so the cost is at most linear.
    static func isTooDeep(_ bytes: some Sequence<UInt8>, maximumDepth: Int = maximumDepth) -> Bool {
        var depth = 0
        var inString = false
        var escaped = false
        for byte in bytes {
            if inString {
                if escaped {
                    escaped = false
                } else if byte == UInt8(ascii: "\\") {
                    escaped = true
                } else if byte == UInt8(ascii: "\"") {
                    inString = false
                }
                continue
            }
            switch byte {
            case UInt8(ascii: "\""):
                inString = true
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                depth += 1
                if depth > maximumDepth { return true }
            case UInt8(ascii: "}"), UInt8(ascii: "]"):
                depth -= 1
            default:
                break
            }
        }
        return false
    }
}
