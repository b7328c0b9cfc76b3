package import NoContactService

/// What only the running daemon can do, offered on its control socket next to
/// `NoContactService`: reload its config and stream its deliveries.
package protocol DaemonControl: Sendable {
    /// Re-reads the config. When the new one has errors, throws `.invalidConfig` and the
    /// running config stays in use. Returns where the config now in use came from.
    func reload() throws(ServiceError) -> ReloadReport
    /// Every delivery as it happens.
    var deliveries: DeliveryFeed { get }
}
