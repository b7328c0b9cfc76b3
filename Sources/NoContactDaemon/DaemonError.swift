public import NoContactCore
public import NoContactStore

/// Why the daemon could not start. Each carries what a person needs to fix it.
public enum DaemonError: Error, Sendable, CustomStringConvertible {
    case config(ConfigError)
    case store(StoreError)
    case socket(path: String, detail: String)

    public var description: String {
        switch self {
        case let .config(error): return error.description
        case let .store(error): return error.description
        case let .socket(path, detail): return "cannot listen at \(path): \(detail)"
        }
    }

    /// The exit code: 2 for a config the user must fix, 1 otherwise.
    public var exitCode: Int32 {
        if case .config = self { return 2 }
        return 1
    }
}
