import Glibc

/// A varlink connection over a plain POSIX stream socket, so that a test decides every byte it
/// sends (half messages, non-JSON, oversized or pipelined ones) and sees exactly what comes
/// back, a connection closed without a reply included. Every wait is bounded. What the bytes
/// mean is left to the tests: the varlink tests decode replies with the Varlink module, the
/// end-to-end tests with JSONSerialization.
package final class RawVarlinkConnection {
    /// Why connect(2) failed: its errno.
    package struct ConnectFailure: Error, CustomStringConvertible {
        package let code: Int32
        package var description: String { "connect failed: \(String(cString: strerror(code))) (errno \(code))" }
    }

    /// Why a send or a receive failed, and how many bytes went out before.
    package struct IOFailure: Error, CustomStringConvertible {
        package let operation: String
        package let code: Int32
        package var description: String { "\(operation) failed: \(String(cString: strerror(code))) (errno \(code))" }
    }

    /// What one read brought.
    package enum Frame: Equatable {
        /// A whole message, without its NUL.
        case message([UInt8])
        /// The other end closed (end of stream or reset) before a whole message arrived.
        case closed
        /// Nothing complete within the time given.
        case timedOut
    }

    package private(set) var descriptor: Int32
    private var pending: [UInt8] = []

    /// Connects to the Unix socket at `path`. Sends give up after `sendTimeout` seconds of a
    /// full socket buffer rather than hang the test; `receiveBuffer` shrinks the socket's
    /// receive buffer (to play a slow reader).
    package init(path: String, sendTimeout: Int = 10, receiveBuffer: Int32? = nil) throws(ConnectFailure) {
        let socketDescriptor = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard socketDescriptor >= 0 else { throw ConnectFailure(code: errno) }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let pathBytes = Array(path.utf8)
        guard pathBytes.count < MemoryLayout.size(ofValue: address.sun_path) else {
            Glibc.close(socketDescriptor)
            throw ConnectFailure(code: ENAMETOOLONG)
        }
        withUnsafeMutableBytes(of: &address.sun_path) { $0.copyBytes(from: pathBytes) }
        var limit = timeval(tv_sec: sendTimeout, tv_usec: 0)
        setsockopt(socketDescriptor, SOL_SOCKET, SO_SNDTIMEO, &limit, socklen_t(MemoryLayout<timeval>.size))
        if var size = receiveBuffer {
            setsockopt(socketDescriptor, SOL_SOCKET, SO_RCVBUF, &size, socklen_t(MemoryLayout<Int32>.size))
        }
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(socketDescriptor, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
            }
        }
        guard result == 0 else {
            let code = errno
            Glibc.close(socketDescriptor)
            throw ConnectFailure(code: code)
        }
        descriptor = socketDescriptor
    }

    deinit {
        close()
    }

    /// Closes the connection (the client hangs up); later reads and sends fail.
    package func close() {
        if descriptor >= 0 { Glibc.close(descriptor) }
        descriptor = -1
    }

    /// Ends the sending direction (the server sees end of stream) while still reading.
    package func shutdownSending() {
        shutdown(descriptor, Int32(SHUT_WR))
    }

    /// Bytes received but not yet returned as a message.
    package var bufferedByteCount: Int { pending.count }

    /// Writes all of `bytes`; throws when the peer is gone or the send times out.
    package func send(_ bytes: [UInt8]) throws {
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { Glibc.send(descriptor, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if written < 0 {
                if errno == EINTR { continue }
                throw IOFailure(operation: "send (after \(offset) bytes)", code: errno)
            }
            offset += written
        }
    }

    /// Writes `text` as UTF-8 exactly as given (NULs included: the caller ends messages).
    package func send(_ text: String) throws {
        try send(Array(text.utf8))
    }

    /// Sends `text` followed by the NUL that ends a varlink message.
    package func send(message text: String) throws {
        try send(Array(text.utf8) + [0])
    }

    /// Writes as much of `bytes` as the socket takes without blocking; returns how much.
    package func sendWithoutBlocking(_ bytes: ArraySlice<UInt8>) throws -> Int {
        let written = bytes.withUnsafeBytes { Glibc.send(descriptor, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL | MSG_DONTWAIT)) }
        if written < 0 {
            if errno == EAGAIN || errno == EWOULDBLOCK { return 0 }
            throw IOFailure(operation: "send", code: errno)
        }
        return written
    }

    /// Whether the socket becomes writable within `milliseconds`.
    package func becomesWritable(within milliseconds: Int32) -> Bool {
        var descriptorSet = pollfd(fd: descriptor, events: Int16(POLLOUT), revents: 0)
        return poll(&descriptorSet, 1, milliseconds) > 0
    }

    /// Reads the next message, waiting at most `timeout` seconds.
    package func readFrame(timeout: Double) throws -> Frame {
        let deadline = ContinuousClock.now + .milliseconds(Int64(timeout * 1000))
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            if let terminator = pending.firstIndex(of: 0) {
                let bytes = Array(pending[..<terminator])
                pending.removeSubrange(...terminator)
                return .message(bytes)
            }
            let remaining = ContinuousClock.now.duration(to: deadline)
            guard remaining > .zero else { return .timedOut }
            let milliseconds = Int32(
                clamping: remaining.components.seconds * 1000 + remaining.components.attoseconds / 1_000_000_000_000_000)
            var poller = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
            let ready = poll(&poller, 1, milliseconds + 1)
            if ready < 0 {
                if errno == EINTR { continue }
                throw IOFailure(operation: "poll", code: errno)
            }
            if ready == 0 { continue }
            let count = chunk.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, Int32(MSG_DONTWAIT)) }
            if count == 0 { return .closed }
            if count < 0 {
                switch errno {
                case EINTR, EAGAIN: continue
                case ECONNRESET: return .closed
                default: throw IOFailure(operation: "recv", code: errno)
                }
            }
            pending.append(contentsOf: chunk[..<count])
        }
    }
}
