import Glibc
import Synchronization

/// One desktop notification, as `org.freedesktop.Notifications.Notify` takes it.
public struct DesktopNotification: Sendable, Equatable {
    /// How insistently the server shows it (the `urgency` hint).
    public enum Urgency: UInt8, Sendable {
        case low = 0, normal = 1, critical = 2
    }

    /// A button or click target: the key comes back in `ActionInvoked`, the label is shown.
    public struct Action: Sendable, Equatable {
        public var key: String
        public var label: String

        public init(key: String, label: String) {
            self.key = key
            self.label = label
        }
    }

    public var appName: String
    public var summary: String
    /// Plain text: servers may interpret a small markup subset, which prompts do not use.
    public var body: String
    public var actions: [Action]
    public var urgency: Urgency
    /// The `category` hint; the spec allows `x-vendor.class` names for kinds it does not list.
    public var category: String?
    /// Milliseconds; -1 lets the server decide, 0 never expires.
    public var expireTimeout: Int32

    public init(
        appName: String = "nocontact", summary: String, body: String, actions: [Action] = [],
        urgency: Urgency = .low, category: String? = nil, expireTimeout: Int32 = -1
    ) {
        self.appName = appName
        self.summary = summary
        self.body = body
        self.actions = actions
        self.urgency = urgency
        self.category = category
        self.expireTimeout = expireTimeout
    }
}

/// Why a notification could not be shown; `description` is a sentence for a log line.
public enum DesktopUnavailable: Error, Sendable, Equatable, CustomStringConvertible {
    /// No session bus could be found or reached.
    case noSessionBus(String)
    /// The bus works but nobody owns `org.freedesktop.Notifications` (and it cannot be started).
    case noNotificationServer(String)
    /// Anything else: the server answered with an error, or not in time.
    case failed(String)

    public var description: String {
        switch self {
        case let .noSessionBus(reason): return "no session bus: \(reason)"
        case let .noNotificationServer(reason): return "no notification server: \(reason)"
        case let .failed(reason): return "the notification server failed: \(reason)"
        }
    }
}

/// What `DesktopNotifier.notify` did.
public enum DesktopNotificationResult: Sendable, Equatable {
    /// Shown; the id is the server's, for replacing or closing it later.
    case delivered(id: UInt32)
    case unavailable(DesktopUnavailable)
}

/// The notification server's self-description (`GetServerInformation`).
public struct NotificationServerInformation: Sendable, Equatable {
    public var name: String
    public var vendor: String
    public var version: String
    public var specVersion: String
}

/// Shows notifications through `org.freedesktop.Notifications` on the user's session bus,
/// speaking D-Bus through libsystemd's sd-bus.
///
/// The bus is found from the environment given at creation, the way a user service has to:
/// `DBUS_SESSION_BUS_ADDRESS`, else `$XDG_RUNTIME_DIR/bus`. One connection is kept while it
/// works; after any failure it is dropped, and the next call resolves and connects afresh, so
/// a bus or notification server that appears later is used without any polling. Every call is
/// bounded by `timeout`. Calls are serialized by a lock, because sd-bus objects are not
/// thread-safe; a caller that must not wait should call from its own queue.
public final class DesktopNotifier: Sendable {
    private struct State {
        var connection: SessionBusConnection?
    }

    static let destination = "org.freedesktop.Notifications"
    static let objectPath = "/org/freedesktop/Notifications"

    private let state = Mutex(State())
    private let environment: [String: String]
    private let timeoutMicroseconds: UInt64

    /// - Parameters:
    ///   - environment: where the bus address comes from (the daemon's environment; tests pass
    ///     their own).
    ///   - timeout: the longest a call may wait for connecting and for the server's answer.
    public init(environment: [String: String], timeout: Duration = .seconds(2)) {
        self.environment = environment
        let (seconds, attoseconds) = timeout.components
        timeoutMicroseconds = UInt64(max(0, seconds)) * 1_000_000 + UInt64(max(0, attoseconds) / 1_000_000_000_000)
    }

    /// Shows one notification.
    public func notify(_ notification: DesktopNotification) -> DesktopNotificationResult {
        do throws(DesktopUnavailable) {
            let id = try withConnection { connection throws(SessionBusFailure) in
                try connection.call(
                    destination: Self.destination, path: Self.objectPath, interface: Self.destination, member: "Notify",
                    appendArguments: { writer throws(SessionBusFailure) in try Self.append(notification, to: writer) },
                    readReply: { reader throws(SessionBusFailure) in try reader.uint32() })
            }
            return .delivered(id: id)
        } catch {
            return .unavailable(error)
        }
    }

    /// Asks the server who it is: a cheap check that notifications would be shown.
    public func serverInformation() throws(DesktopUnavailable) -> NotificationServerInformation {
        try withConnection { connection throws(SessionBusFailure) in
            try connection.call(
                destination: Self.destination, path: Self.objectPath, interface: Self.destination,
                member: "GetServerInformation", appendArguments: { _ throws(SessionBusFailure) in },
                readReply: { reader throws(SessionBusFailure) in
                    NotificationServerInformation(
                        name: try reader.string(), vendor: try reader.string(), version: try reader.string(),
                        specVersion: try reader.string())
                })
        }
    }

    /// The session bus address for `environment`, or why there is none.
    public static func sessionBusAddress(environment: [String: String]) throws(DesktopUnavailable) -> String {
        if let address = environment["DBUS_SESSION_BUS_ADDRESS"], !address.isEmpty {
            return address
        }
        guard let runtime = environment["XDG_RUNTIME_DIR"], !runtime.isEmpty else {
            throw .noSessionBus("neither DBUS_SESSION_BUS_ADDRESS nor XDG_RUNTIME_DIR is set")
        }
        let path = runtime.hasSuffix("/") ? runtime + "bus" : runtime + "/bus"
        var status = stat()
        guard stat(path, &status) == 0, (status.st_mode & S_IFMT) == S_IFSOCK else {
            throw .noSessionBus("DBUS_SESSION_BUS_ADDRESS is not set and there is no bus socket at \(path)")
        }
        return "unix:path=" + escapeAddressValue(path)
    }

    // MARK: Connection

    /// Runs `body` on the kept connection, connecting first when there is none. A kept
    /// connection that turns out dead (the bus restarted) is replaced once; after any failure
    /// the connection is dropped so the next call starts from the environment again.
    private func withConnection<Result: Sendable>(
        _ body: (SessionBusConnection) throws(SessionBusFailure) -> Result
    ) throws(DesktopUnavailable) -> Result {
        try state.withLock { state throws(DesktopUnavailable) -> Result in
            var reused = state.connection != nil
            while true {
                let connection: SessionBusConnection
                if let kept = state.connection {
                    connection = kept
                } else {
                    let address = try Self.sessionBusAddress(environment: environment)
                    do throws(SessionBusFailure) {
                        connection = try SessionBusConnection(address: address, timeoutMicroseconds: timeoutMicroseconds)
                    } catch {
                        throw Self.classify(error, address: address)
                    }
                    state.connection = connection
                }
                do throws(SessionBusFailure) {
                    return try body(connection)
                } catch {
                    state.connection = nil
                    if case .connection = error, reused {
                        reused = false
                        continue
                    }
                    throw Self.classify(error, address: connection.address)
                }
            }
        }
    }

    private static func classify(_ failure: SessionBusFailure, address: String) -> DesktopUnavailable {
        switch failure {
        case let .connection(reason):
            return .noSessionBus("cannot reach the session bus at \(address): \(reason)")
        case .timedOut:
            return .failed("no answer from \(destination) within the time limit")
        case let .remote(name, message):
            // ServiceUnknown/NameHasNoOwner: nobody owns the name; Spawn.*: D-Bus activation of
            // a server was tried and failed (e.g. dunst without a display).
            if name == "org.freedesktop.DBus.Error.ServiceUnknown" || name == "org.freedesktop.DBus.Error.NameHasNoOwner"
                || name.hasPrefix("org.freedesktop.DBus.Error.Spawn.")
            {
                return .noNotificationServer("nothing provides \(destination) on the session bus (\(message.isEmpty ? name : message))")
            }
            return .failed(message.isEmpty ? name : "\(name): \(message)")
        }
    }

    // MARK: Message

    /// The `Notify` arguments, signature `susssasa{sv}i`.
    private static func append(_ notification: DesktopNotification, to writer: MessageWriter) throws(SessionBusFailure) {
        try writer.string(notification.appName)
        try writer.uint32(0)  // replaces_id: always a new notification
        try writer.string("")  // app_icon: none; the server shows its default
        try writer.string(notification.summary)
        try writer.string(notification.body)
        try writer.container("a", "s") { () throws(SessionBusFailure) in
            for action in notification.actions {
                try writer.string(action.key)
                try writer.string(action.label)
            }
        }
        try writer.container("a", "{sv}") { () throws(SessionBusFailure) in
            try writer.container("e", "sv") { () throws(SessionBusFailure) in
                try writer.string("urgency")
                try writer.container("v", "y") { () throws(SessionBusFailure) in try writer.byte(notification.urgency.rawValue) }
            }
            if let category = notification.category {
                try writer.container("e", "sv") { () throws(SessionBusFailure) in
                    try writer.string("category")
                    try writer.container("v", "s") { () throws(SessionBusFailure) in try writer.string(category) }
                }
            }
        }
        try writer.int32(notification.expireTimeout)
    }
}

/// D-Bus address values escape every byte outside `[-0-9A-Za-z_/.\*]` as `%xx`.
func escapeAddressValue(_ value: String) -> String {
    var escaped = ""
    for byte in value.utf8 {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
            UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "/"), UInt8(ascii: "."), UInt8(ascii: "\\"), UInt8(ascii: "*"):
            escaped.append(Character(Unicode.Scalar(byte)))
        default:
            let hex = String(byte, radix: 16)
            escaped += "%" + (hex.count == 1 ? "0" + hex : hex)
        }
    }
    return escaped
}
