internal import CSystemd
import Glibc

/// One `NAME=value` field of a journal entry.
package struct JournalField: Sendable, Equatable {
    package var name: String
    package var value: String

    /// - Parameter name: `A-Z`, `0-9` and `_` only, not starting with `_` (journald drops others).
    package init(_ name: String, _ value: String) {
        self.name = name
        self.value = value
    }
}

/// Whether the journal took an entry.
package enum JournalSendResult: Sendable, Equatable {
    case sent
    /// No journal accepted the entry; the reason is for a one-time log line.
    case unavailable(reason: String)
}

/// Structured entries to systemd-journald through `sd_journal_sendv`.
package enum Journal {
    /// Where journald listens; libsystemd always uses this path.
    package static let socketPath = "/run/systemd/journal/socket"

    /// Sends one entry.
    ///
    /// libsystemd reports success when no journald exists at all (it ignores `ENOENT`), which
    /// would lose the entry silently, so the socket's presence is checked first.
    package static func send(_ fields: [JournalField]) -> JournalSendResult {
        var status = stat()
        guard stat(socketPath, &status) == 0, (status.st_mode & S_IFMT) == S_IFSOCK else {
            return .unavailable(reason: "there is no journal socket at \(socketPath)")
        }
        let lines = fields.map { "\($0.name)=\($0.value)" }
        let result = withIOVectors(lines) { vectors in
            sd_journal_sendv(vectors.baseAddress, Int32(vectors.count))
        }
        guard result >= 0 else {
            return .unavailable(reason: "journald refused the entry: \(String(cString: strerror(-result)))")
        }
        return .sent
    }

    /// Whether a field name is one journald accepts.
    package static func isValidFieldName(_ name: String) -> Bool {
        guard let first = name.utf8.first, first != UInt8(ascii: "_"), name.utf8.count <= 64 else { return false }
        return name.utf8.allSatisfy { ($0 >= 65 && $0 <= 90) || ($0 >= 48 && $0 <= 57) || $0 == 95 }
    }
}

/// Calls `body` with iovecs pointing at the UTF-8 bytes of `strings`, valid during the call.
private func withIOVectors<Result>(_ strings: [String], _ body: (UnsafeBufferPointer<iovec>) -> Result) -> Result {
    var storage = strings.map { Array($0.utf8) }
    var vectors: [iovec] = []
    vectors.reserveCapacity(storage.count)
    return storage.withUnsafeMutableBufferPointer { buffers in
        for index in buffers.indices {
            buffers[index].withUnsafeMutableBytes { bytes in
                vectors.append(iovec(iov_base: bytes.baseAddress, iov_len: bytes.count))
            }
        }
        // The element buffers stay allocated while `storage` is borrowed here.
        return vectors.withUnsafeBufferPointer(body)
    }
}
