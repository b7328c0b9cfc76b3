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
    /// No reply came within the client's timeout.
    case timedOut
    /// The service closed the connection before the reply began (it stopped, or dropped a
    /// client that was too slow to read its stream).
    case closed
    /// A `more` call's replies are still coming on this connection; read them to the end (or
    /// use another client) before the next call.
    case streamInProgress

    public var description: String {
        switch self {
        case let .notRunning(path): return "nothing is listening at \(path)"
        case let .io(operation, code): return "\(operation) failed: \(String(cString: strerror(code)))"
        case let .protocolViolation(detail): return "the service broke the varlink protocol: \(detail)"
        case let .remote(error): return "the service answered \(error)"
        case .timedOut: return "the service did not answer in time"
        case .closed: return "the service closed the connection"
        case .streamInProgress: return "the replies to an earlier call are still coming on this connection"
        }
    }
}
