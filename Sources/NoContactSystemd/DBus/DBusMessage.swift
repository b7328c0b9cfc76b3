/// One D-Bus message: the header's fields and the body's values, and their wire format.
///
/// Encoding is always little-endian; decoding takes either byte order, because the bus daemon
/// passes messages on in their sender's order. Decoding checks everything the specification
/// requires and rejects the rest with a `DBusProtocolError`.
package struct DBusMessage: Sendable, Equatable {
    package enum Kind: UInt8, Sendable {
        case methodCall = 1
        case methodReturn = 2
        case error = 3
        case signal = 4
    }

    package struct Flags: OptionSet, Sendable, Equatable {
        package let rawValue: UInt8
        package init(rawValue: UInt8) { self.rawValue = rawValue }

        package static let noReplyExpected = Flags(rawValue: 0x1)
        /// The bus must not start a service for the destination (D-Bus activation).
        package static let noAutoStart = Flags(rawValue: 0x2)
        package static let allowInteractiveAuthorization = Flags(rawValue: 0x4)
    }

    /// The header field codes (`a(yv)` in the header).
    private enum Field: UInt8 {
        case path = 1
        case interface = 2
        case member = 3
        case errorName = 4
        case replySerial = 5
        case destination = 6
        case sender = 7
        case signature = 8
        case unixFDs = 9
    }

    /// The fixed part of every header: byte order, type, flags, version, body length, serial,
    /// and the header fields' array length.
    package static let fixedHeaderLength = 16
    /// The specification's limit for a whole message.
    package static let maximumLength = 128 * 1024 * 1024

    package var kind: Kind
    package var flags: Flags = []
    package var serial: UInt32
    package var path: String?
    package var interface: String?
    package var member: String?
    package var errorName: String?
    package var replySerial: UInt32?
    package var destination: String?
    package var sender: String?
    package var unixFDs: UInt32?
    package var body: [DBusValue] = []

    package init(
        kind: Kind, flags: Flags = [], serial: UInt32, path: String? = nil, interface: String? = nil, member: String? = nil,
        errorName: String? = nil, replySerial: UInt32? = nil, destination: String? = nil, sender: String? = nil,
        body: [DBusValue] = []
    ) {
        self.kind = kind
        self.flags = flags
        self.serial = serial
        self.path = path
        self.interface = interface
        self.member = member
        self.errorName = errorName
        self.replySerial = replySerial
        self.destination = destination
        self.sender = sender
        self.body = body
    }

    /// The body's signature.
    package var signature: String {
        body.map(\.type.signature).joined()
    }

    /// An error's text: by convention its first argument, when that is a string.
    package var errorMessage: String? {
        if case let .string(text)? = body.first { return text }
        return nil
    }

    // MARK: Encoding

    /// The message on the wire.
    package func encoded() throws(DBusProtocolError) -> [UInt8] {
        guard serial != 0 else { throw .zeroSerial }
        try checkRequiredFields()
        let bodySignature = signature
        guard bodySignature.utf8.count <= DBusType.maximumSignatureLength else { throw .invalidSignature(bodySignature) }
        var bodyWriter = DBusWriter()
        for value in body { try bodyWriter.write(value) }
        let bodyBytes = bodyWriter.bytes

        var fields: [DBusValue] = []
        func add(_ code: Field, _ value: DBusValue?) {
            if let value { fields.append(.structure([.byte(code.rawValue), .variant(value)])) }
        }
        add(.path, path.map(DBusValue.objectPath))
        add(.interface, interface.map(DBusValue.string))
        add(.member, member.map(DBusValue.string))
        add(.errorName, errorName.map(DBusValue.string))
        add(.replySerial, replySerial.map(DBusValue.uint32))
        add(.destination, destination.map(DBusValue.string))
        add(.sender, sender.map(DBusValue.string))
        add(.signature, bodySignature.isEmpty ? nil : .signature(bodySignature))
        add(.unixFDs, unixFDs.map(DBusValue.uint32))

        var writer = DBusWriter()
        for byte in [UInt8(ascii: "l"), kind.rawValue, flags.rawValue, 1] { try writer.write(.byte(byte)) }
        try writer.write(.uint32(UInt32(bodyBytes.count)))
        try writer.write(.uint32(serial))
        try writer.write(.array(.structure([.byte, .variant]), fields))
        writer.align(8)
        let message = writer.bytes + bodyBytes
        guard message.count <= Self.maximumLength else { throw .tooLarge(size: message.count, limit: Self.maximumLength) }
        return message
    }

    // MARK: Decoding

    /// The length of the whole message that starts with `prefix` (at least its first 16
    /// bytes), so a reader knows how much to wait for before decoding.
    /// - Throws: when the fixed header is invalid, or the message would be longer than `limit`.
    package static func length(ofMessageStartingWith prefix: some Collection<UInt8>, limit: Int) throws(DBusProtocolError) -> Int {
        let head = Array(prefix.prefix(fixedHeaderLength))
        guard head.count == fixedHeaderLength else { throw .truncated }
        let littleEndian = try byteOrder(head[0])
        var reader = DBusReader(bytes: head, littleEndian: littleEndian, offset: 4)
        let bodyLength = Int(try reader.readInteger() as UInt32)
        reader.offset = 12
        let fieldsLength = Int(try reader.readInteger() as UInt32)
        let headerLength = (fixedHeaderLength + fieldsLength + 7) / 8 * 8
        let total = headerLength + bodyLength
        guard total <= min(limit, maximumLength) else { throw .tooLarge(size: total, limit: min(limit, maximumLength)) }
        return total
    }

    /// Decodes one whole message (exactly its bytes).
    /// - Parameter limit: the most bytes accepted; the specification allows 128 MiB.
    package static func decode(_ bytes: [UInt8], limit: Int = maximumLength) throws(DBusProtocolError) -> DBusMessage {
        let total = try length(ofMessageStartingWith: bytes, limit: limit)
        guard bytes.count >= total else { throw .truncated }
        guard bytes.count == total else { throw .bodyMismatch("\(bytes.count - total) bytes after the message") }
        let littleEndian = try byteOrder(bytes[0])
        guard bytes[3] == 1 else { throw .unsupportedVersion(bytes[3]) }
        guard let kind = Kind(rawValue: bytes[1]) else { throw .unknownMessageType(bytes[1]) }

        var reader = DBusReader(bytes: bytes, littleEndian: littleEndian, offset: 4)
        let bodyLength = Int(try reader.readInteger() as UInt32)
        let serial: UInt32 = try reader.readInteger()
        guard serial != 0 else { throw .zeroSerial }
        reader.end = total - bodyLength
        guard case let .array(_, fields) = try reader.read(.array(.structure([.byte, .variant]))) else {
            throw .invalidHeader("no header fields")
        }
        try reader.align(8)
        guard reader.offset == total - bodyLength else { throw .invalidHeader("the header's length does not add up") }

        var message = DBusMessage(kind: kind, flags: Flags(rawValue: bytes[2]), serial: serial)
        var bodySignature = ""
        for field in fields {
            guard case let .structure(parts) = field, parts.count == 2, case let .byte(code) = parts[0],
                case let .variant(value) = parts[1]
            else { throw .invalidHeader("a malformed field") }
            // Unknown fields must be accepted and ignored.
            guard let known = Field(rawValue: code) else { continue }
            switch (known, value) {
            case let (.path, .objectPath(path)): message.path = path
            case let (.interface, .string(name)): message.interface = name
            case let (.member, .string(name)): message.member = name
            case let (.errorName, .string(name)): message.errorName = name
            case let (.replySerial, .uint32(number)): message.replySerial = number
            case let (.destination, .string(name)): message.destination = name
            case let (.sender, .string(name)): message.sender = name
            case let (.signature, .signature(signature)): bodySignature = signature
            case let (.unixFDs, .uint32(count)): message.unixFDs = count
            default: throw .invalidHeader("field \(code) has type \(value.type.signature)")
            }
        }
        try message.checkRequiredFields()

        reader.end = total
        for type in try DBusType.parse(signature: bodySignature) {
            do throws(DBusProtocolError) {
                message.body.append(try reader.read(type))
            } catch .truncated {
                throw .bodyMismatch("it ends before its signature \"\(bodySignature)\" does")
            }
        }
        guard reader.offset == total else { throw .bodyMismatch("\(total - reader.offset) bytes after the values") }
        return message
    }

    private static func byteOrder(_ byte: UInt8) throws(DBusProtocolError) -> Bool {
        switch byte {
        case UInt8(ascii: "l"): return true
        case UInt8(ascii: "B"): return false
        default: throw .unknownByteOrder(byte)
        }
    }

    /// The fields each message type must have.
    private func checkRequiredFields() throws(DBusProtocolError) {
        switch kind {
        case .methodCall:
            guard path != nil, member != nil else { throw .invalidHeader("a method call needs a path and a member") }
        case .methodReturn:
            guard replySerial != nil else { throw .invalidHeader("a method return needs a reply serial") }
        case .error:
            guard errorName != nil, replySerial != nil else { throw .invalidHeader("an error needs a name and a reply serial") }
        case .signal:
            guard path != nil, interface != nil, member != nil else {
                throw .invalidHeader("a signal needs a path, an interface and a member")
            }
        }
    }
}
