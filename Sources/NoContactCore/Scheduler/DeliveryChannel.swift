/// Somewhere a delivery goes: the journal, the desktop, a command.
///
/// In Core because the `DeliveryLoop` hands deliveries to it; the channels themselves (all
/// I/O) live in `NoContactDaemon`.
package protocol DeliveryChannel: Sendable {
    /// Delivers one prompt or milestone. Must not block for long: the loop waits on it.
    func deliver(_ delivery: Delivery)

    /// Waits, at most `timeout`, until every delivery handed over so far has gone out (or
    /// failed), so that a stopping daemon does not cut one off. Returns false when `timeout`
    /// passed first. Channels that deliver before `deliver` returns need not implement it.
    func drain(timeout: Duration) -> Bool
}

extension DeliveryChannel {
    /// Nothing is ever under way: `deliver` finished it.
    package func drain(timeout: Duration) -> Bool { true }
}
