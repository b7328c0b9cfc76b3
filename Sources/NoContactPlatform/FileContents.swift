import Glibc

/// A small file read whole with Glibc (the config, at every start): no Foundation, and never
/// more than a limit, so that a file far too large is refused without reading it.
package enum FileContents {
    /// Why a file could not be read.
    package enum Failure: Error, Equatable {
        /// There is no such file (or a directory on its path is missing).
        case missing
        /// It exists but cannot be read: permissions, a directory, an I/O error (errno).
        case unreadable(errno: Int32)
        /// It holds more than the limit; `size` is what it holds.
        case tooLarge(size: Int)
    }

    /// The bytes of the file at `path`, at most `limit` of them.
    package static func read(_ path: String, limit: Int) -> Result<[UInt8], Failure> {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return .failure(errno == ENOENT || errno == ENOTDIR ? .missing : .unreadable(errno: errno)) }
        defer { close(descriptor) }
        var status = stat()
        if fstat(descriptor, &status) == 0, (status.st_mode & S_IFMT) == S_IFREG, Int(status.st_size) > limit {
            return .failure(.tooLarge(size: Int(status.st_size)))
        }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let count = chunk.withUnsafeMutableBytes { Glibc.read(descriptor, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                return .failure(.unreadable(errno: errno))
            }
            guard count > 0 else { return .success(bytes) }
            bytes += chunk[..<count]
            // A file that grows while it is read, or is not a regular file, stops at the limit too.
            if bytes.count > limit { return .failure(.tooLarge(size: bytes.count)) }
        }
    }
}
