import Foundation
import Glibc

/// Why a call from the client failed.
public enum VarlinkClientError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Nothing listens at the path (no socket, or a stale one).
    case notRunning(path: String)
    /// The socket exists but could not be used.
    case io(operation: String, errno: Int32)
    /// The peer sent something that is not a varlink reply, or closed mid-reply.
    case protocolViolation(String)
    /// The service answered with an error.
    case remote(VarlinkError)

    public var description: String {
        switch self {
        case let .notRunning(path): return "nothing is listening at \(path)"
        case let .io(operation, code): return "\(operation) failed: \(String(cString: strerror(code)))"
        case let .protocolViolation(detail): return "the service broke the varlink protocol: \(detail)"
        case let .remote(error): return "the service answered \(error)"
        }
    }
}

/// A small blocking varlink client over a Unix socket, for command-line tools.
public final class VarlinkClient {
    private let descriptor: Int32
    private var pending: [UInt8] = []

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
        var limit = timeval(tv_sec: timeout, tv_usec: 0)
        setsockopt(socketDescriptor, SOL_SOCKET, SO_RCVTIMEO, &limit, socklen_t(MemoryLayout<timeval>.size))
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

    /// Sends one call and reads one reply.
    public func exchange(_ call: VarlinkCall) throws(VarlinkClientError) -> VarlinkReply {
        var bytes: [UInt8]
        do {
            bytes = try VarlinkCoding.encode(call)
        } catch {
            throw .protocolViolation("the call cannot be encoded: \(error)")
        }
        bytes.append(0)
        try writeAll(bytes)
        let message = try readMessage()
        do {
            return try JSONDecoder().decode(VarlinkReply.self, from: Data(message))
        } catch {
            throw .protocolViolation("the reply is not a varlink reply object")
        }
    }

    private func writeAll(_ bytes: [UInt8]) throws(VarlinkClientError) {
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { send(descriptor, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if written < 0 {
                if errno == EINTR { continue }
                throw .io(operation: "send", errno: errno)
            }
            offset += written
        }
    }

    private func readMessage() throws(VarlinkClientError) -> [UInt8] {
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            if let terminator = pending.firstIndex(of: 0) {
                let message = Array(pending[..<terminator])
                pending.removeSubrange(...terminator)
                return message
            }
            guard pending.count <= VarlinkServer.defaultMaximumMessageSize else {
                throw .protocolViolation("the reply is larger than \(VarlinkServer.defaultMaximumMessageSize) bytes")
            }
            let count = chunk.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, 0) }
            if count < 0 {
                if errno == EINTR { continue }
                throw .io(operation: "receive", errno: errno)
            }
            if count == 0 { throw .protocolViolation("the connection closed before the reply ended") }
            pending.append(contentsOf: chunk[..<count])
        }
    }
}
