package import Glibc

/// The lock file a running nocontactd holds in its state directory (flock), which says who
/// holds it: `pid=…` and `socket=…` lines.
///
/// The daemon writes where it listens; a client that cannot find it where it expects (the
/// runtime directory was computed differently, say, with XDG_RUNTIME_DIR unset in one of them
/// and /run/user/UID appearing in between) reads it here instead of concluding it is not running.
package enum DaemonLockFile {
    package static let fileName = "nocontactd.lock"

    /// What the holder wrote.
    package struct Holder: Sendable, Equatable {
        package var pid: pid_t?
        /// The socket path, nil before it listens or without a socket of its own path.
        package var socket: String?
    }

    /// The holder described by the lock file's `text`.
    package static func parse(_ text: String) -> Holder {
        var holder = Holder()
        for line in text.split(separator: "\n") {
            if line.hasPrefix("pid=") { holder.pid = pid_t(line.dropFirst(4)) }
            if line.hasPrefix("socket=/") { holder.socket = String(line.dropFirst(7)) }
        }
        return holder
    }

    /// The daemon that holds the lock of `stateDirectory` now, or nil when none does.
    package static func runningDaemon(stateDirectory: String) -> Holder? {
        let descriptor = open("\(stateDirectory)/\(fileName)", O_RDONLY | O_CLOEXEC | O_NOFOLLOW)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        // A shared lock granted means nobody holds the exclusive one: no daemon runs there.
        // (flock locks belong to the open file, so taking and dropping ours touches no other.)
        if flock(descriptor, LOCK_SH | LOCK_NB) == 0 {
            flock(descriptor, LOCK_UN)
            return nil
        }
        guard errno == EWOULDBLOCK else { return nil }
        var buffer = [UInt8](repeating: 0, count: 4096)
        let count = buffer.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress, $0.count, 0) }
        guard count > 0 else { return Holder() }
        return parse(String(decoding: buffer[..<count], as: UTF8.self))
    }
}
