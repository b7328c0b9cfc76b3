import Dispatch
import Foundation
import Glibc

/// A real sd_notify receiver: a datagram Unix socket the daemon finds through NOTIFY_SOCKET.
///
/// It reads every datagram as it arrives, like systemd does, so a daemon that sends many
/// STATUS= updates never finds the socket's queue full (sd_notify would then block it).
final class NotifyReceiver: @unchecked Sendable {
    // @unchecked: `received` is only touched with `condition` locked; the descriptor and the
    // read source are set once in init and cancelled once in deinit.
    let path: String
    private let descriptor: Int32
    private let condition = NSCondition()
    private var received: [String] = []
    private let source: any DispatchSourceRead

    /// Every message received so far, in order.
    var messages: [String] {
        condition.lock()
        defer { condition.unlock() }
        return received
    }

    init(directory: String) throws {
        let socketPath = "\(directory)/notify.sock"
        path = socketPath
        descriptor = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue) | Int32(SOCK_NONBLOCK.rawValue), 0)
        guard descriptor >= 0 else { throw E2EError("socket: \(errno)") }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { $0.copyBytes(from: Array(socketPath.utf8)) }
        let bound = withUnsafePointer(to: &address) { [descriptor] in
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        guard bound == 0 else { throw E2EError("bind \(socketPath): \(errno)") }
        var on: Int32 = 1
        setsockopt(descriptor, SOL_SOCKET, SO_PASSCRED, &on, socklen_t(MemoryLayout<Int32>.size))
        source = DispatchSource.makeReadSource(fileDescriptor: descriptor, queue: DispatchQueue(label: "notify-receiver"))
        source.setEventHandler { [weak self] in self?.drain() }
        let descriptorToClose = descriptor
        source.setCancelHandler { close(descriptorToClose) }
        source.resume()
    }

    deinit {
        source.cancel()
        unlink(path)
    }

    private func drain() {
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            // Any descriptors sent along (systemd-notify's BARRIER) are closed by the kernel
            // when the control data is not read: MSG_CTRUNC drops them.
            let count = buffer.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, 0) }
            guard count > 0 else { return }
            condition.lock()
            received.append(String(decoding: buffer[..<count], as: UTF8.self))
            condition.broadcast()
            condition.unlock()
        }
    }

    /// Waits until a message satisfying `predicate` arrives (or was already received after
    /// `index`), at most `timeout` seconds. Returns the message and its index.
    @discardableResult
    func wait(for description: String, after index: Int = -1, timeout: Double = 10, _ predicate: (String) -> Bool) throws -> (
        message: String, index: Int
    ) {
        let deadline = Date().addingTimeInterval(timeout)
        var checked = index + 1
        condition.lock()
        defer { condition.unlock() }
        while true {
            while checked < received.count {
                if predicate(received[checked]) { return (received[checked], checked) }
                checked += 1
            }
            guard condition.wait(until: deadline) || checked < received.count else {
                throw E2EError("no sd_notify message \(description) within \(timeout) s; got \(received)")
            }
        }
    }
}
