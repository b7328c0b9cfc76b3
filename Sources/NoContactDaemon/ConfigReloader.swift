import Logging
import NoContactCore
import NoContactService
import NoContactSystemd
import Synchronization

/// Re-reads the config and swaps it into the running daemon, for `Daemon.reload()` (SIGHUP and
/// the `Reload` call both come through it, on the main actor). Two reloads never interleave.
final class ConfigReloader: Sendable {
    private let options: DaemonOptions
    private let paths: NoContactPaths
    private let runtime: RuntimeState
    private let sink: LogSink
    private let logger: Logger
    private let inProgress = Mutex(())
    private let refused = Mutex<ConfigError?>(nil)

    init(options: DaemonOptions, paths: NoContactPaths, runtime: RuntimeState, sink: LogSink, logger: Logger) {
        self.options = options
        self.paths = paths
        self.runtime = runtime
        self.sink = sink
        self.logger = logger
    }

    /// Loads the config file and puts it in force; on an error the running config stays.
    /// The caller replans afterwards.
    func reload() throws(ConfigError) -> Config {
        try inProgress.withLock { _ throws(ConfigError) -> Config in
            let config: Config
            do throws(ConfigError) {
                config = try loadChecked()
            } catch {
                logger.error("the new config has errors, so the running config stays in use:\n\(error)")
                refused.withLock { $0 = error }
                throw error
            }
            refused.withLock { $0 = nil }
            if config.delivery != runtime.configuration.config.delivery {
                runtime.channels = DeliveryChannels.make(
                    config: config.delivery, journal: sink, logger: logger, environment: options.environment)
            }
            runtime.update {
                $0.config = config
                $0.timeZone = config.effectiveTimeZone(system: SystemTimeZone.resolve(environment: options.environment))
            }
            return config
        }
    }

    /// Loads the config, letting a child process find any error first (see
    /// `IsolatedConfigCheck`: what parsing a broken file leaves in the heap dies with it).
    private func loadChecked() throws(ConfigError) -> Config {
        guard let (text, path) = try ConfigLoader.readText(explicitPath: options.configPath, defaultPath: paths.configFile) else {
            return Config.builtinDefault
        }
        if let executable = IsolatedConfigCheck.ownExecutable {
            let verdict = Result { () throws(IsolatedConfigCheck.Unavailable) in
                try IsolatedConfigCheck.check(text, file: path, executable: executable)
            }
            switch verdict {
            case let .success(error?): throw error
            case .success(nil): break
            case let .failure(reason):
                logger.warning("cannot check the config in a separate process (\(reason)); checking it in the daemon")
            }
        }
        return try ConfigParser.parse(text, file: path, zones: SystemTimeZone.lookup(environment: options.environment))
    }

    /// Why the last reload was refused, for the status line; nil once a reload succeeds.
    /// "config error, still running the previous config: FILE:LINE:COLUMN: what is wrong".
    var refusalSummary: String? {
        guard let error = refused.withLock({ $0 }) else { return nil }
        let first = error.issues.first.map { "\(error.file):\($0)" } ?? error.file
        let more = error.issues.count > 1 ? " (and \(error.issues.count - 1) more)" : ""
        let oneLine = (first + more).split(whereSeparator: \.isNewline).joined(separator: " ")
        return "config error, still running the previous config: \(oneLine)"
    }
}
