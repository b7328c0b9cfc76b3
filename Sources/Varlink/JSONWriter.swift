/// Writes a `JSONValue` as compact JSON with sorted keys, straight into bytes.
///
/// Every reply goes through here, so it avoids the general `JSONEncoder` (a Codable walk and
/// an intermediate `Data`): for a small reply that was most of the time spent sending it.
enum JSONWriter {
    /// A number JSON cannot carry (NaN, infinity).
    struct NonFiniteNumber: Error {}

    static func write(_ value: JSONValue, into bytes: inout [UInt8]) throws(NonFiniteNumber) {
        switch value {
        case .null: bytes.append(contentsOf: "null".utf8)
        case let .bool(flag): bytes.append(contentsOf: (flag ? "true" : "false").utf8)
        case let .int(number): bytes.append(contentsOf: String(number).utf8)
        case let .double(number):
            guard number.isFinite else { throw NonFiniteNumber() }
            // Whole numbers keep a fraction so that they read back as floats, as JSONEncoder writes them.
            if number.rounded() == number && abs(number) < 1e15 {
                bytes.append(contentsOf: String(Int64(number)).utf8)
                bytes.append(contentsOf: ".0".utf8)
            } else {
                bytes.append(contentsOf: "\(number)".utf8)
            }
        case let .string(text): writeString(text, into: &bytes)
        case let .array(items):
            bytes.append(UInt8(ascii: "["))
            for (index, item) in items.enumerated() {
                if index > 0 { bytes.append(UInt8(ascii: ",")) }
                try write(item, into: &bytes)
            }
            bytes.append(UInt8(ascii: "]"))
        case let .object(members):
            try writeObject(members, into: &bytes)
        }
    }

    static func writeObject(_ members: [String: JSONValue], into bytes: inout [UInt8]) throws(NonFiniteNumber) {
        bytes.append(UInt8(ascii: "{"))
        for (index, key) in members.keys.sorted().enumerated() {
            if index > 0 { bytes.append(UInt8(ascii: ",")) }
            writeString(key, into: &bytes)
            bytes.append(UInt8(ascii: ":"))
            // The key comes from `members`, so the lookup cannot miss.
            try write(members[key] ?? .null, into: &bytes)
        }
        bytes.append(UInt8(ascii: "}"))
    }

    /// A JSON string: quotes, backslashes and control characters escaped; the rest as UTF-8.
    static func writeString(_ text: String, into bytes: inout [UInt8]) {
        bytes.append(UInt8(ascii: "\""))
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""): bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\"")])
            case UInt8(ascii: "\\"): bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\\")])
            case UInt8(ascii: "\n"): bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "n")])
            case UInt8(ascii: "\r"): bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "r")])
            case UInt8(ascii: "\t"): bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "t")])
            case 0..<0x20:
                let hex = Array("0123456789abcdef".utf8)
                bytes.append(contentsOf: [
                    UInt8(ascii: "\\"), UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0"), hex[Int(byte >> 4)], hex[Int(byte & 0xF)],
                ])
            default: bytes.append(byte)
            }
        }
        bytes.append(UInt8(ascii: "\""))
    }

    /// A reply: its members in sorted order, as `JSONEncoder` with `.sortedKeys` writes them.
    static func write(_ reply: VarlinkReply) throws(NonFiniteNumber) -> [UInt8] {
        var members: [String: JSONValue] = [:]
        if let continues = reply.continues { members["continues"] = .bool(continues) }
        if let error = reply.error { members["error"] = .string(error) }
        if let parameters = reply.parameters { members["parameters"] = .object(parameters) }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(256)
        try writeObject(members, into: &bytes)
        return bytes
    }
}

extension JSONValue {
    /// This value as compact JSON with sorted keys, as varlink messages are written; nil when
    /// it holds a number JSON cannot carry (NaN, infinity).
    package var compactJSON: String? {
        var bytes: [UInt8] = []
        guard (try? JSONWriter.write(self, into: &bytes)) != nil else { return nil }
        return String(decoding: bytes, as: UTF8.self)
    }
}
