import NoContactCore
import NoContactService
import NoContactSystemd

/// `DaemonControl` for the control socket: reloads through the daemon's `ConfigReloader`
/// and hands out its delivery feed.
struct RunningDaemonControl: DaemonControl {
    let reloader: ConfigReloader
    let notifier: SystemdNotifier
    /// Answers what comes next under the new config.
    let service: LocalService
    let deliveries: DeliveryFeed
    /// Replans on the main queue and tells systemd the reload is over.
    let didReload: @Sendable (Config) -> Void
    /// Tells systemd, from the main queue, that the reload is over and the old config stays.
    let didKeepConfig: @Sendable () -> Void

    func reload() throws(ServiceError) -> ReloadReport {
        notifier.reloading()
        let config: Config
        do {
            config = try reloader.reload()
        } catch {
            didKeepConfig()
            throw .invalidConfig(error)
        }
        didReload(config)
        return ReloadReport(config: config.source ?? "built-in", next: try? service.upcoming(count: 1).first)
    }
}
