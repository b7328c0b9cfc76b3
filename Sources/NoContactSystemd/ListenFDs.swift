import Glibc

/// File descriptors passed by socket activation, read as `sd_listen_fds(1)` reads them.
package enum ListenFDs {
    /// The first passed descriptor (`SD_LISTEN_FDS_START`).
    package static let start: Int32 = 3
    /// The most descriptors we take. systemd passes one per socket of the unit; ours has one.
    package static let maximumCount = 1024

    /// The passed descriptors (starting at 3), marked close-on-exec, taking `LISTEN_PID`,
    /// `LISTEN_FDS` and `LISTEN_FDNAMES` out of the environment so that children do not
    /// inherit the claim. Empty when the daemon was not socket-activated, or the variables are
    /// not for this process.
    package static func take() -> [Int32] {
        let listenPID = getenv("LISTEN_PID").map { String(cString: $0) }
        let listenFDs = getenv("LISTEN_FDS").map { String(cString: $0) }
        // Unset whatever happens next, as sd_listen_fds(1) does.
        for name in ["LISTEN_PID", "LISTEN_FDS", "LISTEN_FDNAMES"] { unsetenv(name) }
        let descriptors = passed(listenPID: listenPID, listenFDs: listenFDs, processID: getpid())
        for descriptor in descriptors {
            let flags = fcntl(descriptor, F_GETFD)
            guard flags >= 0, fcntl(descriptor, F_SETFD, flags | FD_CLOEXEC) == 0 else { return [] }
        }
        return descriptors
    }

    /// The descriptors the variables pass to process `processID`: none unless `LISTEN_PID` is
    /// that process and `LISTEN_FDS` a count from 1 to `maximumCount`.
    package static func passed(listenPID: String?, listenFDs: String?, processID: Int32) -> [Int32] {
        guard let listenPID, let pid = Int32(listenPID), pid == processID, let listenFDs, let count = Int32(listenFDs), count > 0,
            count <= maximumCount
        else { return [] }
        return (0..<count).map { start + $0 }
    }
}
