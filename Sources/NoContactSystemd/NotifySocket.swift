import Glibc

/// The service manager's notification socket (`$NOTIFY_SOCKET`), written to as `sd_notify`
/// does: one datagram of `KEY=value` lines per message.
package struct NotifySocket: Sendable, Equatable {
    /// Why `$NOTIFY_SOCKET` cannot be used.
    package enum Invalid: Error, Sendable, Equatable, CustomStringConvertible {
        /// Neither an absolute path nor an `@` abstract name (e.g. systemd's `vsock:` form,
        /// which only virtual machines' managers use).
        case unsupported(String)
        case tooLong(String)

        package var description: String {
            switch self {
            case let .unsupported(value): return "NOTIFY_SOCKET=\(value) is neither a path nor an abstract socket name"
            case let .tooLong(value): return "NOTIFY_SOCKET=\(value) is too long for a socket address"
            }
        }
    }

    let address: UnixSocketAddress

    /// The socket `value` names: an absolute path, or an abstract name after `@`.
    package init(_ value: String) throws(Invalid) {
        let isPath = value.hasPrefix("/")
        guard isPath || (value.hasPrefix("@") && value.utf8.count > 1) else { throw .unsupported(value) }
        do throws(UnixSocketAddress.Invalid) {
            address = isPath ? try UnixSocketAddress(path: value) : try UnixSocketAddress(abstract: Array(value.utf8.dropFirst()))
        } catch {
            throw .tooLong(value)
        }
    }

    /// The socket the process was given, or nil when `NOTIFY_SOCKET` is unset or unusable
    /// (the daemon then runs the same, unsupervised).
    package static func fromEnvironment() -> NotifySocket? {
        guard let value = getenv("NOTIFY_SOCKET").map({ String(cString: $0) }), !value.isEmpty else { return nil }
        return try? NotifySocket(value)
    }

    /// Sends `message` as one datagram. Blocks while the manager's queue is full, as
    /// `sd_notify` does; the caller sends from a queue of its own.
    /// - Returns: 0, or the errno of the failure.
    @discardableResult
    package func send(_ message: String) -> Int32 {
        let descriptor = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard descriptor >= 0 else { return errno }
        defer { close(descriptor) }
        let bytes = Array(message.utf8)
        while true {
            let sent = bytes.withUnsafeBytes { buffer in
                address.withSocketAddress { sendto(descriptor, buffer.baseAddress, buffer.count, Int32(MSG_NOSIGNAL), $0, $1) }
            }
            if sent >= 0 { return 0 }
            if errno != EINTR { return errno }
        }
    }
}
