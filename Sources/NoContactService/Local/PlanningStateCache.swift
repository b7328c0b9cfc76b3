import NoContactCore
import NoContactStore
import Synchronization

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The journey state the last answer was computed from, reused while the store is unchanged.
///
/// Reading the state takes several queries; a busy client asking `Days` again and again would
/// otherwise spend most of each call there. The store's change stamp moves with every commit,
/// by this process or another (the CLI offline), so a slip or a reflection is seen at once.
/// Only the "recently answered" window moves with time alone, so an entry is also renewed
/// after `maximumAge`.
final class PlanningStateCache: Sendable {
    private struct Entry {
        var stamp: JourneyStore.ChangeStamp
        var computedAt: Date
        var state: JourneyState
    }

    static let maximumAge: TimeInterval = 60

    private let entry = Mutex<Entry?>(nil)

    /// The planning state at `now`, from the cache when the store has not changed.
    func state(of store: JourneyStore, now: Date) throws(StoreError) -> JourneyState {
        let stamp = try store.changeStamp()
        if let cached = entry.withLock({ $0 }), cached.stamp == stamp,
            now >= cached.computedAt, now.timeIntervalSince(cached.computedAt) < Self.maximumAge
        {
            return cached.state
        }
        let state = try store.planningState(now: now)
        entry.withLock { $0 = Entry(stamp: stamp, computedAt: now, state: state) }
        return state
    }
}
