import Glibc

/// Why the state could not be read or written, with the path a person can look at.
public enum StoreError: Error, Sendable, Equatable, CustomStringConvertible {
    case io(path: String, operation: String, errno: Int32)
    /// The file exists but cannot be understood; it is left untouched.
    case unreadable(path: String, detail: String)
    /// The directory belongs to someone else or is open to others.
    case unsafeDirectory(path: String, detail: String)

    public var description: String {
        switch self {
        case let .io(path, operation, code):
            return "cannot \(operation) \(path): \(String(cString: strerror(code)))"
        case let .unreadable(path, detail):
            return "\(path) cannot be read (\(detail)); it was left as it is: move it aside to start afresh"
        case let .unsafeDirectory(path, detail):
            return "\(path) is not safe for private data: \(detail)"
        }
    }
}
