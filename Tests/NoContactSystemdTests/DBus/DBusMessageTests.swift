import Testing

@testable import NoContactSystemd

/// Bytes from hex, for wire-format fixtures.
func bytes(hex: String) -> [UInt8] {
    var result: [UInt8] = []
    var index = hex.startIndex
    while index < hex.endIndex {
        let next = hex.index(index, offsetBy: 2)
        result.append(UInt8(hex[index..<next], radix: 16)!)
        index = next
    }
    return result
}

/// The wire format, against messages marshalled by another implementation (jeepney 0.9.0, a
/// pure-Python D-Bus library; the fixtures are its output for the same messages).
struct DBusMessageTests {
    static let notifyCall = bytes(
        hex: "6c0102019c000000070000009b00000001016f001e0000002f6f72672f667265656465736b746f702f4e6f74696669636174696f6e7300"
            + "00020173001d0000006f72672e667265656465736b746f702e4e6f74696669636174696f6e7300000003017300060000004e6f7469"
            + "66790000060173001d0000006f72672e667265656465736b746f702e4e6f74696669636174696f6e73000000080167000d73757373"
            + "736173617b73767d69000000000000090000006e6f636f6e74616374000000000000000000000000000000050000004461792031000000"
            + "110000004c696e65206f6e650a6c696e652074776f000000170000000700000064656661756c740006000000416e73776572000037"
            + "00000007000000757267656e637900017900000800000063617465676f72790001730012000000782d6e6f636f6e746163742e7072"
            + "6f6d70740000ffffffff")
    static let reply = bytes(
        hex: "6c02000104000000030000002f000000050175000700000006017300040000003a312e390000000007017300040000003a312e35000000"
            + "0008016700017500002a000000")
    static let error = bytes(
        hex: "6c03000120000000040000007700000004017300290000006f72672e667265656465736b746f702e444275732e4572726f722e536572"
            + "76696365556e6b6e6f776e00000000000000050175000700000006017300040000003a312e390000000007017300140000006f72672e"
            + "667265656465736b746f702e444275730000000008016700017300001b000000546865206e616d65206973206e6f7420616374697661"
            + "7461626c6500")
    static let signal = bytes(
        hex: "6c04000110000000090000008000000001016f001e0000002f6f72672f667265656465736b746f702f4e6f74696669636174696f6e73"
            + "0000020173001d0000006f72672e667265656465736b746f702e4e6f74696669636174696f6e73000000030173000d000000416374"
            + "696f6e496e766f6b656400000007017300040000003a312e350000000008016700027573002a0000000700000064656661756c7400")
    static let bigEndianSignal = bytes(
        hex: "4204000100000010000000090000008001016f000000001e2f6f72672f667265656465736b746f702f4e6f74696669636174696f6e73"
            + "0000020173000000001d6f72672e667265656465736b746f702e4e6f74696669636174696f6e73000000030173000000000d41637469"
            + "6f6e496e766f6b656400000007017300000000043a312e350000000008016700027573000000002a0000000764656661756c7400")

    static let notification = DesktopNotification(
        summary: "Day 1", body: "Line one\nline two", actions: [DesktopNotification.Action(key: "default", label: "Answer")],
        urgency: .low, category: "x-nocontact.prompt")

    static func notifyMessage() -> DBusMessage {
        DBusMessage(
            kind: .methodCall, flags: .noAutoStart, serial: 7, path: "/org/freedesktop/Notifications",
            interface: "org.freedesktop.Notifications", member: "Notify", destination: "org.freedesktop.Notifications",
            body: DesktopNotifier.arguments(of: notification))
    }

    /// The Notify call, `susssasa{sv}i`, byte for byte as jeepney marshals it.
    @Test func marshalsNotifyCall() throws {
        let message = Self.notifyMessage()
        #expect(message.signature == "susssasa{sv}i")
        #expect(try message.encoded() == Self.notifyCall)
        #expect(try DBusMessage.decode(Self.notifyCall) == message)
    }

    @Test func parsesMethodReturn() throws {
        let reply = try DBusMessage.decode(Self.reply)
        #expect(reply.kind == .methodReturn)
        #expect(reply.serial == 3)
        #expect(reply.replySerial == 7)
        #expect(reply.sender == ":1.5")
        #expect(reply.destination == ":1.9")
        #expect(reply.body == [.uint32(42)])
    }

    @Test func parsesError() throws {
        let error = try DBusMessage.decode(Self.error)
        #expect(error.kind == .error)
        #expect(error.errorName == "org.freedesktop.DBus.Error.ServiceUnknown")
        #expect(error.replySerial == 7)
        #expect(error.errorMessage == "The name is not activatable")
    }

    /// ActionInvoked, in both byte orders (the bus passes messages on in their sender's order).
    @Test(arguments: [signal, bigEndianSignal])
    func parsesSignal(bytes: [UInt8]) throws {
        let signal = try DBusMessage.decode(bytes)
        #expect(signal.kind == .signal)
        #expect(signal.serial == 9)
        #expect(signal.path == "/org/freedesktop/Notifications")
        #expect(signal.interface == "org.freedesktop.Notifications")
        #expect(signal.member == "ActionInvoked")
        #expect(signal.sender == ":1.5")
        #expect(signal.body == [.uint32(42), .string("default")])
    }

    /// Every type survives a round trip, including empty arrays and nested containers.
    @Test func roundTripsEveryType() throws {
        let message = DBusMessage(
            kind: .signal, serial: 1, path: "/a/b_1", interface: "x.y", member: "Z",
            body: [
                .byte(255), .boolean(true), .int16(-2), .uint16(65535), .int32(-3), .uint32(4), .int64(-5), .uint64(6),
                .double(1.5), .string("é\nx"), .objectPath("/"), .signature("a{sv}"), .array(.int64, []),
                .structure([.byte(1), .array(.structure([.string, .variant]), [.structure([.string("k"), .variant(.int64(7))])])]),
                .dictionary([("a", .boolean(false)), ("b", .array(.string, [.string("c")]))]),
            ])
        #expect(try DBusMessage.decode(try message.encoded()) == message)
    }

    // MARK: Rejected

    @Test func rejectsTruncatedMessages() {
        for length in [0, 10, 16, Self.reply.count - 1] {
            #expect(throws: DBusProtocolError.self) { try DBusMessage.decode(Array(Self.reply.prefix(length))) }
        }
        #expect(throws: DBusProtocolError.bodyMismatch("1 bytes after the message")) { try DBusMessage.decode(Self.reply + [0]) }
    }

    @Test func rejectsUnknownByteOrderAndVersion() {
        var message = Self.reply
        message[0] = UInt8(ascii: "x")
        #expect(throws: DBusProtocolError.unknownByteOrder(UInt8(ascii: "x"))) { try DBusMessage.decode(message) }
        message = Self.reply
        message[3] = 2
        #expect(throws: DBusProtocolError.unsupportedVersion(2)) { try DBusMessage.decode(message) }
        message = Self.reply
        message[1] = 9
        #expect(throws: DBusProtocolError.unknownMessageType(9)) { try DBusMessage.decode(message) }
    }

    /// A message larger than the limit is refused from its fixed header alone, before anyone
    /// waits for (or buffers) its body.
    @Test func rejectsOversizedMessagesFromTheirHeader() {
        var header = Array(Self.reply.prefix(16))
        header.replaceSubrange(4..<8, with: [0, 0, 0x10, 0])  // a body of 1 MiB
        #expect(throws: DBusProtocolError.tooLarge(size: 64 + 1_048_576, limit: 1_048_576)) {
            try DBusMessage.length(ofMessageStartingWith: header, limit: 1_048_576)
        }
        header.replaceSubrange(4..<8, with: [0xff, 0xff, 0xff, 0xff])
        #expect(throws: DBusProtocolError.self) { try DBusMessage.length(ofMessageStartingWith: header, limit: Int.max) }
        #expect(throws: DBusProtocolError.tooLarge(size: Self.reply.count, limit: 50)) { try DBusMessage.decode(Self.reply, limit: 50) }
    }

    /// The reply's body `u` 42, given an array length larger than what follows.
    @Test func rejectsArraysLongerThanTheMessage() throws {
        let message = DBusMessage(kind: .methodReturn, serial: 2, replySerial: 1, body: [.array(.byte, [.byte(1), .byte(2)])])
        var encoded = try message.encoded()
        let bodyStart = encoded.count - 6
        #expect(Array(encoded[bodyStart..<bodyStart + 4]) == [2, 0, 0, 0])
        encoded.replaceSubrange(bodyStart..<bodyStart + 4, with: [0xff, 0xff, 0, 0])
        #expect(throws: DBusProtocolError.arrayTooLong(65535)) { try DBusMessage.decode(encoded) }
    }

    @Test func rejectsInvalidValues() throws {
        // A boolean of 2.
        var encoded = try DBusMessage(kind: .methodReturn, serial: 2, replySerial: 1, body: [.boolean(true)]).encoded()
        encoded[encoded.count - 4] = 2
        #expect(throws: DBusProtocolError.invalidBoolean(2)) { try DBusMessage.decode(encoded) }
        // A string that is not UTF-8.
        encoded = try DBusMessage(kind: .methodReturn, serial: 2, replySerial: 1, body: [.string("ab")]).encoded()
        encoded[encoded.count - 3] = 0xff
        #expect(throws: DBusProtocolError.invalidString) { try DBusMessage.decode(encoded) }
        // Non-zero padding before a uint64.
        encoded = try DBusMessage(kind: .methodReturn, serial: 2, replySerial: 1, body: [.byte(1), .uint64(1)]).encoded()
        encoded[encoded.count - 9] = 7
        #expect(throws: DBusProtocolError.invalidPadding) { try DBusMessage.decode(encoded) }
        // Strings with NUL and invalid object paths cannot be sent either.
        #expect(throws: DBusProtocolError.invalidString) {
            try DBusMessage(kind: .methodReturn, serial: 2, replySerial: 1, body: [.string("a\u{0}b")]).encoded()
        }
        #expect(throws: DBusProtocolError.invalidObjectPath("/a//b")) {
            try DBusMessage(kind: .methodReturn, serial: 2, replySerial: 1, body: [.objectPath("/a//b")]).encoded()
        }
    }

    @Test func rejectsMissingHeaderFields() {
        #expect(throws: DBusProtocolError.invalidHeader("a signal needs a path, an interface and a member")) {
            try DBusMessage(kind: .signal, serial: 1, path: "/", member: "X").encoded()
        }
        #expect(throws: DBusProtocolError.zeroSerial) {
            try DBusMessage(kind: .methodReturn, serial: 0, replySerial: 1).encoded()
        }
    }

    /// Signatures deeper than 32 arrays or structures, and variants nested past 64, are refused.
    @Test func rejectsDeepNesting() throws {
        #expect(throws: DBusProtocolError.invalidSignature(String(repeating: "a", count: 33) + "y")) {
            try DBusType.parse(signature: String(repeating: "a", count: 33) + "y")
        }
        #expect(try DBusType.parse(signature: String(repeating: "a", count: 32) + "y").count == 1)
        #expect(throws: DBusProtocolError.self) { try DBusType.parse(signature: "a{vs}") }
        #expect(throws: DBusProtocolError.self) { try DBusType.parse(signature: "(") }
        #expect(throws: DBusProtocolError.self) { try DBusType.parse(signature: "()") }
        var value = DBusValue.byte(0)
        for _ in 0..<70 { value = .variant(value) }
        let encoded = try DBusMessage(kind: .methodReturn, serial: 2, replySerial: 1, body: [value]).encoded()
        #expect(throws: DBusProtocolError.nestingTooDeep) { try DBusMessage.decode(encoded) }
    }

    /// An array element of another type than the array's is a programming error, reported.
    @Test func refusesMismatchedArrays() {
        #expect(throws: DBusProtocolError.self) {
            try DBusMessage(kind: .methodReturn, serial: 2, replySerial: 1, body: [.array(.string, [.uint32(1)])]).encoded()
        }
    }
}
