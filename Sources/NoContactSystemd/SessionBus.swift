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
    /// reads nothing). `appendArguments` fills the message body.
    func call<Reply>(
        destination: String, path: String, interface: String, member: String,
        appendArguments: (MessageWriter) throws(SessionBusFailure) -> Void,
        readReply: (MessageReader) throws(SessionBusFailure) -> Reply
    ) throws(SessionBusFailure) -> Reply {
        var message: OpaquePointer?
        var result = sd_bus_message_new_method_call(bus, &message, destination, path, interface, member)
        guard result >= 0, let message else {
            throw .connection("cannot create the call: \(errnoText(result))")
        }
        defer { _ = sd_bus_message_unref(message) }
        try appendArguments(MessageWriter(message: message))

        var error = sd_bus_error()
        defer { sd_bus_error_free(&error) }
        var reply: OpaquePointer?
        result = sd_bus_call(bus, message, timeoutMicroseconds, &error, &reply)
        defer { if let reply { _ = sd_bus_message_unref(reply) } }
        // Throw away what arrived besides the reply (e.g. NotificationClosed signals), so the
        // read queue of a long-lived connection does not grow. Non-blocking.
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
        guard result > 0 else { throw .connection("the reply has an unexpected shape: \(result < 0 ? errnoText(result) : "too few values")") }
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
