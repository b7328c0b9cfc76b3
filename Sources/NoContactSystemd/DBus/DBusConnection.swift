import Glibc

/// A client connection to a message bus over a Unix socket: connecting, `EXTERNAL`
/// authentication, `Hello`, method calls with a deadline, and the signals it subscribed to.
///
/// Everything is synchronous and bounded: each call waits at most its timeout, and what the
/// bus sends is read into a buffer that holds at most one message of `maximumIncomingMessage`
/// bytes beyond what was decoded. Not thread-safe: one caller at a time (`DesktopNotifier`
/// holds its lock), possibly on different threads.
final class DBusConnection {
    /// The largest message we accept from the bus. The specification allows 128 MiB; the
    /// notification protocol's replies and signals are a few hundred bytes, so a message this
    /// large is a broken or hostile peer, and the connection is dropped instead of buffering it.
    static let maximumIncomingMessage = 1024 * 1024
    /// Subscribed signals kept until taken; older ones are dropped beyond this.
    static let maximumQueuedSignals = 256
    /// The longest authentication line we read.
    private static let maximumAuthLine = 1024

    /// The socket; owned and closed by the connection.
    let descriptor: Int32
    /// The name the bus gave us (`:1.42`).
    private(set) var uniqueName = ""
    private var input: [UInt8] = []
    /// Until the bus said OK, the input is text lines, not messages.
    private var authenticated = false
    private var lastSerial: UInt32 = 0
    private var subscriptions: [(path: String, interface: String, member: String)] = []
    private var signals: [DBusMessage] = []

    /// Connects to the first reachable entry of `address`, authenticates and says `Hello`,
    /// all within `timeoutMicroseconds`.
    init(address: String, timeoutMicroseconds: UInt64) throws(SessionBusFailure) {
        let deadline = Deadline(after: timeoutMicroseconds)
        let addresses: [DBusAddress]
        do throws(DBusAddress.ParseError) {
            addresses = try DBusAddress.parse(address)
        } catch {
            throw .connection(error.description)
        }
        var lastError = SessionBusFailure.connection("no address to connect to")
        var connected: Int32 = -1
        for candidate in addresses {
            do throws(SessionBusFailure) {
                connected = try Self.connect(to: candidate, deadline: deadline)
                break
            } catch {
                lastError = error
            }
        }
        guard connected >= 0 else { throw lastError }
        descriptor = connected
        // From here on deinit closes the descriptor if a step fails.
        try authenticate(deadline: deadline)
        let hello = try call(
            DBusMessage(
                kind: .methodCall, serial: 1, path: "/org/freedesktop/DBus", interface: "org.freedesktop.DBus", member: "Hello",
                destination: "org.freedesktop.DBus"), deadline: deadline)
        guard case let .string(name)? = hello.body.first else { throw .connection("the bus did not say who we are (Hello)") }
        uniqueName = name
    }

    deinit {
        close(descriptor)
    }

    // MARK: Calls

    /// Sends `message` (its serial is replaced) and waits for the reply.
    /// - Returns: the method return.
    /// - Throws: `.remote` for an error reply, `.timedOut`, or `.connection` when the
    ///   connection failed (it cannot be used any more then).
    func call(_ message: DBusMessage, timeoutMicroseconds: UInt64) throws(SessionBusFailure) -> DBusMessage {
        try call(message, deadline: Deadline(after: timeoutMicroseconds))
    }

    private func call(_ message: DBusMessage, deadline: Deadline) throws(SessionBusFailure) -> DBusMessage {
        var message = message
        lastSerial = lastSerial == UInt32.max ? 1 : lastSerial + 1
        message.serial = lastSerial
        try send(message, deadline: deadline)
        while true {
            let closed = try readAvailable()
            while let received = try nextBufferedMessage() {
                guard received.replySerial == message.serial, received.kind == .methodReturn || received.kind == .error else {
                    handle(received)
                    continue
                }
                // What arrived with the reply is handled now: nothing else would wake a reader
                // for messages already taken off the socket.
                try processBuffered()
                if received.kind == .error {
                    throw .remote(name: received.errorName ?? "", message: received.errorMessage ?? "")
                }
                return received
            }
            if closed { throw .connection("the session bus closed the connection") }
            try wait(for: Int16(POLLIN), until: deadline)
        }
    }

    /// Asks the bus to route matching signals to us; they are kept for `takeSignals`.
    func subscribe(path: String, interface: String, member: String, timeoutMicroseconds: UInt64) throws(SessionBusFailure) {
        let rule = "type='signal',path='\(path)',interface='\(interface)',member='\(member)'"
        _ = try call(
            DBusMessage(
                kind: .methodCall, serial: 1, path: "/org/freedesktop/DBus", interface: "org.freedesktop.DBus", member: "AddMatch",
                destination: "org.freedesktop.DBus", body: [.string(rule)]), timeoutMicroseconds: timeoutMicroseconds)
        subscriptions.append((path, interface, member))
    }

    /// The subscribed signals received so far, oldest first; empties the queue.
    func takeSignals() -> [DBusMessage] {
        defer { signals = [] }
        return signals
    }

    /// Reads and handles everything that has arrived, without blocking.
    /// - Throws: `.connection` when the bus closed the connection or sent something broken.
    func processPending() throws(SessionBusFailure) {
        let closed = try readAvailable()
        try processBuffered()
        if closed { throw .connection("the session bus closed the connection") }
    }

    // MARK: Incoming

    private func processBuffered() throws(SessionBusFailure) {
        while let message = try nextBufferedMessage() { handle(message) }
    }

    /// Something that is not the reply we wait for: a subscribed signal is kept, a method call
    /// addressed to us is answered (Peer.Ping, as sd-bus does; anything else is an unknown
    /// method), the rest (NameAcquired, late replies) is dropped.
    private func handle(_ message: DBusMessage) {
        switch message.kind {
        case .signal:
            let subscribed = subscriptions.contains {
                $0.path == message.path && $0.interface == message.interface && $0.member == message.member
            }
            guard subscribed else { return }
            signals.append(message)
            if signals.count > Self.maximumQueuedSignals { signals.removeFirst(signals.count - Self.maximumQueuedSignals) }
        case .methodCall:
            guard !message.flags.contains(.noReplyExpected), let sender = message.sender else { return }
            var reply = DBusMessage(kind: .methodReturn, serial: 1, replySerial: message.serial, destination: sender)
            if message.interface != "org.freedesktop.DBus.Peer" || message.member != "Ping" {
                reply.kind = .error
                reply.errorName = "org.freedesktop.DBus.Error.UnknownMethod"
                reply.body = [.string("nocontact offers no methods on the bus")]
            }
            lastSerial = lastSerial == UInt32.max ? 1 : lastSerial + 1
            reply.serial = lastSerial
            // A failed write shows up as a closed connection at the next read.
            try? send(reply, deadline: Deadline(after: 100_000))
        case .methodReturn, .error:
            return
        }
    }

    /// The next whole message in the buffer, if one is there.
    private func nextBufferedMessage() throws(SessionBusFailure) -> DBusMessage? {
        while input.count >= DBusMessage.fixedHeaderLength {
            do throws(DBusProtocolError) {
                let length = try DBusMessage.length(ofMessageStartingWith: input, limit: Self.maximumIncomingMessage)
                guard input.count >= length else { return nil }
                let bytes = Array(input[..<length])
                input.removeFirst(length)
                do throws(DBusProtocolError) {
                    return try DBusMessage.decode(bytes, limit: Self.maximumIncomingMessage)
                } catch .unknownMessageType {
                    continue  // the specification says to ignore types we do not know
                }
            } catch {
                throw .connection("the session bus sent a message we cannot read (\(error))")
            }
        }
        return nil
    }

    /// Reads whatever the socket holds without blocking; true when the peer closed it.
    private func readAvailable() throws(SessionBusFailure) -> Bool {
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let count = chunk.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, Int32(MSG_DONTWAIT)) }
            if count > 0 {
                input.append(contentsOf: chunk[..<count])
                // A partial message never grows past the limit: its length is checked as soon
                // as its fixed header is in.
                if authenticated, input.count >= DBusMessage.fixedHeaderLength {
                    do throws(DBusProtocolError) {
                        _ = try DBusMessage.length(ofMessageStartingWith: input, limit: Self.maximumIncomingMessage)
                    } catch {
                        throw .connection("the session bus sent a message we cannot read (\(error))")
                    }
                }
                if input.count > 4 * Self.maximumIncomingMessage { return false }  // decode some first
                continue
            }
            if count == 0 { return true }
            switch errno {
            case EINTR: continue
            case EAGAIN, EWOULDBLOCK: return false
            default: throw .connection(errnoText(errno))
            }
        }
    }

    // MARK: Outgoing

    private func send(_ message: DBusMessage, deadline: Deadline) throws(SessionBusFailure) {
        let bytes: [UInt8]
        do throws(DBusProtocolError) {
            bytes = try message.encoded()
        } catch {
            throw .connection("cannot build the call: \(error)")
        }
        try write(bytes, deadline: deadline)
    }

    private func write(_ bytes: [UInt8], deadline: Deadline) throws(SessionBusFailure) {
        var sent = 0
        while sent < bytes.count {
            let count = bytes.withUnsafeBytes { buffer in
                Glibc.send(descriptor, buffer.baseAddress.map { $0 + sent }, buffer.count - sent, Int32(MSG_NOSIGNAL))
            }
            if count >= 0 {
                sent += count
                continue
            }
            switch errno {
            case EINTR: continue
            case EAGAIN, EWOULDBLOCK: try wait(for: Int16(POLLOUT), until: deadline)
            default: throw .connection(errnoText(errno))
            }
        }
    }

    /// Waits until the socket is ready for `events`, or throws `.timedOut` at the deadline.
    private func wait(for events: Int16, until deadline: Deadline) throws(SessionBusFailure) {
        try Self.wait(descriptor, for: events, until: deadline)
    }

    private static func wait(_ descriptor: Int32, for events: Int16, until deadline: Deadline) throws(SessionBusFailure) {
        while true {
            let remaining = deadline.remainingMilliseconds
            guard remaining > 0 else { throw .timedOut }
            var entry = pollfd(fd: descriptor, events: events, revents: 0)
            let result = poll(&entry, 1, remaining)
            if result > 0 { return }  // ready, or hung up: the next read or write says which
            if result < 0, errno != EINTR { throw .connection(errnoText(errno)) }
        }
    }

    // MARK: Setting up

    private static func connect(to address: DBusAddress, deadline: Deadline) throws(SessionBusFailure) -> Int32 {
        let socketAddress: UnixSocketAddress
        do throws(UnixSocketAddress.Invalid) {
            switch address {
            case let .path(path): socketAddress = try UnixSocketAddress(path: path)
            case let .abstract(name): socketAddress = try UnixSocketAddress(abstract: name)
            }
        } catch {
            throw .connection("the socket address is too long or empty")
        }
        let descriptor = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue) | Int32(SOCK_NONBLOCK.rawValue), 0)
        guard descriptor >= 0 else { throw .connection(errnoText(errno)) }
        let result = socketAddress.withSocketAddress { Glibc.connect(descriptor, $0, $1) }
        if result < 0 {
            let code = errno
            guard code == EINPROGRESS || code == EAGAIN else {
                close(descriptor)
                throw .connection(errnoText(code))
            }
            // The listener's backlog is full: wait for it to take us, within the deadline.
            do throws(SessionBusFailure) {
                try wait(descriptor, for: Int16(POLLOUT), until: deadline)
            } catch {
                close(descriptor)
                throw error
            }
            var failure: Int32 = 0
            var length = socklen_t(MemoryLayout<Int32>.size)
            getsockopt(descriptor, SOL_SOCKET, SO_ERROR, &failure, &length)
            guard failure == 0 else {
                close(descriptor)
                throw .connection(errnoText(failure))
            }
        }
        return descriptor
    }

    /// SASL `EXTERNAL` with our uid, in decimal digits written as hex (`1000` is `31303030`),
    /// as the specification's clients do; the kernel vouches for it through SO_PEERCRED.
    private func authenticate(deadline: Deadline) throws(SessionBusFailure) {
        let uid = Array(String(geteuid()).utf8).map { byte in
            let hex = String(byte, radix: 16)
            return hex.count == 1 ? "0" + hex : hex
        }.joined()
        try write([0] + Array("AUTH EXTERNAL \(uid)\r\n".utf8), deadline: deadline)
        let line = try readAuthLine(deadline: deadline)
        guard line.hasPrefix("OK ") || line == "OK" else {
            throw .connection("the session bus refused authentication (\(line.prefix(100)))")
        }
        try write(Array("BEGIN\r\n".utf8), deadline: deadline)
        authenticated = true
    }

    /// One `\r\n`-terminated line of the authentication dialogue; what follows stays buffered.
    private func readAuthLine(deadline: Deadline) throws(SessionBusFailure) -> String {
        while true {
            if let end = input.indices.dropLast().first(where: { input[$0] == 13 && input[$0 + 1] == 10 }) {
                let line = String(decoding: input[..<end], as: UTF8.self)
                input.removeFirst(end + 2)
                return line
            }
            guard input.count <= Self.maximumAuthLine, !input.contains(10) else {
                throw .connection("the session bus sent a malformed authentication line")
            }
            let before = input.count
            let closed = try readAvailable()
            if closed { throw .connection("the session bus closed the connection during authentication") }
            if input.count == before { try wait(for: Int16(POLLIN), until: deadline) }
        }
    }
}

/// A point on the monotonic clock, for bounding a whole exchange.
struct Deadline {
    private let microseconds: UInt64

    init(after timeoutMicroseconds: UInt64) {
        microseconds = Self.now() &+ timeoutMicroseconds
    }

    /// Milliseconds left, rounded up, for `poll`; 0 once it passed.
    var remainingMilliseconds: Int32 {
        let now = Self.now()
        guard microseconds > now else { return 0 }
        return Int32(clamping: (microseconds - now + 999) / 1000)
    }

    private static func now() -> UInt64 {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return UInt64(time.tv_sec) * 1_000_000 + UInt64(time.tv_nsec) / 1000
    }
}
