import Dispatch
import Glibc

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// One Dispatch timer on the main queue, armed on a wall-clock deadline.
///
/// Wall-clock deadlines follow the real-time clock, so a deadline stays right when the clock
/// is set or the machine sleeps, unlike a monotonic interval computed in advance.
@MainActor
final class WallClockTimer {
    private var source: (any DispatchSourceTimer)?
    private let onFire: @MainActor () -> Void

    init(onFire: @escaping @MainActor () -> Void) {
        self.onFire = onFire
    }

    /// Arms the timer for `deadline`, replacing any earlier arming.
    func arm(at deadline: Date) {
        cancel()
        let timer = DispatchSource.makeTimerSource(flags: .strict, queue: .main)
        let seconds = deadline.timeIntervalSince1970.rounded(.down)
        let nanoseconds = Int((deadline.timeIntervalSince1970 - seconds) * 1_000_000_000)
        let wallDeadline = DispatchWallTime(timespec: timespec(tv_sec: Int(seconds), tv_nsec: nanoseconds))
        timer.schedule(wallDeadline: wallDeadline, repeating: .never, leeway: .nanoseconds(0))
        timer.setEventHandler { [onFire] in
            MainActor.assumeIsolated { onFire() }
        }
        timer.resume()
        source = timer
    }

    func cancel() {
        source?.cancel()
        source = nil
    }
}
