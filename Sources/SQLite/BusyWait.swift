internal import CSQLite
import Glibc
import Synchronization

/// How a connection waits for a lock another connection holds: retries for up to `timeout`,
/// sleeping a few milliseconds between tries, and gives up at once once interrupted.
///
/// SQLite's own busy timeout cannot be cut short: `sqlite3_interrupt` stops running
/// statements, not a wait for a lock. Checking a flag between short sleeps bounds how long a
/// stopping process waits for a caller blocked on another process's lock.
final class BusyWait: Sendable {
    let timeoutNanoseconds: Int64
    /// Set for good by ``Connection/interrupt()``.
    let interrupted = Atomic<Bool>(false)
    /// When the current wait began (CLOCK_MONOTONIC, ns). Only the thread that runs the
    /// connection's statements touches it; atomic only to be Sendable without pretending.
    private let startedAt = Atomic<Int64>(0)

    /// The longest single sleep: how late an interrupt can be noticed.
    static let longestSleepNanoseconds: Int64 = 10_000_000

    init(timeout: Duration) {
        let (seconds, attoseconds) = timeout.components
        timeoutNanoseconds = seconds * 1_000_000_000 + attoseconds / 1_000_000_000
    }

    /// SQLite's question after `count` tries for one lock: try again (true) or give up.
    func shouldRetry(afterTries count: Int32) -> Bool {
        if interrupted.load(ordering: .relaxed) { return false }
        let now = Self.monotonicNanoseconds()
        if count == 0 { startedAt.store(now, ordering: .relaxed) }
        let waited = now - startedAt.load(ordering: .relaxed)
        guard waited < timeoutNanoseconds else { return false }
        // 1, 2, 4 ... ms up to the longest sleep: quick for short locks, cheap for long ones.
        let step = min(Int64(1_000_000) << min(Int64(count), 4), Self.longestSleepNanoseconds)
        var pause = timespec(tv_sec: 0, tv_nsec: Int(min(step, timeoutNanoseconds - waited)))
        var remaining = timespec()
        while nanosleep(&pause, &remaining) != 0, errno == EINTR { pause = remaining }
        return !interrupted.load(ordering: .relaxed)
    }

    static func monotonicNanoseconds() -> Int64 {
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        return Int64(now.tv_sec) * 1_000_000_000 + Int64(now.tv_nsec)
    }
}

/// SQLite's busy handler: `context` is the connection's ``BusyWait``, which the connection
/// keeps alive for as long as the handle it is registered on.
let busyHandler: @convention(c) (UnsafeMutableRawPointer?, Int32) -> Int32 = { context, count in
    guard let context else { return 0 }
    return Unmanaged<BusyWait>.fromOpaque(context).takeUnretainedValue().shouldRetry(afterTries: count) ? 1 : 0
}
