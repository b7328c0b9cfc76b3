import Foundation
import Glibc
import NoContactClient
import NoContactCore
import NoContactPlatform
import NoContactService

/// The service a command talks to: the daemon when it answers, else a local one.
struct ServiceConnection {
    let service: any NoContactService
    /// False when the answer comes from config and state on disk.
    let isDaemon: Bool
    /// The daemon's socket, as tried (for `status`).
    var socketPath = ""

    /// Connects, preferring the daemon. Throws a config error only when answering locally.
    static func open(_ options: SharedOptions) throws(ServiceError) -> ServiceConnection {
        let paths = NoContactPaths(environment: ProcessEnvironment.current)
        let config = Result { () throws(ConfigError) in try ConfigLoader.load(explicitPath: options.config, defaultPath: paths.configFile) }
        let remote = RemoteService(socketPath: socketPath(options, config: try? config.get(), paths: paths))
        switch remote.probe() {
        case .answering:
            if let requested = options.config { try checkSameConfig(requested, remote: remote) }
            return ServiceConnection(service: remote, isDaemon: true, socketPath: remote.socketPath)
        case let .failed(error):
            // Only "nothing listens there" means not running: anything else may be a running
            // daemon, and answering (or writing) on our own beside it would be wrong.
            throw error
        case .notRunning:
            break
        }
        let loaded: Config
        do {
            loaded = try config.get()
        } catch {
            throw .invalidConfig(error)
        }
        let zone = loaded.effectiveTimeZone(system: SystemTimeZone.resolve(environment: ProcessEnvironment.current))
        let configuration = ServiceConfiguration(config: loaded, timeZone: zone)
        let local = try LocalService.offline(configuration: configuration, stateDirectory: paths.stateDirectory)
        return ServiceConnection(service: local, isDaemon: false, socketPath: remote.socketPath)
    }

    /// Refuses to let the daemon answer for a config file other than its own: `--config FILE`
    /// was silently ignored while the daemon ran on another.
    private static func checkSameConfig(_ requested: String, remote: RemoteService) throws(ServiceError) {
        let running = try remote.status().config
        func resolved(_ path: String) -> String {
            guard let real = realpath(path, nil) else { return path }
            defer { free(real) }
            return String(cString: real)
        }
        guard running == requested || resolved(running) == resolved(requested) else {
            throw .configMismatch(requested: requested, running: running == "built-in" ? "built into it (no file)" : running)
        }
    }

    /// The daemon's socket: `--socket`, else the config's, else the default.
    static func socketPath(_ options: SharedOptions) -> String {
        let paths = NoContactPaths(environment: ProcessEnvironment.current)
        return socketPath(
            options, config: try? ConfigLoader.load(explicitPath: options.config, defaultPath: paths.configFile), paths: paths)
    }

    /// `--socket`; else where the config (or the default) puts it, by the one rule of
    /// `NoContactPaths`; else, when nothing listens there but a daemon holds the state
    /// directory's lock, where that daemon says it listens: the two may have worked out the
    /// runtime directory at different moments (see `NoContactPaths.runtimeDirectory`).
    private static func socketPath(_ options: SharedOptions, config: Config?, paths: NoContactPaths) -> String {
        if let explicit = options.socket { return explicit }
        let computed = paths.expand(config?.socket.path ?? SocketConfig.defaultPath)
        guard !isListening(computed),
            let recorded = DaemonLockFile.runningDaemon(stateDirectory: paths.stateDirectory)?.socket,
            recorded != computed, isListening(recorded)
        else { return computed }
        return recorded
    }

    /// Whether something accepts connections at the Unix socket `path` (nothing is sent).
    private static func isListening(_ path: String) -> Bool {
        let descriptor = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard descriptor >= 0 else { return false }
        defer { close(descriptor) }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let bytes = Array(path.utf8)
        guard bytes.count < MemoryLayout.size(ofValue: address.sun_path) else { return false }
        withUnsafeMutableBytes(of: &address.sun_path) { $0.copyBytes(from: bytes) }
        return withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) == 0
            }
        }
    }

    /// The zone times typed on the command line are read in: the config's, else the system's.
    static func timeZone(_ options: SharedOptions) -> Zone {
        let environment = ProcessEnvironment.current
        let paths = NoContactPaths(environment: environment)
        let system = SystemTimeZone.resolve(environment: environment)
        let config = try? ConfigLoader.load(explicitPath: options.config, defaultPath: paths.configFile)
        return config?.effectiveTimeZone(system: system) ?? system
    }

    /// Tells the person, on standard error, that the daemon did not answer.
    func noteIfOffline() {
        guard !isDaemon else { return }
        Output.note("nocontactd is not running; this answer comes from your config and state on this machine.")
    }
}
