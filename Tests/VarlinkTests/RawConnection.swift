import Foundation
import Glibc
import Varlink

/// A plain POSIX stream socket to the server, writing bytes as given and reading NUL-terminated
/// messages with a 5-second receive timeout (so a missing reply fails instead of hanging).
final class RawConnection {
    enum Failure: Error {
        case io(String, Int32)
        case timedOut
    }

    let descriptor: Int32
    private var pending: [UInt8] = []

    /// Connects to `path`; `receiveBuffer` shrinks the socket's receive buffer (for slow readers).
    init(path: String, receiveBuffer: Int? = nil) throws {
        descriptor = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { throw Failure.io("socket", errno) }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { $0.copyBytes(from: Array(path.utf8)) }
        var limit = timeval(tv_sec: 5, tv_usec: 0)
        setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &limit, socklen_t(MemoryLayout<timeval>.size))
        if var size = receiveBuffer.map(Int32.init) {
            setsockopt(descriptor, SOL_SOCKET, SO_RCVBUF, &size, socklen_t(MemoryLayout<Int32>.size))
        }
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

    /// Writes as much of `bytes` as the socket takes without blocking; returns how much.
    func writeWithoutBlocking(_ bytes: ArraySlice<UInt8>) throws -> Int {
        let written = bytes.withUnsafeBytes { send(descriptor, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL | MSG_DONTWAIT)) }
        if written < 0 {
            if errno == EAGAIN || errno == EWOULDBLOCK { return 0 }
            throw Failure.io("send", errno)
        }
        return written
    }

    /// Whether the socket becomes writable within `milliseconds`.
    func becomesWritable(within milliseconds: Int32) -> Bool {
        var descriptorSet = pollfd(fd: descriptor, events: Int16(POLLOUT), revents: 0)
        return poll(&descriptorSet, 1, milliseconds) > 0
    }

    /// Closes the writing side only (the client has nothing more to say).
    func shutdownWriting() {
        shutdown(descriptor, Int32(SHUT_WR))
    }

    /// The next message without its NUL, or nil when the server closed the connection
    /// (end of stream or reset) before another message began.
    func readMessage() throws -> String? {
        var chunk = [UInt8](repeating: 0, count: 65536)
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

    /// Reads and discards messages until the server closes the connection; returns how many
    /// came. Throws `timedOut` if the connection stays open and silent for 5 seconds.
    func drainUntilClosed() throws -> Int {
        var count = 0
        while try readMessage() != nil { count += 1 }
        return count
    }
}
