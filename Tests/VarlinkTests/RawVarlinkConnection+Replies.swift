import Foundation
import TestSupport
import Varlink

/// Replies read off a raw connection as this module's own `VarlinkReply`, with the 5-second
/// bound every read of these tests has.
extension RawVarlinkConnection {
    struct TimedOut: Error {}

    /// The next message without its NUL, or nil when the server closed the connection (end of
    /// stream or reset) before another message began.
    func readMessage() throws -> String? {
        switch try readFrame(timeout: 5) {
        case let .message(bytes): return String(decoding: bytes, as: UTF8.self)
        case .closed: return nil
        case .timedOut: throw TimedOut()
        }
    }

    /// The next message decoded as a varlink reply.
    func readReply() throws -> VarlinkReply? {
        guard let message = try readMessage() else { return nil }
        return try JSONDecoder().decode(VarlinkReply.self, from: Data(message.utf8))
    }

    /// Reads and discards messages until the server closes the connection; returns how many
    /// came. Throws `TimedOut` if the connection stays open and silent for 5 seconds.
    func drainUntilClosed() throws -> Int {
        var count = 0
        while try readMessage() != nil { count += 1 }
        return count
    }
}
