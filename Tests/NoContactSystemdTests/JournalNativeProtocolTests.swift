import Testing

@testable import NoContactSystemd

/// The native protocol, byte for byte (https://systemd.io/JOURNAL_NATIVE_PROTOCOL/).
struct JournalNativeProtocolTests {
    @Test func simpleFieldsAreNameEqualsValueLines() {
        let encoded = JournalNativeProtocol.encode([
            JournalField("MESSAGE", "hello"), JournalField("PRIORITY", "6"), JournalField("EMPTY", ""),
        ])
        #expect(encoded == Array("MESSAGE=hello\nPRIORITY=6\nEMPTY=\n".utf8))
    }

    /// A value with a newline: name, newline, 64-bit little-endian length, value, newline.
    @Test func valuesWithNewlinesUseTheBinarySafeForm() {
        let encoded = JournalNativeProtocol.encode([JournalField("MESSAGE", "two\nlines"), JournalField("A", "é")])
        let expected: [UInt8] =
            Array("MESSAGE\n".utf8) + [9, 0, 0, 0, 0, 0, 0, 0] + Array("two\nlines\n".utf8) + Array("A=".utf8) + [0xc3, 0xa9, 0x0a]
        #expect(encoded == expected)
    }

    @Test func lengthIsLittleEndianOverManyBytes() {
        let value = String(repeating: "x", count: 300) + "\n"
        let encoded = JournalNativeProtocol.encode([JournalField("M", value)])
        #expect(Array(encoded[0..<10]) == [UInt8(ascii: "M"), 0x0a, 0x2d, 0x01, 0, 0, 0, 0, 0, 0])
        #expect(encoded.count == 2 + 8 + 301 + 1)
    }
}
