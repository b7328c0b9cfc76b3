import Glibc

/// Whole reads and writes on a file descriptor (a standard stream, a pipe, a socket) with the
/// C library, where the daemon used Foundation's `FileHandle` before (the daemon links no
/// Foundation, issue 15).
package enum FileDescriptorIO {
    /// Reads `descriptor` to its end; stops early at a read error other than EINTR.
    package static func readToEnd(_ descriptor: Int32 = STDIN_FILENO) -> [UInt8] {
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count > 0 {
                bytes.append(contentsOf: chunk[..<count])
            } else if count < 0, errno == EINTR {
                continue
            } else {
                return bytes
            }
        }
    }

    /// Writes all of `bytes` to `descriptor`.
    /// - Returns: false when a write failed (say, the reader is gone: EPIPE), so the caller
    ///   decides whether that matters; it never traps.
    @discardableResult
    package static func write(_ bytes: [UInt8], to descriptor: Int32 = STDOUT_FILENO) -> Bool {
        var offset = 0
        while offset < bytes.count {
            let count = bytes.withUnsafeBytes { buffer in
                guard let base = buffer.baseAddress else { return 0 }
                return Glibc.write(descriptor, base + offset, buffer.count - offset)
            }
            if count < 0 {
                if errno == EINTR { continue }
                return false
            }
            offset += count
        }
        return true
    }
}
