internal import CSystemd

/// File descriptors passed by socket activation (`LISTEN_FDS`).
package enum ListenFDs {
    /// The passed descriptors (starting at 3), taking them out of the environment so that
    /// children do not inherit the claim. Empty when the daemon was not socket-activated.
    package static func take() -> [Int32] {
        let count = sd_listen_fds(1)
        guard count > 0 else { return [] }
        return (0..<count).map { SD_LISTEN_FDS_START + $0 }
    }
}
