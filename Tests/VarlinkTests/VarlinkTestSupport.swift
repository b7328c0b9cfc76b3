import Foundation
import Glibc
import NIOPosix
import Synchronization
import Varlink

/// Calls recorded by `TestHandler`, so a test can see that a oneway call was handled.
final class CallRecorder: Sendable {
    private let calls = Mutex<[JSONValue]>([])

    func append(_ value: JSONValue) { calls.withLock { $0.append(value) } }
    var recorded: [JSONValue] { calls.withLock { $0 } }
}

/// The `org.example.test` interface: Echo returns its parameters, Fail throws a custom error,
/// Record remembers its parameters (for oneway calls), Recorded returns what was remembered.
struct TestHandler: VarlinkMethodHandler {
    static let description = """
        interface org.example.test

        method Echo(text: ?string) -> (text: ?string)
        method Fail() -> ()
        method Record(n: int) -> ()
        method Recorded() -> (calls: []object)

        error Refused (reason: string)
        """

    let recorder = CallRecorder()

    var info: VarlinkServiceInfo {
        VarlinkServiceInfo(vendor: "Example", product: "test", version: "1.2.3", url: "https://example.org/test")
    }

    var interfaces: [VarlinkInterface] {
        [VarlinkInterface(name: "org.example.test", description: Self.description)]
    }

    func handle(_ call: VarlinkCall) throws(VarlinkError) -> [String: JSONValue] {
        switch call.member {
        case "Echo":
            return call.parameters ?? [:]
        case "Fail":
            throw VarlinkError(name: "org.example.test.Refused", parameters: ["reason": .string("not today")])
        case "Record":
            recorder.append(.object(call.parameters ?? [:]))
            return [:]
        case "Recorded":
            return ["calls": .array(recorder.recorded)]
        default:
            throw .methodNotFound(call.method)
        }
    }
}

/// A real server on a socket in a fresh temporary directory, with its own event loop group.
final class TestServer {
    let directory: String
    let path: String
    let handler = TestHandler()
    private let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
    private let server: VarlinkServer

    init(maximumMessageSize: Int = VarlinkServer.defaultMaximumMessageSize) throws {
        var template = Array("/tmp/vlt-XXXXXX".utf8CString)
        guard let made = mkdtemp(&template) else { throw POSIXError(.EIO) }
        directory = String(cString: made)
        path = "\(directory)/test.socket"
        do {
            server = try VarlinkServer.bind(path: path, handler: handler, group: group, maximumMessageSize: maximumMessageSize)
        } catch {
            try? group.syncShutdownGracefully()
            throw error
        }
    }

    /// Stops the server, shuts the event loop group down and removes the directory.
    func shutdown() throws {
        server.close()
        try group.syncShutdownGracefully()
        unlink(path)
        rmdir(directory)
    }

    func client() throws -> VarlinkClient {
        try VarlinkClient(path: path, timeout: 5)
    }

    func raw() throws -> RawConnection {
        try RawConnection(path: path)
    }
}

/// A plain POSIX stream socket to the server, writing bytes as given and reading NUL-terminated
/// messages with a 5-second receive timeout (so a missing reply fails instead of hanging).
final class RawConnection {
    enum Failure: Error { case io(String, Int32), timedOut }

    private let descriptor: Int32
    private var pending: [UInt8] = []

    init(path: String) throws {
        descriptor = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { throw Failure.io("socket", errno) }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { $0.copyBytes(from: Array(path.utf8)) }
        var limit = timeval(tv_sec: 5, tv_usec: 0)
        setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &limit, socklen_t(MemoryLayout<timeval>.size))
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
            }
        }
        guard result == 0 else {
            let code = errno
            close(descriptor)
            throw Failure.io("connect", code)
        }
    }

    deinit { close(descriptor) }

    /// Writes `text` as UTF-8 exactly as given (callers add the NUL terminators).
    func write(_ text: String) throws {
        try write(Array(text.utf8))
    }

    func write(_ bytes: [UInt8]) throws {
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { send(descriptor, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            guard written >= 0 else { throw Failure.io("send", errno) }
            offset += written
        }
    }

    /// The next message without its NUL, or nil when the server closed the connection
    /// (end of stream or reset) before another message began.
    func readMessage() throws -> String? {
        var chunk = [UInt8](repeating: 0, count: 4096)
        while true {
            if let terminator = pending.firstIndex(of: 0) {
                let message = String(decoding: pending[..<terminator], as: UTF8.self)
                pending.removeSubrange(...terminator)
                return message
            }
            let count = chunk.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, 0) }
            if count < 0 {
                if errno == EINTR { continue }
                if errno == EAGAIN || errno == EWOULDBLOCK { throw Failure.timedOut }
                if errno == ECONNRESET { return nil }
                throw Failure.io("recv", errno)
            }
            if count == 0 { return nil }
            pending.append(contentsOf: chunk[..<count])
        }
    }

    /// The next message decoded as a varlink reply.
    func readReply() throws -> VarlinkReply? {
        guard let message = try readMessage() else { return nil }
        return try JSONDecoder().decode(VarlinkReply.self, from: Data(message.utf8))
    }
}

/// Runs `body` against a fresh server and always shuts the server and its group down.
func withTestServer(maximumMessageSize: Int = VarlinkServer.defaultMaximumMessageSize, _ body: (TestServer) throws -> Void) throws {
    let server = try TestServer(maximumMessageSize: maximumMessageSize)
    defer { try? server.shutdown() }
    try body(server)
}
