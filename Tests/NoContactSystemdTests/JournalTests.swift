import Glibc
import Testing

@testable import NoContactSystemd

/// Sending entries, against a datagram socket standing in for journald's (the end-to-end tests
/// use the real journald).
struct JournalTests {
    /// A small entry is one datagram holding the encoded fields.
    @Test func sendsADatagram() throws {
        let path = temporarySocketPath("journal")
        let receiver = try DatagramReceiver(address: try UnixSocketAddress(path: path))
        let entry = JournalNativeProtocol.encode([JournalField("MESSAGE", "hello"), JournalField("PRIORITY", "6")])
        #expect(Journal.send(entry, to: path) == .sent)
        let received = try receiver.receive()
        #expect(received.bytes == entry)
        #expect(received.descriptors.isEmpty)
    }

    /// An entry larger than a datagram may be arrives as a sealed memfd holding it, passed
    /// along an empty datagram, as journald expects.
    @Test func sendsALargeEntryThroughASealedMemfd() throws {
        let path = temporarySocketPath("journal")
        let receiver = try DatagramReceiver(address: try UnixSocketAddress(path: path))
        let entry = JournalNativeProtocol.encode([JournalField("MESSAGE", String(repeating: "x", count: 4 << 20))])
        #expect(Journal.send(entry, to: path) == .sent)
        let received = try receiver.receive()
        #expect(received.bytes.isEmpty)
        let memfd = try #require(received.descriptors.first)
        defer { close(memfd) }
        // F_GET_SEALS (1034): seal, shrink, grow and write.
        #expect(fcntl(memfd, 1034) == 0xf)
        var contents = [UInt8](repeating: 0, count: entry.count + 1)
        let count = contents.withUnsafeMutableBytes { pread(memfd, $0.baseAddress, $0.count, 0) }
        #expect(count == entry.count)
        #expect(Array(contents[..<entry.count]) == entry)
    }

    @Test func reportsAMissingSocket() {
        #expect(
            Journal.send([1], to: "/nonexistent/journal/socket")
                == .unavailable(reason: "there is no journal socket at /nonexistent/journal/socket"))
    }
}
