/// What only the running daemon can do, offered on its control socket next to
/// `NoContactService`: reload its config and stream its deliveries.
package protocol DaemonControl: Sendable {
    /// Re-reads the config. When the new one has errors, throws `.invalidConfig` and the
    /// running config stays in use. Returns where the config now in use came from.
    func reload() throws(ServiceError) -> ReloadReport
    /// Every delivery as it happens.
    var deliveries: DeliveryFeed { get }
}

/// The answer to a successful reload.
package struct ReloadReport: Sendable, Equatable, Codable {
    /// The config file now in use, or "built-in".
    package var config: String
    /// What comes next under the new config.
    package var next: UpcomingEvent?

    package init(config: String, next: UpcomingEvent?) {
        self.config = config
        self.next = next
    }
}
