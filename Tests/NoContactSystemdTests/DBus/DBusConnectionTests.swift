import Foundation
import Glibc
import Testing

@testable import NoContactSystemd

/// A one-connection bus that answers the authentication and then sends what a test says: for
/// what a real dbus-daemon never sends (broken or huge messages, silence). The real bus is in
/// the DesktopNotifier tests.
final class ScriptedBus: @unchecked Sendable {
    // @unchecked: `received` is written by the server thread before it signals `done`, and read
    // by the test only after waiting for `done`.
    let path = temporarySocketPath("bus")
    private let listener: Int32
    private let done = DispatchSemaphore(value: 0)
    private let release = DispatchSemaphore(value: 0)
    /// The messages the client sent after Hello, decoded.
    private(set) var received: [DBusMessage] = []

    /// - Parameters:
    ///   - reply: bytes sent once the client's Hello has arrived.
    ///   - expectMessages: how many further messages to read from the client before finishing.
    init(reply: @escaping @Sendable (DBusMessage) -> [UInt8], expectMessages: Int = 0) throws {
        listener = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        let address = try UnixSocketAddress(path: path)
        guard address.withSocketAddress({ bind(listener, $0, $1) }) == 0, listen(listener, 1) == 0 else {
            throw SocketTestError("cannot listen at \(path)")
        }
        let server = listener
        Thread.detachNewThread { [self] in
            let connection = accept(server, nil, nil)
            defer {
                release.wait()
                close(connection)
            }
            var input: [UInt8] = []
            func readMore() -> Bool {
                var chunk = [UInt8](repeating: 0, count: 65536)
                let count = chunk.withUnsafeMutableBytes { recv(connection, $0.baseAddress, $0.count, 0) }
                guard count > 0 else { return false }
                input += chunk[..<count]
                return true
            }
            func nextMessage() -> DBusMessage? {
                while true {
                    if input.count >= 16, let length = try? DBusMessage.length(ofMessageStartingWith: input, limit: 1 << 20),
                        input.count >= length
                    {
                        defer { input.removeFirst(length) }
                        return try? DBusMessage.decode(Array(input[..<length]))
                    }
                    guard readMore() else { return nil }
                }
            }
            // "\0AUTH EXTERNAL <hex uid>\r\n", then "BEGIN\r\n" after our OK.
            while !input.contains(10) {
                guard readMore() else {
                    done.signal()
                    return
                }
            }
            input.removeAll()
            _ = Array("OK 0123456789abcdef0123456789abcdef\r\n".utf8).withUnsafeBytes { send(connection, $0.baseAddress, $0.count, 0) }
            while input.count < 7 {
                guard readMore() else {
                    done.signal()
                    return
                }
            }
            guard input.starts(with: Array("BEGIN\r\n".utf8)) else {
                done.signal()
                return
            }
            input.removeFirst(7)
            guard let hello = nextMessage() else {
                done.signal()
                return
            }
            _ = reply(hello).withUnsafeBytes { send(connection, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            for _ in 0..<expectMessages {
                guard let message = nextMessage() else { break }
                received.append(message)
            }
            done.signal()
        }
    }

    var address: String { "unix:path=" + path }

    /// Waits (at most 5 s) until the server has read what it expected.
    func finish() -> Bool {
        done.wait(timeout: .now() + 5) == .success
    }

    deinit {
        release.signal()
        close(listener)
        unlink(path)
    }

    static func helloReply(to hello: DBusMessage) -> [UInt8] {
        (try? DBusMessage(
            kind: .methodReturn, serial: 1, replySerial: hello.serial, sender: "org.freedesktop.DBus", body: [.string(":1.7")]
        )
        .encoded()) ?? []
    }
}

struct DBusConnectionTests {
    /// Authentication and Hello against a scripted bus; a Ping from another peer is answered.
    @Test func authenticatesAndAnswersPing() throws {
        let bus = try ScriptedBus(
            reply: { hello in
                #expect(hello.member == "Hello")
                let ping = try? DBusMessage(
                    kind: .methodCall, serial: 5, path: "/", interface: "org.freedesktop.DBus.Peer", member: "Ping", sender: ":1.1"
                ).encoded()
                return ScriptedBus.helloReply(to: hello) + (ping ?? [])
            }, expectMessages: 1)
        let connection = try DBusConnection(address: bus.address, timeoutMicroseconds: 2_000_000)
        #expect(connection.uniqueName == ":1.7")
        #expect(bus.finish())
        let answer = try #require(bus.received.first)
        #expect(answer.kind == .methodReturn)
        #expect(answer.replySerial == 5)
        #expect(answer.destination == ":1.1")
    }

    /// A message whose header announces more than we accept ends the connection at once,
    /// without waiting for (or buffering) its body.
    @Test func refusesAnOversizedMessage() throws {
        let bus = try ScriptedBus(reply: { hello in
            var header = ScriptedBus.helloReply(to: hello)
            header.replaceSubrange(4..<8, with: [0, 0, 0x40, 0])  // a body of 4 MiB
            return Array(header.prefix(16))
        })
        #expect {
            _ = try DBusConnection(address: bus.address, timeoutMicroseconds: 2_000_000)
        } throws: { error in
            guard case let .connection(reason) = error as? SessionBusFailure else { return false }
            return reason.contains("larger than the 1048576 bytes accepted")
        }
    }

    @Test func refusesGarbage() throws {
        let bus = try ScriptedBus(reply: { _ in Array(repeating: UInt8(ascii: "x"), count: 32) })
        #expect {
            _ = try DBusConnection(address: bus.address, timeoutMicroseconds: 2_000_000)
        } throws: { error in
            guard case let .connection(reason) = error as? SessionBusFailure else { return false }
            return reason.contains("unknown byte order")
        }
    }

    /// A bus that never answers Hello: a time-out within the limit, not a hang.
    @Test func timesOutOnSilence() throws {
        let bus = try ScriptedBus(reply: { _ in [] })
        let started = ContinuousClock.now
        #expect {
            _ = try DBusConnection(address: bus.address, timeoutMicroseconds: 300_000)
        } throws: { error in
            guard case .timedOut = error as? SessionBusFailure else { return false }
            return true
        }
        #expect(ContinuousClock.now - started < .seconds(2))
    }
}
