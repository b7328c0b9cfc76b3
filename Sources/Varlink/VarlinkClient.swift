import Glibc

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// A small blocking varlink client over a Unix socket, for command-line tools.
///
/// One connection, one call at a time, like the protocol. Not thread-safe: use it from one
/// thread (or one task) at a time.
public final class VarlinkClient {
    private let descriptor: Int32
    private var pending: [UInt8] = []
    /// The replies of a `more` call are still coming.
    fileprivate var streaming = false
    /// The connection can no longer be trusted to be in step (a reply was cut short).
    fileprivate var broken = false

    /// How long to wait for each reply, in seconds; nil waits for ever (for a stream whose
    /// replies come when something happens).
    public var timeout: Int?

    /// Connects to the socket at `path`; waits at most `timeout` seconds for each reply.
    public init(path: String, timeout: Int = 10) throws(VarlinkClientError) {
        let socketDescriptor = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard socketDescriptor >= 0 else { throw .io(operation: "socket", errno: errno) }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let pathBytes = Array(path.utf8)
        guard pathBytes.count < MemoryLayout.size(ofValue: address.sun_path) else {
            close(socketDescriptor)
            throw .io(operation: "connect", errno: ENAMETOOLONG)
        }
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            raw.copyBytes(from: pathBytes)
        }
        // Sending waits at most this long too: a server that reads nothing must not hang us.
        var limit = timeval(tv_sec: timeout, tv_usec: 0)
        setsockopt(socketDescriptor, SOL_SOCKET, SO_SNDTIMEO, &limit, socklen_t(MemoryLayout<timeval>.size))
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(socketDescriptor, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
            }
        }
        guard result == 0 else {
            let code = errno
            close(socketDescriptor)
            if code == ENOENT || code == ECONNREFUSED { throw .notRunning(path: path) }
            throw .io(operation: "connect to \(path)", errno: code)
        }
        descriptor = socketDescriptor
        self.timeout = timeout
    }

    deinit {
        close(descriptor)
    }

    /// Calls `method` and returns the reply's parameters, throwing the service's error reply.
    public func call(_ method: String, parameters: [String: JSONValue] = [:]) throws(VarlinkClientError) -> [String: JSONValue] {
        let reply = try exchange(VarlinkCall(method: method, parameters: parameters))
        if let error = reply.error {
            throw .remote(VarlinkError(name: error, parameters: reply.parameters ?? [:]))
        }
        return reply.parameters ?? [:]
    }

    /// Calls `method` with `oneway: true`: the service handles it but sends no reply, not even
    /// an error. Returns once the call is sent.
    public func callOneway(_ method: String, parameters: [String: JSONValue] = [:]) throws(VarlinkClientError) {
        try sendCall(VarlinkCall(method: method, parameters: parameters, oneway: true))
    }

    /// Calls `method` with `more: true` and returns its replies, to read with `next()` until it
    /// returns nil. Until then the connection carries no other call.
    public func callMore(_ method: String, parameters: [String: JSONValue] = [:]) throws(VarlinkClientError) -> Replies {
        try sendCall(VarlinkCall(method: method, parameters: parameters, more: true))
        streaming = true
        return Replies(client: self)
    }

    /// Sends one call and reads one reply. A `oneway` call returns an empty reply as soon as it
    /// is sent. For a `more` call this is only the first reply: prefer `callMore`.
    public func exchange(_ call: VarlinkCall) throws(VarlinkClientError) -> VarlinkReply {
        try sendCall(call)
        if call.oneway == true { return VarlinkReply() }
        let reply = try readReply()
        if call.more == true, reply.continues == true, reply.error == nil { streaming = true }
        return reply
    }

    /// The replies to one `more` call, in order.
    public final class Replies {
        private let client: VarlinkClient
        private var done = false

        fileprivate init(client: VarlinkClient) {
            self.client = client
        }

        /// The next reply's parameters, or nil once the last one was returned. An error reply
        /// is thrown as `.remote` and ends the replies.
        public func next() throws(VarlinkClientError) -> [String: JSONValue]? {
            guard !done else { return nil }
            let reply: VarlinkReply
            do {
                reply = try client.readReply()
            } catch {
                done = true
                throw error
            }
            if let error = reply.error {
                done = true
                client.streaming = false
                throw .remote(VarlinkError(name: error, parameters: reply.parameters ?? [:]))
            }
            if reply.continues != true {
                done = true
                client.streaming = false
            }
            return reply.parameters ?? [:]
        }

        /// The next reply's parameters decoded as `Parameters` straight from the message (dates
        /// as seconds since 1970), or nil once the last one was returned. For long replies:
        /// going through `JSONValue`, as `next()` does, parses and encodes each one twice more.
        /// An error reply is thrown as `.remote`; parameters that are not a `Parameters` as
        /// `.protocolViolation`.
        public func next<Parameters: Decodable>(as type: Parameters.Type) throws(VarlinkClientError) -> Parameters? {
            guard !done else { return nil }
            let message: [UInt8]
            do {
                message = try client.readMessage()
            } catch {
                done = true
                throw error
            }
            let decoder = JSONDecoder()
            decoder.dateDecodingStrategy = .secondsSince1970
            if let reply = try? decoder.decode(Envelope<Parameters>.self, from: Data(message)), reply.error == nil {
                if reply.continues != true {
                    done = true
                    client.streaming = false
                }
                return reply.parameters
            }
            // An error reply (whose parameters are not a Parameters), or something unexpected.
            done = true
            client.streaming = false
            guard let reply = try? JSONDecoder().decode(VarlinkReply.self, from: Data(message)) else {
                client.broken = true
                throw .protocolViolation("the reply is not a varlink reply object")
            }
            if let error = reply.error {
                throw .remote(VarlinkError(name: error, parameters: reply.parameters ?? [:]))
            }
            client.broken = true
            throw .protocolViolation("the reply's parameters are not what the method returns")
        }

        /// A reply whose parameters are decoded as `Parameters`.
        private struct Envelope<Body: Decodable>: Decodable {
            var parameters: Body
            var continues: Bool?
            var error: String?
        }

        /// Reads all the remaining replies.
        public func collect() throws(VarlinkClientError) -> [[String: JSONValue]] {
            var all: [[String: JSONValue]] = []
            while let reply = try next() { all.append(reply) }
            return all
        }
    }

    // MARK: Wire

    private func sendCall(_ call: VarlinkCall) throws(VarlinkClientError) {
        guard !streaming else { throw .streamInProgress }
        guard !broken else { throw .protocolViolation("an earlier reply was cut short; connect again") }
        var bytes: [UInt8]
        do {
            bytes = try VarlinkCoding.encode(call)
        } catch {
            throw .protocolViolation("the call cannot be encoded: \(error)")
        }
        bytes.append(0)
        try writeAll(bytes)
    }

    private func readReply() throws(VarlinkClientError) -> VarlinkReply {
        let message = try readMessage()
        do {
            return try JSONDecoder().decode(VarlinkReply.self, from: Data(message))
        } catch {
            broken = true
            throw .protocolViolation("the reply is not a varlink reply object")
        }
    }

    private func writeAll(_ bytes: [UInt8]) throws(VarlinkClientError) {
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { send(descriptor, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if written < 0 {
                if errno == EINTR { continue }
                broken = true
                if errno == EAGAIN || errno == EWOULDBLOCK { throw .timedOut }
                if errno == EPIPE || errno == ECONNRESET { throw .closed }
                throw .io(operation: "send", errno: errno)
            }
            offset += written
        }
    }

    fileprivate func readMessage() throws(VarlinkClientError) -> [UInt8] {
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            if let terminator = pending.firstIndex(of: 0) {
                let message = Array(pending[..<terminator])
                pending.removeSubrange(...terminator)
                return message
            }
            guard pending.count <= VarlinkServer.defaultMaximumMessageSize else {
                broken = true
                throw .protocolViolation("the reply is larger than \(VarlinkServer.defaultMaximumMessageSize) bytes")
            }
            try waitForInput()
            let count = chunk.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, 0) }
            if count < 0 {
                if errno == EINTR { continue }
                broken = true
                if errno == ECONNRESET { throw .closed }
                throw .io(operation: "receive", errno: errno)
            }
            if count == 0 {
                broken = true
                streaming = false
                if pending.isEmpty { throw .closed }
                throw .protocolViolation("the connection closed before the reply ended")
            }
            pending.append(contentsOf: chunk[..<count])
        }
    }

    /// Waits until the socket has something to read (or was closed), within `timeout`.
    private func waitForInput() throws(VarlinkClientError) {
        let deadline = timeout.map { ContinuousClock.now + .seconds($0) }
        while true {
            var milliseconds: Int32 = -1
            if let deadline {
                let left = ContinuousClock.now.duration(to: deadline)
                guard left > .zero else {
                    broken = true
                    throw .timedOut
                }
                let (seconds, attoseconds) = left.components
                milliseconds = Int32(clamping: seconds * 1000 + attoseconds / 1_000_000_000_000_000 + 1)
            }
            var descriptorSet = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
            let ready = poll(&descriptorSet, 1, milliseconds)
            if ready > 0 { return }
            if ready < 0, errno != EINTR { throw .io(operation: "poll", errno: errno) }
        }
    }
}
