import Foundation
import Glibc

@testable import NoContactSystemd

/// A datagram socket bound at `address`, read by the tests: the receiving side of sd_notify
/// and of the journal, without a service manager or journald.
final class DatagramReceiver {
    let descriptor: Int32
    let path: String?

    init(address: UnixSocketAddress) throws {
        descriptor = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        path = address.isAbstract ? nil : address.description
        let bound = address.withSocketAddress { bind(descriptor, $0, $1) }
        guard bound == 0 else { throw SocketTestError("bind \(address): \(String(cString: strerror(errno)))") }
        var timeout = timeval(tv_sec: 5, tv_usec: 0)
        setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
    }

    deinit {
        close(descriptor)
        if let path { unlink(path) }
    }

    /// The next datagram and the descriptors passed with it; fails after 5 s.
    func receive() throws -> (bytes: [UInt8], descriptors: [Int32]) {
        var buffer = [UInt8](repeating: 0, count: 1 << 20)
        var control = [UInt8](repeating: 0, count: 256)
        let (count, controlLength) = buffer.withUnsafeMutableBytes { data in
            control.withUnsafeMutableBytes { controlBytes in
                var vector = iovec(iov_base: data.baseAddress, iov_len: data.count)
                return withUnsafeMutablePointer(to: &vector) { vectorPointer in
                    var message = msghdr()
                    message.msg_iov = vectorPointer
                    message.msg_iovlen = 1
                    message.msg_control = controlBytes.baseAddress
                    message.msg_controllen = controlBytes.count
                    let count = recvmsg(descriptor, &message, Int32(MSG_CMSG_CLOEXEC))
                    return (count, Int(message.msg_controllen))
                }
            }
        }
        guard count >= 0 else { throw SocketTestError("recvmsg: \(String(cString: strerror(errno)))") }
        var descriptors: [Int32] = []
        // One SCM_RIGHTS header (16 bytes on 64-bit Linux) followed by the descriptors.
        if controlLength >= 20 {
            let length = control.withUnsafeBytes { $0.load(as: Int.self) }
            for offset in stride(from: 16, to: length, by: 4) {
                descriptors.append(control.withUnsafeBytes { $0.load(fromByteOffset: offset, as: Int32.self) })
            }
        }
        return (Array(buffer[..<count]), descriptors)
    }
}

struct SocketTestError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// A short, unique path for a socket (sun_path holds 108 bytes).
func temporarySocketPath(_ name: String) -> String {
    "/tmp/nc-\(name)-\(UUID().uuidString.prefix(8))"
}
