#if canImport(FoundationEssentials)
package import FoundationEssentials
#else
package import Foundation
#endif

// The shells the `DeliveryLoop` drives, as protocols: the daemon conforms the real ones
// (NoContactDaemon/DaemonShells.swift), tests pass in-memory ones. None of them needs to be
// `Sendable`: the loop and its shells live on one thread (the daemon's main actor).

/// Where the loop reads "now" from. The daemon's clock may live ahead of the system's
/// (`NOCONTACT_TIME_OFFSET`); a test's is moved by the test.
package protocol LoopClock {
    func now() -> Date
}

/// The journey store as the loop uses it: one read per wake, one write per plan.
package protocol LoopStore {
    /// The state planning starts from: cursor, delivery count, recent prompts, slips, pauses.
    func planningState(now: Date) throws -> JourneyState

    /// Records `deliveries` and the new cursor in one transaction, or nothing. Throws when the
    /// store refuses; the error's description is what the log and STATUS= say.
    func record(deliveries: [DeliveryRecord], handledThrough: Date) throws
}

/// One timer, armed for an instant on the loop's clock; arming again replaces the deadline.
package protocol LoopTimer {
    func arm(at deadline: Date)
    func cancel()
}

/// Where the loop's one-line state goes (sd_notify's STATUS=, shown by `systemctl status`).
package protocol LoopNotifier {
    func status(_ line: String)
}

/// Whoever watches deliveries as they happen (`Watch` on the control socket).
package protocol LoopFeed {
    func publish(_ delivery: Delivery, in zone: Zone)
}

/// The daemon's log, for what the loop has to say: a store that refuses, and that it works again.
package protocol LoopLog {
    func error(_ message: String)
    func notice(_ message: String)
}
