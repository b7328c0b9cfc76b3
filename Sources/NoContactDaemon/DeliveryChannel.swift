package import NoContactCore

/// Somewhere a delivery goes: the journal, the desktop, a command.
package protocol DeliveryChannel: Sendable {
    /// Delivers one prompt or milestone. Must not block for long: the scheduler waits on it.
    func deliver(_ delivery: Delivery)
}
