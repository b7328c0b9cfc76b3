package import NoContactService
import Synchronization

/// Deliveries as they happen, for whoever watches (`Watch` on the control socket).
///
/// The daemon publishes on its main queue; subscribers are called right there, so they must
/// only hand the event on (the varlink stream queues it on its connection's event loop).
package final class DeliveryFeed: Sendable {
    /// Identifies one subscription, to cancel it.
    package struct Subscription: Hashable, Sendable {
        fileprivate let number: UInt64
    }

    private struct Subscribers {
        var next: UInt64 = 0
        var receivers: [UInt64: @Sendable (DeliveryEvent) -> Void] = [:]
    }

    private let subscribers = Mutex(Subscribers())
    private let dropped: @Sendable (String) -> Void

    /// - Parameter dropped: told, with the reason, when a watcher is dropped (for the log).
    package init(dropped: @escaping @Sendable (String) -> Void = { _ in }) {
        self.dropped = dropped
    }

    /// Says why a watcher was dropped, where the daemon logs it.
    func reportDropped(_ reason: String) {
        dropped(reason)
    }

    /// Calls `receive` with every delivery published from now on, until cancelled.
    package func subscribe(_ receive: @escaping @Sendable (DeliveryEvent) -> Void) -> Subscription {
        subscribers.withLock { state in
            state.next += 1
            state.receivers[state.next] = receive
            return Subscription(number: state.next)
        }
    }

    package func cancel(_ subscription: Subscription) {
        _ = subscribers.withLock { $0.receivers.removeValue(forKey: subscription.number) }
    }

    /// How many watch now (for status and tests).
    package var count: Int {
        subscribers.withLock { $0.receivers.count }
    }

    /// Hands `event` to every subscriber.
    package func publish(_ event: DeliveryEvent) {
        // Copied out first: a receiver may cancel its own subscription while being called.
        let receivers = subscribers.withLock { Array($0.receivers.values) }
        for receive in receivers { receive(event) }
    }
}
