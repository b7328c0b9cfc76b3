import Glibc
import Testing

@testable import NoContactSystemd

struct NotifySocketTests {
    @Test func acceptsPathsAndAbstractNames() throws {
        #expect(try NotifySocket("/run/systemd/notify").address == UnixSocketAddress(path: "/run/systemd/notify"))
        #expect(try NotifySocket("@/org/systemd/x").address == UnixSocketAddress(abstract: Array("/org/systemd/x".utf8)))
        #expect(throws: NotifySocket.Invalid.unsupported("vsock:2:1234")) { try NotifySocket("vsock:2:1234") }
        #expect(throws: NotifySocket.Invalid.unsupported("relative/path")) { try NotifySocket("relative/path") }
        #expect(throws: NotifySocket.Invalid.unsupported("@")) { try NotifySocket("@") }
        let long = "/" + String(repeating: "x", count: 108)
        #expect(throws: NotifySocket.Invalid.tooLong(long)) { try NotifySocket(long) }
    }

    /// One datagram per message, to a socket file.
    @Test func sendsToAPath() throws {
        let path = temporarySocketPath("notify")
        let receiver = try DatagramReceiver(address: try UnixSocketAddress(path: path))
        #expect(try NotifySocket(path).send("READY=1\nSTATUS=Day 3 of 30") == 0)
        #expect(try receiver.receive().bytes == Array("READY=1\nSTATUS=Day 3 of 30".utf8))
    }

    /// `@name` is Linux's abstract namespace: no file, exactly the name's bytes.
    @Test func sendsToAnAbstractName() throws {
        let name = "nocontact-test-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        let receiver = try DatagramReceiver(address: try UnixSocketAddress(abstract: Array(name.utf8)))
        #expect(try NotifySocket("@" + name).send("STOPPING=1") == 0)
        #expect(try receiver.receive().bytes == Array("STOPPING=1".utf8))
    }

    /// Nobody listening: the errno, not a crash or a hang.
    @Test func reportsAMissingReceiver() throws {
        #expect(try NotifySocket("/nonexistent/nocontact/notify").send("READY=1") == ENOENT)
    }
}
