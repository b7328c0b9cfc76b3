package import NoContactService
import Varlink

extension RemoteService {
    /// What one look at the socket found.
    package enum Probe: Sendable, Equatable {
        /// The daemon answered.
        case answering
        /// Nothing listens there (no socket, or a stale one): the daemon is not running.
        case notRunning
        /// Something is there but the exchange failed (refused, timed out, garbled): the daemon
        /// may well be running, so this is not "not running". Says what happened.
        case failed(ServiceError)
    }

    /// Looks whether the daemon answers at the socket (a cheap `GetInfo`), telling "nothing
    /// listens there" apart from every other failure.
    package func probe() -> Probe {
        do {
            let client = try VarlinkClient(path: socketPath)
            _ = try client.call("org.varlink.service.GetInfo")
            return .answering
        } catch .notRunning {
            return .notRunning
        } catch {
            return .failed(.daemonUnreachable(socket: socketPath, detail: error.description))
        }
    }
}
