import Glibc
import NoContactPlatform
import NoContactService

/// An exclusive lock on the state directory, held for the daemon's lifetime, so that two
/// daemons never work on one journey: both would deliver every prompt (each on its own
/// socket, unaware of the other).
///
/// The lock is `flock` on `nocontactd.lock` in the directory: the kernel releases it when the
/// process ends however it ends, so a crash never leaves a stale lock. The file says who holds
/// it (pid and socket), for the message the second daemon gives.
final class StateDirectoryLock {
    static let fileName = DaemonLockFile.fileName

    let path: String
    private let descriptor: Int32

    private init(path: String, descriptor: Int32) {
        self.path = path
        self.descriptor = descriptor
    }

    deinit {
        close(descriptor)
    }

    /// Takes the lock on `directory` (created 0700 when missing), or says who holds it.
    static func acquire(directory: String) throws(DaemonError) -> StateDirectoryLock {
        do {
            try PrivateDirectory.ensure(directory)
        } catch {
            throw .stateLock(directory: directory, detail: "\(error)")
        }
        let path = "\(directory)/\(fileName)"
        // Close-on-exec: a command started by the daemon must not keep the lock after it stops.
        let descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0o600)
        guard descriptor >= 0 else {
            throw .stateLock(directory: directory, detail: "cannot open \(path): \(String(cString: strerror(errno)))")
        }
        while flock(descriptor, LOCK_EX | LOCK_NB) != 0 {
            if errno == EINTR { continue }
            let code = errno
            let holder = Self.holder(descriptor)
            close(descriptor)
            guard code == EWOULDBLOCK else {
                throw .stateLock(directory: directory, detail: "cannot lock \(path): \(String(cString: strerror(code)))")
            }
            throw .alreadyRunning(directory: directory, pid: holder.pid, socket: holder.socket)
        }
        let lock = StateDirectoryLock(path: path, descriptor: descriptor)
        lock.record(socket: nil)
        return lock
    }

    /// Writes who holds the lock: this process, and its socket once it listens.
    func record(socket: String?) {
        let text = "pid=\(getpid())\nsocket=\(socket ?? "")\n"
        ftruncate(descriptor, 0)
        let bytes = Array(text.utf8)
        // Best effort: the lock holds without it; only the other daemon's message gets vaguer.
        _ = bytes.withUnsafeBytes { pwrite(descriptor, $0.baseAddress, $0.count, 0) }
    }

    /// The pid and socket written by the holder (nil when not yet written or unreadable).
    private static func holder(_ descriptor: Int32) -> (pid: Int32?, socket: String?) {
        var buffer = [UInt8](repeating: 0, count: 4096)
        let count = buffer.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress, $0.count, 0) }
        guard count > 0 else { return (nil, nil) }
        let holder = DaemonLockFile.parse(String(decoding: buffer[..<count], as: UTF8.self))
        return (holder.pid, holder.socket)
    }
}
