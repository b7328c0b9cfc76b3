import Glibc

/// Why a session-bus call did not get an answer.
enum SessionBusFailure: Error {
    /// The bus could not be reached at all (no socket, refused, connection lost, or it sent
    /// something we cannot read).
    case connection(String)
    /// The bus answered with a D-Bus error, e.g. `org.freedesktop.DBus.Error.ServiceUnknown`.
    case remote(name: String, message: String)
    /// No answer within the time limit.
    case timedOut
}

/// One client connection to a session bus, as `DesktopNotifier` uses it: method calls with
/// arguments and a typed reply, and the `ActionInvoked` signals.
///
/// Not thread-safe: `DesktopNotifier` only touches it under its lock, so calls run one after
/// another, possibly on different threads.
final class SessionBusConnection {
    private let connection: DBusConnection
    let address: String
    private let timeoutMicroseconds: UInt64

    /// Connects, authenticates and says `Hello`, within `timeoutMicroseconds`.
    init(address: String, timeoutMicroseconds: UInt64) throws(SessionBusFailure) {
        connection = try DBusConnection(address: address, timeoutMicroseconds: timeoutMicroseconds)
        self.address = address
        self.timeoutMicroseconds = timeoutMicroseconds
    }

    /// Calls a method and returns its reply to `readReply`. With `autoStart` false the call
    /// carries NO_AUTO_START: the bus answers ServiceUnknown rather than activating the name.
    func call<Reply>(
        destination: String, path: String, interface: String, member: String, autoStart: Bool = true, arguments: [DBusValue],
        readReply: (MessageReader) throws(SessionBusFailure) -> Reply
    ) throws(SessionBusFailure) -> Reply {
        let message = DBusMessage(
            kind: .methodCall, flags: autoStart ? [] : .noAutoStart, serial: 1, path: path, interface: interface, member: member,
            destination: destination, body: arguments)
        let reply: DBusMessage
        do throws(SessionBusFailure) {
            reply = try connection.call(message, timeoutMicroseconds: timeoutMicroseconds)
        } catch let .remote(name, text) {
            // The bus's own timeout (the server did not answer) is a time-out to us as well.
            if name == "org.freedesktop.DBus.Error.Timeout" || name == "org.freedesktop.DBus.Error.NoReply" { throw .timedOut }
            throw .remote(name: name.isEmpty ? "unknown error" : name, message: text)
        }
        return try readReply(MessageReader(reply))
    }

    // MARK: Signals

    /// Asks the bus to route `org.freedesktop.Notifications.ActionInvoked` signals to us; they
    /// are collected while reading (take them with `takeActionSignals`).
    ///
    /// No sender in the match: the rule would name the well-known name, which signals do not
    /// carry (they carry the unique name), so the sender is checked later against the server
    /// that answered `Notify`. Servers usually send the signal to the notification's client
    /// only; the match costs nothing then and catches servers that broadcast it.
    func subscribeToActionInvoked() throws(SessionBusFailure) {
        do throws(SessionBusFailure) {
            try connection.subscribe(
                path: "/org/freedesktop/Notifications", interface: "org.freedesktop.Notifications", member: "ActionInvoked",
                timeoutMicroseconds: timeoutMicroseconds)
        } catch let .remote(name, text) {
            throw .remote(name: "AddMatch", message: "cannot subscribe to ActionInvoked: \(name) \(text)")
        }
    }

    /// The `ActionInvoked` signals read so far. Ones without the documented signature `us` are
    /// not signals we understand and are left out.
    func takeActionSignals() -> [ReceivedActionSignal] {
        connection.takeSignals().compactMap { signal in
            guard signal.body.count == 2, case let .uint32(id) = signal.body[0], case let .string(key) = signal.body[1] else {
                return nil
            }
            return ReceivedActionSignal(id: id, key: key, sender: signal.sender)
        }
    }

    /// A duplicate of the connection's descriptor, close-on-exec, for a read watch.
    ///
    /// A duplicate, so that the watch can outlive the connection by the moment libdispatch
    /// needs to unregister it: closing the connection's own descriptor while it is still
    /// registered would let the number be reused under a live registration. The caller owns
    /// (and closes) the duplicate.
    func duplicateDescriptor() throws(SessionBusFailure) -> Int32 {
        let duplicate = fcntl(connection.descriptor, F_DUPFD_CLOEXEC, 0)
        guard duplicate >= 0 else { throw .connection("cannot duplicate the descriptor: \(errnoText(errno))") }
        return duplicate
    }

    /// Handles everything that has arrived, without blocking: collects the signals and answers
    /// method calls addressed to us (`Peer.Ping`).
    /// - Throws: `.connection` when the connection is gone; it cannot be used any more.
    func processPending() throws(SessionBusFailure) {
        try connection.processPending()
    }

    /// When the connection wants attention without any input: never (`UInt64.max`). It keeps
    /// no timers: every call waits for its reply itself, within its timeout.
    func wakeupDeadline() -> UInt64? {
        UInt64.max
    }
}

/// Reads a reply's values in order, each checked against the type asked for.
final class MessageReader {
    private let message: DBusMessage
    private var index = 0

    init(_ message: DBusMessage) {
        self.message = message
    }

    /// The unique bus name of the connection that sent the message (set by the bus daemon).
    var sender: String? { message.sender }

    func uint32() throws(SessionBusFailure) -> UInt32 {
        guard case let .uint32(value) = try next() else { throw unexpected("u") }
        return value
    }

    func string() throws(SessionBusFailure) -> String {
        guard case let .string(value) = try next() else { throw unexpected("s") }
        return value
    }

    private func next() throws(SessionBusFailure) -> DBusValue {
        guard index < message.body.count else { throw .connection("the reply has an unexpected shape: too few values") }
        defer { index += 1 }
        return message.body[index]
    }

    private func unexpected(_ expected: String) -> SessionBusFailure {
        .connection("the reply has an unexpected shape: \(message.signature) where \(expected) was expected")
    }
}
