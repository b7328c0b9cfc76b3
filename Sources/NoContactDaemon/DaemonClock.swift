#if canImport(FoundationEssentials)
package import FoundationEssentials
#else
package import Foundation
#endif

/// The daemon's idea of "now": the wall clock, shifted by an offset for whole-process tests.
///
/// Tests must never change the system clock, so they start the daemon with
/// `NOCONTACT_TIME_OFFSET=SECONDS` (e.g. 3600 to live an hour ahead). Timer deadlines are
/// converted back to real wall-clock instants.
package struct DaemonClock: Sendable {
    package let offset: TimeInterval

    package init(offset: TimeInterval = 0) {
        self.offset = offset
    }

    /// From the environment; a malformed value is an error, not silently ignored.
    package static func from(environment: [String: String]) throws(DaemonError) -> DaemonClock {
        guard let text = environment["NOCONTACT_TIME_OFFSET"] else { return DaemonClock() }
        guard let offset = TimeInterval(text), offset.isFinite else {
            throw .usage("NOCONTACT_TIME_OFFSET=\(text) is not a number of seconds, like 3600 or -86400")
        }
        return DaemonClock(offset: offset)
    }

    package func now() -> Date {
        Date().addingTimeInterval(offset)
    }

    /// The real wall-clock instant at which the shifted clock shows `instant`.
    func realInstant(for instant: Date) -> Date {
        instant.addingTimeInterval(-offset)
    }
}
