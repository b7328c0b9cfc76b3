import Foundation
import Glibc
import NoContactSystemd
import TestSupport
import Testing

/// systemd's protocols as NoContactSystemd speaks them without libsystemd, against the real
/// thing: the private systemd-journald of scripts/test, and the daemon told to notify an
/// abstract socket.
@Suite("journal and notify protocols end to end", .serialized, .enabled(if: Environment.isReady, "needs scripts/test (private journald)"))
struct JournalProtocolEndToEndTests {
    /// An entry larger than any datagram the socket may send goes through a sealed memfd and
    /// arrives whole, with a multi-line field in the binary-safe form intact.
    @Test func largeEntryArrivesWhole() throws {
        let id = UUID().uuidString.replacingOccurrences(of: "-", with: "")
        let message = "large entry \(id) " + String(repeating: "0123456789abcdef", count: 64 * 1024)  // 1 MiB
        // A new socket's send buffer, which bounds one datagram (the sender does not raise it).
        let maximumDatagram = try String(contentsOfFile: "/proc/sys/net/core/wmem_default", encoding: .utf8)
        #expect(message.utf8.count > Int(maximumDatagram.trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0)
        let result = Journal.send([
            JournalField("MESSAGE", message), JournalField("PRIORITY", "6"), JournalField("SYSLOG_IDENTIFIER", "nocontact-e2e"),
            JournalField("NOCONTACT_TEST_ID", id), JournalField("NOCONTACT_LINES", "first line\nsecond line"),
        ])
        #expect(result == .sent)
        let entries = try waitForJournalEntries(["NOCONTACT_TEST_ID=\(id)"])
        let entry = try #require(entries.first)
        #expect(entries.count == 1)
        #expect(Self.text(entry["MESSAGE"]) == message)
        #expect(Self.text(entry["NOCONTACT_LINES"]) == "first line\nsecond line")
        #expect(entry["SYSLOG_IDENTIFIER"] as? String == "nocontact-e2e")
    }

    /// A small entry with a newline in MESSAGE, in one datagram.
    @Test func multilineMessageArrives() throws {
        let id = UUID().uuidString.replacingOccurrences(of: "-", with: "")
        #expect(Journal.send([JournalField("MESSAGE", "one\ntwo\n"), JournalField("NOCONTACT_TEST_ID", id)]) == .sent)
        let entry = try #require(try waitForJournalEntries(["NOCONTACT_TEST_ID=\(id)"]).first)
        #expect(Self.text(entry["MESSAGE"]) == "one\ntwo\n")
    }

    /// The daemon finds an abstract NOTIFY_SOCKET (`@name`) and says READY=1 and STOPPING=1 there.
    @Test func daemonNotifiesAnAbstractSocket() throws {
        let sandbox = try Sandbox()
        defer { sandbox.remove() }
        try sandbox.writeConfig(DaemonEndToEndTests.config(period: DaemonEndToEndTests.uniqueName("abstract")))
        let name = "nocontact-e2e-\(UUID().uuidString.prefix(8))"
        let receiver = try AbstractDatagramSocket(name: name)
        var environment = sandbox.environment
        environment["NOTIFY_SOCKET"] = "@" + name
        let daemon = try TestProcess(
            Binaries.daemon, ["--config", sandbox.configPath], environment: environment, directory: sandbox.root)
        let ready = try receiver.receive { $0.split(separator: "\n").contains("READY=1") }
        #expect(ready.contains("STATUS="))
        daemon.signal(SIGTERM)
        _ = try receiver.receive { $0.split(separator: "\n").contains("STOPPING=1") }
        #expect(try daemon.waitForExit() == 0)
    }

    /// journalctl's JSON gives a field as a string, or as an array of bytes when it holds
    /// control characters.
    static func text(_ field: Any?) -> String? {
        if let string = field as? String { return string }
        if let bytes = field as? [Int] { return String(decoding: bytes.map { UInt8(truncatingIfNeeded: $0) }, as: UTF8.self) }
        return nil
    }
}

/// A datagram socket in Linux's abstract namespace, as a service manager may use for
/// NOTIFY_SOCKET.
final class AbstractDatagramSocket {
    private let descriptor: Int32

    init(name: String) throws {
        descriptor = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let bytes = [UInt8(0)] + Array(name.utf8)
        withUnsafeMutableBytes(of: &address.sun_path) { $0.copyBytes(from: bytes) }
        let length = socklen_t(MemoryLayout<sa_family_t>.size + bytes.count)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, length) }
        }
        guard bound == 0 else { throw E2EError("bind @\(name): errno \(errno)") }
        var timeout = timeval(tv_sec: 10, tv_usec: 0)
        setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
    }

    deinit { close(descriptor) }

    /// Reads datagrams until one satisfies `predicate`; each read waits at most 10 s.
    func receive(until predicate: (String) -> Bool) throws -> String {
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = buffer.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, 0) }
            guard count >= 0 else { throw E2EError("no notify datagram within 10 s (errno \(errno))") }
            let message = String(decoding: buffer[..<count], as: UTF8.self)
            if predicate(message) { return message }
        }
    }
}
