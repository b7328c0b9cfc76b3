public import NoContactCore
public import NoContactStore

/// Why the daemon could not start. Each carries what a person needs to fix it.
public enum DaemonError: Error, Sendable, CustomStringConvertible {
    case config(ConfigError)
    case store(StoreError)
    case socket(path: String, detail: String)
    /// The command line or environment asks for something impossible.
    case usage(String)

    public var description: String {
        switch self {
        case let .config(error): return error.description
        case let .store(error): return error.description
        case let .socket(path, detail): return "cannot listen at \(path): \(detail)"
        case let .usage(detail): return detail
        }
    }

    /// The exit code: 2 for a config the user must fix, 1 otherwise.
    public var exitCode: Int32 {
        switch self {
        case .config, .usage: return 2
        default: return 1
        }
    }
}
