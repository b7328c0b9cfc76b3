import Logging
import NoContactCore
import NoContactService
package import NoContactStore
package import NoContactSystemd

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

// The daemon's real shells as the `DeliveryLoop`'s collaborators: conformances where the shell
// already speaks the loop's words, thin adapters where it does not.

extension DaemonClock: LoopClock {}

extension JourneyStore: LoopStore {}

extension SystemdNotifier: LoopNotifier {}

/// The `Watch` feed: each delivery as the API shows it, its due time on `zone`'s clock, handed
/// to `send` (`DeliveryFeed.publish`).
struct WatchFeed: LoopFeed {
    let send: @Sendable (DeliveryEvent) -> Void

    func publish(_ delivery: Delivery, in zone: Zone) {
        send(DeliveryEvent(delivery, in: zone))
    }
}

/// A `WallClockTimer` armed on the daemon's clock: deadlines the loop computes on the shifted
/// clock (`NOCONTACT_TIME_OFFSET`) become the real wall-clock instants they stand for.
struct DaemonTimer: LoopTimer {
    let timer: WallClockTimer
    let clock: DaemonClock

    // The loop has no actor of its own: the daemon owns it on the main actor and calls it only
    // from there, which `assumeIsolated` checks (a crash, never a race, if that ever changed).
    func arm(at deadline: Date) {
        MainActor.assumeIsolated { timer.arm(at: clock.realInstant(for: deadline)) }
    }

    func cancel() {
        MainActor.assumeIsolated { timer.cancel() }
    }
}

/// The daemon's logger as the loop's log.
struct DaemonLog: LoopLog {
    let logger: Logger

    func error(_ message: String) {
        logger.error("\(message)")
    }

    func notice(_ message: String) {
        logger.notice("\(message)")
    }
}
