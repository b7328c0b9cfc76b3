package import NoContactCore

/// Why the service could not answer.
package enum ServiceError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The daemon does not answer on its socket.
    case daemonUnavailable(socket: String)
    /// The config cannot be used.
    case invalidConfig(ConfigError)
    /// The state could not be read or written.
    case storage(String)
    /// A request the service refuses, e.g. a count out of range.
    case invalidRequest(String)
    /// A request named a period the config does not have.
    case periodNotFound(name: String, known: [String])
    /// Only the running daemon can do this (reload, watch), and it does not answer.
    case daemonRequired(action: String, socket: String)
    /// The daemon answered with an error this client does not know.
    case remote(name: String, detail: String)
    /// Something listens at the socket but the exchange failed (the connection was refused or
    /// closed, no answer came in time, the answer was garbled): the daemon may be running, so
    /// nothing is done on this machine behind its back.
    case daemonUnreachable(socket: String, detail: String)
    /// The daemon closed the connection while the command followed it (it stopped).
    case daemonStopped(socket: String)
    /// `--config` names another file than the one the running daemon uses.
    case configMismatch(requested: String, running: String)

    package var description: String {
        switch self {
        case let .daemonUnavailable(socket): return "nocontactd is not running (nothing answers at \(socket))"
        case let .invalidConfig(error): return error.description
        case let .storage(detail): return detail
        case let .invalidRequest(detail): return detail
        case let .periodNotFound(name, known):
            return "there is no period named \"\(name)\"; yours: \(known.joined(separator: ", "))"
        case let .daemonRequired(action, socket):
            return
                "\(action) needs nocontactd, and nothing answers at \(socket). Start it with `systemctl --user start nocontactd`, or run `nocontactd` in a terminal."
        case let .remote(name, detail): return "nocontactd answered \(name)\(detail.isEmpty ? "" : ": \(detail)")"
        case let .daemonUnreachable(socket, detail):
            return
                "cannot talk to nocontactd at \(socket): \(detail). It may be running, so nothing was done here; try again, or see `journalctl --user -u nocontactd`."
        case let .daemonStopped(socket): return "nocontactd stopped (it closed the connection at \(socket))"
        case let .configMismatch(requested, running):
            return
                "nocontactd runs with the config \(running), not \(requested); nothing was done. Ask it without --config, or stop it to use \(requested) on this machine (`nocontact check --config \(requested)` checks that file alone)."
        }
    }
}
