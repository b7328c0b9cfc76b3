internal import CSystemd
import Glibc

/// Why a session-bus call did not get an answer.
enum SessionBusFailure: Error {
    /// The bus could not be reached at all (no socket, refused, connection lost).
    case connection(String)
    /// The bus answered with a D-Bus error, e.g. `org.freedesktop.DBus.Error.ServiceUnknown`.
    case remote(name: String, message: String)
    /// No answer within the time limit.
    case timedOut
}

/// One client connection to a session bus through sd-bus.
///
/// Not thread-safe (sd-bus objects are not): `DesktopNotifier` only touches it under its lock,
/// so calls run one after another, possibly on different threads, which sd-bus allows.
final class SessionBusConnection {
    private let bus: OpaquePointer
    let address: String
    private let timeoutMicroseconds: UInt64
    /// What the `ActionInvoked` callback read; sd-bus holds an unretained pointer to it, which
    /// is safe because the box lives exactly as long as the bus (released after it in deinit).
    private let actionInbox = ActionSignalInbox()

    /// Connects and starts the handshake. Errors that only show up during authentication
    /// surface at the first `call`.
    init(address: String, timeoutMicroseconds: UInt64) throws(SessionBusFailure) {
        var created: OpaquePointer?
        var result = sd_bus_new(&created)
        guard result >= 0, let created else {
            throw .connection("sd_bus_new failed: \(errnoText(result))")
        }
        // Set up on a local first: a class whose properties are all set runs `deinit` when its
        // init throws, which would release the bus a second time.
        // Without the client flag sd-bus skips `Hello`, and the daemon would not route our calls.
        _ = sd_bus_set_bus_client(created, 1)
        _ = sd_bus_set_description(created, "nocontact-session")
        _ = sd_bus_set_method_call_timeout(created, timeoutMicroseconds)
        result = sd_bus_set_address(created, address)
        guard result >= 0 else {
            _ = sd_bus_close_unref(created)
            throw .connection("the address \(address) is not valid: \(errnoText(result))")
        }
        result = sd_bus_start(created)
        guard result >= 0 else {
            _ = sd_bus_close_unref(created)
            throw .connection(errnoText(result))
        }
        bus = created
        self.address = address
        self.timeoutMicroseconds = timeoutMicroseconds
    }

    deinit {
        _ = sd_bus_flush_close_unref(bus)
    }

    /// Calls a method and returns its reply to `readReply` (nil for the reply means the caller
    /// reads nothing). `appendArguments` fills the message body. With `autoStart` false the call
    /// carries NO_AUTO_START: the bus answers ServiceUnknown rather than activating the name.
    func call<Reply>(
        destination: String, path: String, interface: String, member: String, autoStart: Bool = true,
        appendArguments: (MessageWriter) throws(SessionBusFailure) -> Void,
        readReply: (MessageReader) throws(SessionBusFailure) -> Reply
    ) throws(SessionBusFailure) -> Reply {
        var message: OpaquePointer?
        var result = sd_bus_message_new_method_call(bus, &message, destination, path, interface, member)
        guard result >= 0, let message else {
            throw .connection("cannot create the call: \(errnoText(result))")
        }
        defer { _ = sd_bus_message_unref(message) }
        if !autoStart {
            result = sd_bus_message_set_auto_start(message, 0)
            guard result >= 0 else { throw .connection("cannot set NO_AUTO_START: \(errnoText(result))") }
        }
        try appendArguments(MessageWriter(message: message))

        var error = sd_bus_error()
        defer { sd_bus_error_free(&error) }
        var reply: OpaquePointer?
        result = sd_bus_call(bus, message, timeoutMicroseconds, &error, &reply)
        defer { if let reply { _ = sd_bus_message_unref(reply) } }
        // Handle what arrived besides the reply, so the read queue of a long-lived connection
        // does not grow: matched signals (ActionInvoked) go to their callback, the rest (e.g.
        // NotificationClosed) is thrown away. Messages read during the call sit in sd-bus's
        // queue, not on the socket, so no read watch would report them. Non-blocking.
        while sd_bus_process(bus, nil) > 0 {}
        guard result >= 0, let reply else {
            // sd-bus gives local failures D-Bus error names too (ECONNRESET becomes
            // org.freedesktop.DBus.Error.Disconnected), so the name alone cannot tell a dead
            // connection from the server's answer: whether the connection is still open can.
            let name = error.name.map { String(cString: $0) } ?? ""
            let message = error.message.map { String(cString: $0) } ?? errnoText(result)
            if sd_bus_is_open(bus) <= 0 {
                throw .connection(message)
            }
            if result == -ETIMEDOUT || name == "org.freedesktop.DBus.Error.Timeout" || name == "org.freedesktop.DBus.Error.NoReply" {
                throw .timedOut
            }
            throw .remote(name: name.isEmpty ? "unknown error" : name, message: message)
        }
        return try readReply(MessageReader(message: reply))
    }

    // MARK: Signals

    /// Asks the bus to route `org.freedesktop.Notifications.ActionInvoked` signals to us and
    /// collects them during `sd_bus_process` (read them with `takeActionSignals`).
    ///
    /// No sender in the match: sd-bus cannot compare a well-known name with the unique name a
    /// signal carries, so the sender is checked later against the server that answered
    /// `Notify`. Servers usually send the signal to the notification's client only; the match
    /// costs nothing then and catches servers that broadcast it.
    func subscribeToActionInvoked() throws(SessionBusFailure) {
        let result = sd_bus_match_signal(
            bus, nil, nil, "/org/freedesktop/Notifications", "org.freedesktop.Notifications", "ActionInvoked",
            { message, userdata, _ in
                // A C function pointer: no captures, the inbox comes through userdata.
                guard let message, let userdata else { return 0 }
                var id: UInt32 = 0
                var key: UnsafePointer<CChar>?
                guard sd_bus_message_read_basic(message, type("u"), &id) > 0,
                    sd_bus_message_read_basic(message, type("s"), &key) > 0, let key
                else {
                    return 0  // not the documented signature `us`: not a signal we understand
                }
                let inbox = Unmanaged<ActionSignalInbox>.fromOpaque(userdata).takeUnretainedValue()
                // Both strings belong to the message; copy them before it goes away.
                inbox.received.append(
                    ReceivedActionSignal(
                        id: id, key: String(cString: key), sender: sd_bus_message_get_sender(message).map { String(cString: $0) }))
                return 0
            },
            Unmanaged.passUnretained(actionInbox).toOpaque())
        guard result >= 0 else {
            if sd_bus_is_open(bus) <= 0 { throw .connection("cannot subscribe to ActionInvoked: \(errnoText(result))") }
            throw .remote(name: "AddMatch", message: "cannot subscribe to ActionInvoked: \(errnoText(result))")
        }
    }

    /// The `ActionInvoked` signals read so far.
    func takeActionSignals() -> [ReceivedActionSignal] {
        actionInbox.take()
    }

    /// A duplicate of the connection's descriptor, close-on-exec, for a read watch.
    ///
    /// A duplicate, so that the watch can outlive the connection by the moment libdispatch
    /// needs to unregister it: closing the connection's own descriptor while it is still
    /// registered would let the number be reused under a live registration. The caller owns
    /// (and closes) the duplicate.
    func duplicateDescriptor() throws(SessionBusFailure) -> Int32 {
        let descriptor = sd_bus_get_fd(bus)
        guard descriptor >= 0 else { throw .connection("no descriptor: \(errnoText(descriptor))") }
        let duplicate = fcntl(descriptor, F_DUPFD_CLOEXEC, 0)
        guard duplicate >= 0 else { throw .connection("cannot duplicate the descriptor: \(errnoText(errno))") }
        return duplicate
    }

    /// Handles everything that has arrived, without blocking: runs the signal callbacks,
    /// answers what sd-bus answers itself (e.g. `Peer.Ping`), and writes what that queued.
    /// - Throws: `.connection` when the connection is gone; it cannot be used any more.
    func processPending() throws(SessionBusFailure) {
        while true {
            let result = sd_bus_process(bus, nil)
            if result == 0 { break }
            if result < 0 { throw .connection(errnoText(result)) }
        }
        guard sd_bus_is_open(bus) > 0 else { throw .connection("the session bus closed the connection") }
        // Replies sd-bus queued and could not write at once; our own calls always flush, so
        // this is rare, and the read watch alone suffices otherwise.
        if Int32(sd_bus_get_events(bus)) & Int32(POLLOUT) != 0 {
            let flushed = sd_bus_flush(bus)
            if flushed < 0 { throw .connection(errnoText(flushed)) }
        }
    }

    /// When sd-bus wants `sd_bus_process` called without any input: `UInt64.max` for never,
    /// which is the case between calls (we make no asynchronous calls and set no timers).
    func wakeupDeadline() -> UInt64? {
        var deadline: UInt64 = 0
        return sd_bus_get_timeout(bus, &deadline) >= 0 ? deadline : nil
    }
}

/// Appends D-Bus values to a message being built; Swift cannot call the variadic
/// `sd_bus_message_append`, so every value goes through `append_basic` and containers.
struct MessageWriter {
    let message: OpaquePointer

    func string(_ value: String) throws(SessionBusFailure) {
        // For string types sd-bus takes the C string itself, not a pointer to it.
        try check(value.withCString { sd_bus_message_append_basic(message, type("s"), $0) })
    }

    func uint32(_ value: UInt32) throws(SessionBusFailure) {
        var value = value
        try check(sd_bus_message_append_basic(message, type("u"), &value))
    }

    func int32(_ value: Int32) throws(SessionBusFailure) {
        var value = value
        try check(sd_bus_message_append_basic(message, type("i"), &value))
    }

    func byte(_ value: UInt8) throws(SessionBusFailure) {
        var value = value
        try check(sd_bus_message_append_basic(message, type("y"), &value))
    }

    /// Opens a container (`a`, `e`, `v`, `r`) with the given contents signature, fills it and
    /// closes it.
    func container(_ kind: Character, _ contents: String, _ body: () throws(SessionBusFailure) -> Void) throws(SessionBusFailure) {
        try check(sd_bus_message_open_container(message, type(kind), contents))
        try body()
        try check(sd_bus_message_close_container(message))
    }

    private func check(_ result: Int32) throws(SessionBusFailure) {
        guard result >= 0 else { throw .connection("cannot build the call: \(errnoText(result))") }
    }
}

/// Reads basic values from a reply, in order.
struct MessageReader {
    let message: OpaquePointer

    /// The unique bus name of the connection that sent the message (set by the bus daemon).
    var sender: String? {
        sd_bus_message_get_sender(message).map { String(cString: $0) }
    }

    func uint32() throws(SessionBusFailure) -> UInt32 {
        var value: UInt32 = 0
        try check(sd_bus_message_read_basic(message, type("u"), &value))
        return value
    }

    func string() throws(SessionBusFailure) -> String {
        var value: UnsafePointer<CChar>?
        try check(sd_bus_message_read_basic(message, type("s"), &value))
        // The pointer belongs to the message; copy before it goes away.
        return value.map { String(cString: $0) } ?? ""
    }

    private func check(_ result: Int32) throws(SessionBusFailure) {
        guard result > 0 else {
            throw .connection("the reply has an unexpected shape: \(result < 0 ? errnoText(result) : "too few values")")
        }
    }
}

/// A D-Bus type code as the `char` sd-bus expects.
private func type(_ code: Character) -> CChar {
    CChar(bitPattern: code.asciiValue ?? 0)
}

/// `strerror` for a negative errno as sd-bus returns them.
func errnoText(_ result: Int32) -> String {
    String(cString: strerror(result < 0 ? -result : result))
}
