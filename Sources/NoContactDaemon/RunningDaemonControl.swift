import NoContactCore
import NoContactServer
import NoContactService

/// `DaemonControl` for the control socket: reloads through the daemon's one reload path and
/// hands out its delivery feed.
struct RunningDaemonControl: DaemonControl {
    /// Answers what comes next under the new config.
    let service: LocalService
    let deliveries: DeliveryFeed
    /// `Daemon.reload()`, on the main actor: it decides whether the new config replaces the
    /// running one.
    let reloadDaemon: @Sendable () -> Result<Config, ConfigError>

    func reload() throws(ServiceError) -> ReloadReport {
        switch reloadDaemon() {
        case let .success(config):
            return ReloadReport(config: config.source ?? "built-in", next: try? service.upcoming(count: 1).first)
        case let .failure(error):
            throw .invalidConfig(error)
        }
    }
}
