import Foundation
import Glibc

/// A real sd_notify receiver: a datagram Unix socket the daemon finds through NOTIFY_SOCKET.
final class NotifyReceiver {
    let path: String
    private let descriptor: Int32
    /// Every message received so far, in order.
    private(set) var messages: [String] = []

    init(directory: String) throws {
        path = "\(directory)/notify.sock"
        descriptor = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard descriptor >= 0 else { throw E2EError("socket: \(errno)") }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { $0.copyBytes(from: Array(path.utf8)) }
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        guard bound == 0 else { throw E2EError("bind \(path): \(errno)") }
        var on: Int32 = 1
        setsockopt(descriptor, SOL_SOCKET, SO_PASSCRED, &on, socklen_t(MemoryLayout<Int32>.size))
    }

    deinit {
        close(descriptor)
        unlink(path)
    }

    /// Waits until a message satisfying `predicate` arrives (or was already received after
    /// `index`), at most `timeout` seconds. Returns the message and its index.
    @discardableResult
    func wait(for description: String, after index: Int = -1, timeout: Double = 10, _ predicate: (String) -> Bool) throws -> (message: String, index: Int) {
        let deadline = Date().addingTimeInterval(timeout)
        var checked = index + 1
        while true {
            while checked < messages.count {
                if predicate(messages[checked]) { return (messages[checked], checked) }
                checked += 1
            }
            let remaining = deadline.timeIntervalSinceNow
            guard remaining > 0 else {
                throw E2EError("no sd_notify message \(description) within \(timeout) s; got \(messages)")
            }
            var poller = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
            guard poll(&poller, 1, Int32(remaining * 1000) + 1) > 0 else { continue }
            var buffer = [UInt8](repeating: 0, count: 4096)
            // Any descriptors sent along (systemd-notify's BARRIER) are closed by the kernel
            // when the control data is not read: MSG_CTRUNC drops them.
            let count = buffer.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, 0) }
            if count > 0 { messages.append(String(decoding: buffer[..<count], as: UTF8.self)) }
        }
    }
}
