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

    func reload() throws(ServiceError) -> ReloadReport {
        notifier.reloading()
        let config: Config
        do {
            config = try reloader.reload()
        } catch {
            notifier.ready(status: "the new config has errors; the running config stays in use")
            throw .invalidConfig(error)
        }
        didReload(config)
        return ReloadReport(config: config.source ?? "built-in", next: try? service.upcoming(count: 1).first)
    }
}
