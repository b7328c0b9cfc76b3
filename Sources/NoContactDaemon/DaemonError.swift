package import NoContactCore
package import NoContactStore

/// Why the daemon could not start. Each carries what a person needs to fix it.
package enum DaemonError: Error, Sendable, CustomStringConvertible {
    case config(ConfigError)
    case store(StoreError)
    case socket(path: String, detail: String)
    /// The command line or environment asks for something impossible.
    case usage(String)
    /// Another nocontactd works on the same state directory (it holds the lock).
    case alreadyRunning(directory: String, pid: Int32?, socket: String?)
    /// The state directory's lock file cannot be made or locked.
    case stateLock(directory: String, detail: String)

    package var description: String {
        switch self {
        case let .config(error): return error.description
        case let .store(error): return error.description
        case let .socket(path, detail): return "cannot listen at \(path): \(detail)"
        case let .usage(detail): return detail
        case let .alreadyRunning(directory, pid, socket):
            let who = [pid.map { "pid \($0)" }, socket.map { "socket \($0)" }].compactMap { $0 }.joined(separator: ", ")
            return
                "another nocontactd\(who.isEmpty ? "" : " (\(who))") already uses the state directory \(directory); stop it first (nocontact status tells which one runs), or give this one another --state-dir"
        case let .stateLock(directory, detail):
            return "cannot lock the state directory \(directory): \(detail)"
        }
    }

    /// The exit code: 2 for a config the user must fix, 1 otherwise.
    package var exitCode: Int32 {
        switch self {
        case .config, .usage: return 2
        default: return 1
        }
    }
}
