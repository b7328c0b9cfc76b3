package import Glibc

/// Why the state could not be read or written, with the path a person can look at.
package enum StoreError: Error, Sendable, Equatable, CustomStringConvertible {
    case io(path: String, operation: String, errno: Int32)
    /// The file exists but cannot be understood; it is left untouched.
    case unreadable(path: String, detail: String)
    /// The directory belongs to someone else or is open to others.
    case unsafeDirectory(path: String, detail: String)
    /// SQLite refused to write because a file of the store lacks its owner's write permission.
    case readOnly(path: String, operation: String, mode: mode_t)

    package var description: String {
        switch self {
        case let .io(path, operation, code):
            return "cannot \(operation) \(path): \(String(cString: strerror(code)))"
        case let .unreadable(path, detail):
            return "\(path) cannot be read (\(detail)); it was left as it is: move it aside to start afresh"
        case let .unsafeDirectory(path, detail):
            return "\(path) is not safe for private data: \(detail)"
        case let .readOnly(path, operation, mode):
            // The mode, not "Read-only file system": the file system is fine, the file is not.
            return
                "cannot \(operation) \(path): read-only: its mode is \(String(mode & 0o7777, radix: 8).leftPadded(to: 4)); `chmod 600 \(path)` makes it writable again"
        }
    }
}

extension String {
    fileprivate func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
