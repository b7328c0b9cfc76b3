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

/// Structured entries to systemd-journald over its native protocol, as `sd_journal_sendv`
/// sends them: one datagram to `socketPath`, or, when the entry is too large for a datagram,
/// a sealed memfd holding it, passed along an empty datagram.
package enum Journal {
    /// Where journald listens; libsystemd always uses this path.
    package static let socketPath = "/run/systemd/journal/socket"

    /// Sends one entry.
    ///
    /// A missing socket is reported (libsystemd reports success when no journald exists at
    /// all, which would lose the entry silently).
    package static func send(_ fields: [JournalField]) -> JournalSendResult {
        send(JournalNativeProtocol.encode(fields), to: socketPath)
    }

    /// Sends an encoded entry to the journal socket at `path`.
    static func send(_ entry: [UInt8], to path: String) -> JournalSendResult {
        var status = stat()
        guard stat(path, &status) == 0, (status.st_mode & S_IFMT) == S_IFSOCK else {
            return .unavailable(reason: "there is no journal socket at \(path)")
        }
        guard let address = try? UnixSocketAddress(path: path) else {
            return .unavailable(reason: "the journal socket path \(path) is too long")
        }
        // A socket per entry: entries are rare, and nothing is shared between threads.
        let descriptor = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard descriptor >= 0 else { return .unavailable(reason: "cannot open a socket: \(errnoText(errno))") }
        defer { close(descriptor) }
        var code = sendDatagram(descriptor, entry, to: address)
        if code == EMSGSIZE || code == ENOBUFS {
            // Larger than the socket's send buffer allows a datagram to be.
            code = sendThroughMemfd(descriptor, entry, to: address)
        }
        guard code == 0 else { return .unavailable(reason: "journald refused the entry: \(errnoText(code))") }
        return .sent
    }

    /// Whether a field name is one journald accepts.
    package static func isValidFieldName(_ name: String) -> Bool {
        guard let first = name.utf8.first, first != UInt8(ascii: "_"), name.utf8.count <= 64 else { return false }
        return name.utf8.allSatisfy { ($0 >= 65 && $0 <= 90) || ($0 >= 48 && $0 <= 57) || $0 == 95 }
    }

    /// Sends `bytes` as one datagram; 0 or the errno. Blocks while journald's queue is full,
    /// as libsystemd does.
    private static func sendDatagram(_ descriptor: Int32, _ bytes: [UInt8], to address: UnixSocketAddress) -> Int32 {
        while true {
            let sent = bytes.withUnsafeBytes { buffer in
                address.withSocketAddress { sendto(descriptor, buffer.baseAddress, buffer.count, Int32(MSG_NOSIGNAL), $0, $1) }
            }
            if sent >= 0 { return 0 }
            if errno != EINTR { return errno }
        }
    }

    /// Writes `bytes` into a memfd, seals it so journald can map it without copying, and sends
    /// its descriptor in an otherwise empty datagram; 0 or the errno.
    private static func sendThroughMemfd(_ descriptor: Int32, _ bytes: [UInt8], to address: UnixSocketAddress) -> Int32 {
        guard let create = memfdCreate else { return ENOSYS }
        let memfd = create("journal-data", memfdAllowSealing | memfdCloseOnExec)
        guard memfd >= 0 else { return errno }
        defer { close(memfd) }
        var written = 0
        while written < bytes.count {
            let count = bytes.withUnsafeBytes { Glibc.write(memfd, $0.baseAddress.map { $0 + written }, $0.count - written) }
            if count < 0 {
                if errno == EINTR { continue }
                return errno
            }
            written += count
        }
        guard fcntl(memfd, fAddSeals, sealShrink | sealGrow | sealWrite | sealSeal) == 0 else { return errno }

        // One SCM_RIGHTS control message carrying the descriptor.
        let controlLength = cmsgSpace(MemoryLayout<Int32>.size)
        var control = [UInt8](repeating: 0, count: controlLength)
        return control.withUnsafeMutableBytes { controlBytes -> Int32 in
            guard let base = controlBytes.baseAddress else { return EINVAL }
            let header = base.assumingMemoryBound(to: cmsghdr.self)
            header.pointee.cmsg_len = cmsgLength(MemoryLayout<Int32>.size)
            header.pointee.cmsg_level = SOL_SOCKET
            header.pointee.cmsg_type = Int32(SCM_RIGHTS)
            (base + cmsgLength(0)).storeBytes(of: memfd, as: Int32.self)
            return address.withSocketAddress { socketAddress, socketLength -> Int32 in
                var message = msghdr()
                message.msg_name = UnsafeMutableRawPointer(mutating: socketAddress)
                message.msg_namelen = socketLength
                message.msg_control = base
                message.msg_controllen = controlBytes.count
                while true {
                    if sendmsg(descriptor, &message, Int32(MSG_NOSIGNAL)) >= 0 { return 0 }
                    if errno != EINTR { return errno }
                }
            }
        }
    }

    // Swift's Glibc module hides memfd_create and the sealing constants (they are behind
    // _GNU_SOURCE in the headers); the values are Linux's ABI (linux/memfd.h, linux/fcntl.h).
    private static let memfdCloseOnExec: UInt32 = 0x1
    private static let memfdAllowSealing: UInt32 = 0x2
    private static let fAddSeals: Int32 = 1024 + 9
    private static let sealSeal: Int32 = 0x1
    private static let sealShrink: Int32 = 0x2
    private static let sealGrow: Int32 = 0x4
    private static let sealWrite: Int32 = 0x8

    private typealias MemfdCreate = @convention(c) (UnsafePointer<CChar>, UInt32) -> Int32
    /// glibc's `memfd_create` (2.27+), looked up once: it is an ordinary function, just not
    /// declared to Swift.
    private static let memfdCreate: MemfdCreate? = dlsym(nil, "memfd_create").map { unsafeBitCast($0, to: MemfdCreate.self) }

    /// `CMSG_LEN` and `CMSG_SPACE`, which are C macros.
    private static func cmsgLength(_ dataLength: Int) -> Int {
        align(MemoryLayout<cmsghdr>.size) + dataLength
    }

    private static func cmsgSpace(_ dataLength: Int) -> Int {
        align(MemoryLayout<cmsghdr>.size) + align(dataLength)
    }

    private static func align(_ length: Int) -> Int {
        let word = MemoryLayout<Int>.size
        return (length + word - 1) / word * word
    }
}
