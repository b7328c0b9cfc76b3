import Dispatch
import Glibc

/// Tells the service manager about the daemon's state, as `sd_notify` does (`NotifySocket`).
///
/// Does nothing when `NOTIFY_SOCKET` is unset, so the daemon runs the same by hand.
///
/// Messages go out in order from a queue of their own: a send blocks when the manager's
/// socket queue is full (ten datagrams by default), and a slow manager must never hold up
/// deliveries on the main queue.
package struct SystemdNotifier: Sendable {
    private static let queue = DispatchQueue(label: "nocontact.sd-notify")
    /// Read once, here, rather than on the queue: `getenv` there could race with the
    /// `unsetenv` of `ListenFDs.take()` on the main thread, which glibc does not make safe.
    private let socket: NotifySocket?

    /// Finds the manager's socket in `NOTIFY_SOCKET`; none (and nothing sent) without it.
    package init() {
        socket = NotifySocket.fromEnvironment()
    }

    /// The daemon is up: its socket listens and its first timer is armed.
    package func ready(status: String) {
        send("READY=1\nSTATUS=\(status)")
    }

    /// A one-line human status, shown by `systemctl --user status`.
    package func status(_ status: String) {
        send("STATUS=\(status)")
    }

    /// Reloading has begun. systemd 253+ needs the monotonic time to pair it with READY=1.
    package func reloading() {
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        let microseconds = UInt64(now.tv_sec) * 1_000_000 + UInt64(now.tv_nsec) / 1000
        send("RELOADING=1\nMONOTONIC_USEC=\(microseconds)")
    }

    /// The daemon is shutting down. Returns once the manager has it (and everything before
    /// it), because the process exits right after.
    package func stopping() {
        send("STOPPING=1")
        Self.queue.sync {}
    }

    /// Sends raw `KEY=value` lines, after those sent before.
    package func send(_ state: String) {
        Self.queue.async { [socket] in socket?.send(state) }
    }
}
