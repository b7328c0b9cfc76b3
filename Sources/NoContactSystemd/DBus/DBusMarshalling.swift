/// Writes values in D-Bus's wire format, little-endian. Offsets (and so alignment) count from
/// the start of `bytes`, which must be the start of the message or an 8-aligned point in it.
struct DBusWriter {
    private(set) var bytes: [UInt8] = []

    mutating func align(_ boundary: Int) {
        while bytes.count % boundary != 0 { bytes.append(0) }
    }

    mutating func write(_ value: DBusValue) throws(DBusProtocolError) {
        align(value.type.alignment)
        switch value {
        case let .byte(byte): bytes.append(byte)
        case let .boolean(flag): writeInteger(UInt32(flag ? 1 : 0))
        case let .int16(number): writeInteger(UInt16(bitPattern: number))
        case let .uint16(number): writeInteger(number)
        case let .int32(number): writeInteger(UInt32(bitPattern: number))
        case let .uint32(number): writeInteger(number)
        case let .int64(number): writeInteger(UInt64(bitPattern: number))
        case let .uint64(number): writeInteger(number)
        case let .double(number): writeInteger(number.bitPattern)
        case let .unixFD(index): writeInteger(index)
        case let .string(text):
            try writeString(text)
        case let .objectPath(path):
            guard DBusReader.isValidObjectPath(path) else { throw .invalidObjectPath(path) }
            try writeString(path)
        case let .signature(signature):
            _ = try DBusType.parse(signature: signature)
            writeSignature(signature)
        case let .variant(inner):
            writeSignature(inner.type.signature)
            try write(inner)
        case let .array(element, values):
            writeInteger(UInt32(0))  // the length, filled in below
            let lengthAt = bytes.count - 4
            // The padding before the first element is not part of the length, even when empty.
            align(element.alignment)
            let start = bytes.count
            for value in values {
                guard value.type == element else {
                    throw .valueMismatch("an element of type \(value.type.signature) in an array of \(element.signature)")
                }
                try write(value)
            }
            let length = bytes.count - start
            guard length <= DBusReader.maximumArrayLength else { throw .arrayTooLong(length) }
            withUnsafeBytes(of: UInt32(length).littleEndian) { bytes.replaceSubrange(lengthAt..<lengthAt + 4, with: $0) }
        case let .dictEntry(key, value):
            guard key.type.isBasic else { throw .valueMismatch("a dict entry with a \(key.type.signature) key") }
            try write(key)
            try write(value)
        case let .structure(fields):
            guard !fields.isEmpty else { throw .valueMismatch("an empty structure") }
            for field in fields { try write(field) }
        }
    }

    private mutating func writeInteger<Integer: FixedWidthInteger>(_ value: Integer) {
        withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
    }

    private mutating func writeString(_ text: String) throws(DBusProtocolError) {
        let utf8 = Array(text.utf8)
        guard !utf8.contains(0) else { throw .invalidString }
        writeInteger(UInt32(utf8.count))
        bytes.append(contentsOf: utf8)
        bytes.append(0)
    }

    private mutating func writeSignature(_ signature: String) {
        // Callers check the signature (at most 255 bytes, so its length fits the byte).
        bytes.append(UInt8(truncatingIfNeeded: signature.utf8.count))
        bytes.append(contentsOf: signature.utf8)
        bytes.append(0)
    }
}

/// Reads values in D-Bus's wire format from a whole message, checking everything the
/// specification requires: bounds, zero padding, UTF-8 strings, booleans, array lengths and
/// nesting. Offsets count from the start of the message.
struct DBusReader {
    /// The specification's limit for one array's contents.
    static let maximumArrayLength = 64 * 1024 * 1024
    /// The specification's limit for nested containers, variants included.
    static let maximumDepth = 64

    let bytes: [UInt8]
    let littleEndian: Bool
    var offset: Int
    /// Where reading must stop (the end of the header fields, or of the body).
    var end: Int

    init(bytes: [UInt8], littleEndian: Bool, offset: Int = 0, end: Int? = nil) {
        self.bytes = bytes
        self.littleEndian = littleEndian
        self.offset = offset
        self.end = end ?? bytes.count
    }

    mutating func align(_ boundary: Int) throws(DBusProtocolError) {
        let padded = (offset + boundary - 1) / boundary * boundary
        guard padded <= end else { throw .truncated }
        for index in offset..<padded where bytes[index] != 0 { throw .invalidPadding }
        offset = padded
    }

    mutating func read(_ type: DBusType, depth: Int = 0) throws(DBusProtocolError) -> DBusValue {
        guard depth <= Self.maximumDepth else { throw .nestingTooDeep }
        try align(type.alignment)
        switch type {
        case .byte: return .byte(try readByte())
        case .boolean:
            let raw: UInt32 = try readInteger()
            guard raw <= 1 else { throw .invalidBoolean(raw) }
            return .boolean(raw == 1)
        case .int16: return .int16(Int16(bitPattern: try readInteger()))
        case .uint16: return .uint16(try readInteger())
        case .int32: return .int32(Int32(bitPattern: try readInteger()))
        case .uint32: return .uint32(try readInteger())
        case .int64: return .int64(Int64(bitPattern: try readInteger()))
        case .uint64: return .uint64(try readInteger())
        case .double: return .double(Double(bitPattern: try readInteger()))
        case .unixFD: return .unixFD(try readInteger())
        case .string:
            let length: UInt32 = try readInteger()
            return .string(try readText(length: Int(length)))
        case .objectPath:
            let length: UInt32 = try readInteger()
            let path = try readText(length: Int(length))
            guard Self.isValidObjectPath(path) else { throw .invalidObjectPath(path) }
            return .objectPath(path)
        case .signature:
            let signature = try readSignature()
            _ = try DBusType.parse(signature: signature)
            return .signature(signature)
        case .variant:
            let signature = try readSignature()
            let types = try DBusType.parse(signature: signature)
            guard types.count == 1, let inner = types.first else { throw .invalidSignature(signature) }
            return .variant(try read(inner, depth: depth + 1))
        case let .array(element):
            let raw: UInt32 = try readInteger()
            let length = Int(raw)
            guard length <= Self.maximumArrayLength else { throw .arrayTooLong(length) }
            try align(element.alignment)
            guard length <= end - offset else { throw .arrayTooLong(length) }
            let arrayEnd = offset + length
            var values: [DBusValue] = []
            while offset < arrayEnd {
                values.append(try read(element, depth: depth + 1))
            }
            guard offset == arrayEnd else { throw .truncated }
            return .array(element, values)
        case let .dictEntry(key, value):
            return .dictEntry(try read(key, depth: depth + 1), try read(value, depth: depth + 1))
        case let .structure(fields):
            var values: [DBusValue] = []
            for field in fields { values.append(try read(field, depth: depth + 1)) }
            return .structure(values)
        }
    }

    mutating func readByte() throws(DBusProtocolError) -> UInt8 {
        guard offset < end else { throw .truncated }
        defer { offset += 1 }
        return bytes[offset]
    }

    mutating func readInteger<Integer: FixedWidthInteger>() throws(DBusProtocolError) -> Integer {
        let size = MemoryLayout<Integer>.size
        guard size <= end - offset else { throw .truncated }
        var value: Integer = 0
        for index in 0..<size {
            let byte = Integer(bytes[offset + (littleEndian ? size - 1 - index : index)])
            value = (value << 8) | byte
        }
        offset += size
        return value
    }

    /// `length` bytes of UTF-8 and the NUL after them.
    private mutating func readText(length: Int) throws(DBusProtocolError) -> String {
        guard length < end - offset else { throw .truncated }
        let slice = bytes[offset..<offset + length]
        guard bytes[offset + length] == 0, !slice.contains(0), let text = String(validating: slice, as: UTF8.self) else {
            throw .invalidString
        }
        offset += length + 1
        return text
    }

    private mutating func readSignature() throws(DBusProtocolError) -> String {
        let length = Int(try readByte())
        return try readText(length: length)
    }

    /// `/`, or `/`-separated non-empty elements of `[A-Za-z0-9_]`.
    static func isValidObjectPath(_ path: String) -> Bool {
        let bytes = Array(path.utf8)
        guard bytes.first == UInt8(ascii: "/") else { return false }
        if bytes.count == 1 { return true }
        guard bytes.last != UInt8(ascii: "/") else { return false }
        var previous: UInt8 = 0
        for byte in bytes {
            let isElement =
                (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")) || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z"))
                || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")) || byte == UInt8(ascii: "_")
            if byte == UInt8(ascii: "/") {
                if previous == UInt8(ascii: "/") { return false }
            } else if !isElement {
                return false
            }
            previous = byte
        }
        return true
    }
}
