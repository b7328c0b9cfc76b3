import Dispatch
import Glibc
import Synchronization

/// One desktop notification, as `org.freedesktop.Notifications.Notify` takes it.
package struct DesktopNotification: Sendable, Equatable {
    /// How insistently the server shows it (the `urgency` hint).
    package enum Urgency: UInt8, Sendable {
        case low = 0
        case normal = 1
        case critical = 2
    }

    /// A button or click target: the key comes back in `ActionInvoked`, the label is shown.
    package struct Action: Sendable, Equatable {
        package var key: String
        package var label: String

        package init(key: String, label: String) {
            self.key = key
            self.label = label
        }
    }

    package var appName: String
    package var summary: String
    /// Plain text: servers may interpret a small markup subset, which prompts do not use.
    package var body: String
    package var actions: [Action]
    package var urgency: Urgency
    /// The `category` hint; the spec allows `x-vendor.class` names for kinds it does not list.
    package var category: String?
    /// Milliseconds; -1 lets the server decide, 0 never expires.
    package var expireTimeout: Int32

    package init(
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
package enum DesktopUnavailable: Error, Sendable, Equatable, CustomStringConvertible {
    /// No session bus could be found or reached.
    case noSessionBus(String)
    /// The bus works but nobody owns `org.freedesktop.Notifications` (and it cannot be started).
    case noNotificationServer(String)
    /// Anything else: the server answered with an error, or not in time.
    case failed(String)

    package var description: String {
        switch self {
        case let .noSessionBus(reason): return "no session bus: \(reason)"
        case let .noNotificationServer(reason): return "no notification server: \(reason)"
        case let .failed(reason): return "the notification server failed: \(reason)"
        }
    }
}

/// What `DesktopNotifier.notify` did.
package enum DesktopNotificationResult: Sendable, Equatable {
    /// Shown; the id is the server's, for replacing or closing it later.
    case delivered(id: UInt32)
    case unavailable(DesktopUnavailable)
}

/// The notification server's self-description (`GetServerInformation`).
package struct NotificationServerInformation: Sendable, Equatable {
    package var name: String
    package var vendor: String
    package var version: String
    package var specVersion: String
}

/// Shows notifications through `org.freedesktop.Notifications` on the user's session bus,
/// speaking D-Bus itself (`DBusConnection`).
///
/// The bus is found from the environment given at creation, the way a user service has to:
/// `DBUS_SESSION_BUS_ADDRESS`, else `$XDG_RUNTIME_DIR/bus`. One connection is kept while it
/// works; after any failure it is dropped, and the next call resolves and connects afresh, so
/// a bus or notification server that appears later is used without any polling. Every call is
/// bounded by `timeout`. Calls are serialized by a lock, because a connection is not
/// thread-safe; a caller that must not wait should call from its own queue.
///
/// With an `onAction` handler, the kept connection also listens for `ActionInvoked`: its
/// descriptor is watched by a dispatch read source, so the process only wakes up when
/// something arrives (the connection has no timers of its own between our synchronous calls). Only
/// actions on the last `rememberedNotifications` notifications this notifier sent, signalled
/// by the server that showed them, reach the handler. When the bus goes away, the watch is
/// cancelled with the connection; the next call connects and watches again.
package final class DesktopNotifier: Sendable {
    private struct State {
        var connection: SessionBusConnection?
        /// Watches `connection` for incoming signals; only while there is an action handler.
        var watch: (any DispatchSourceRead)?
        /// Counts connections, so a watch's late event cannot touch a newer connection.
        var generation: UInt64 = 0
        var sent: SentNotifications
        /// Readable events the watch handled, for tests that check the idle process sleeps.
        var wakeups = 0

        /// Drops the connection and cancels its watch. The watch has its own duplicate of the
        /// descriptor, closed by its cancel handler, so the order does not matter to libdispatch.
        mutating func dropConnection() {
            watch?.cancel()
            watch = nil
            connection = nil
        }
    }

    /// Called with NO_AUTO_START: only a server that is already running shows a prompt. A bus-
    /// activated one started without a display (a lingering user at boot, an ssh session)
    /// aborts and leaves the user manager "degraded", at every start of the daemon.
    static let destination = "org.freedesktop.Notifications"
    static let objectPath = "/org/freedesktop/Notifications"
    /// How many sent notifications can still be answered.
    package static let rememberedNotifications = 50

    private let state: Mutex<State>
    private let environment: [String: String]
    private let timeoutMicroseconds: UInt64
    private let onAction: (@Sendable (NotificationAction) -> Void)?
    /// Runs the watch's handlers and `onAction`, one at a time.
    private let actionQueue = DispatchQueue(label: "nocontact.desktop.actions")

    /// - Parameters:
    ///   - environment: where the bus address comes from (the daemon's environment; tests pass
    ///     their own).
    ///   - timeout: the longest a call may wait for connecting and for the server's answer.
    ///   - onAction: called, on a private serial queue, when the person invokes an action of a
    ///     notification this notifier sent; nil to not listen at all.
    package init(
        environment: [String: String], timeout: Duration = .seconds(2),
        onAction: (@Sendable (NotificationAction) -> Void)? = nil
    ) {
        self.environment = environment
        let (seconds, attoseconds) = timeout.components
        timeoutMicroseconds = UInt64(max(0, seconds)) * 1_000_000 + UInt64(max(0, attoseconds) / 1_000_000_000_000)
        self.onAction = onAction
        state = Mutex(State(sent: SentNotifications(limit: Self.rememberedNotifications)))
    }

    deinit {
        // The watch's event handler holds the notifier weakly; a watch left running would keep
        // its descriptor registered after the notifier is gone.
        state.withLock { $0.dropConnection() }
    }

    /// Shows one notification.
    package func notify(_ notification: DesktopNotification) -> DesktopNotificationResult {
        do throws(DesktopUnavailable) {
            let id = try withConnection { connection, sent throws(SessionBusFailure) in
                let (id, server) = try connection.call(
                    destination: Self.destination, path: Self.objectPath, interface: Self.destination, member: "Notify",
                    autoStart: false, arguments: Self.arguments(of: notification),
                    readReply: { reader throws(SessionBusFailure) in (try reader.uint32(), reader.sender) })
                // Recorded before the signals read so far are matched against it (at the end of
                // withConnection), so even an instant click counts.
                sent.record(id: id, server: server)
                return id
            }
            return .delivered(id: id)
        } catch {
            return .unavailable(error)
        }
    }

    /// Asks the server who it is: a cheap check that notifications would be shown.
    package func serverInformation() throws(DesktopUnavailable) -> NotificationServerInformation {
        try withConnection { connection, _ throws(SessionBusFailure) in
            try connection.call(
                destination: Self.destination, path: Self.objectPath, interface: Self.destination,
                member: "GetServerInformation", autoStart: false, arguments: [],
                readReply: { reader throws(SessionBusFailure) in
                    NotificationServerInformation(
                        name: try reader.string(), vendor: try reader.string(), version: try reader.string(),
                        specVersion: try reader.string())
                })
        }
    }

    /// Whether the kept connection is being watched for actions.
    var isWatching: Bool {
        state.withLock { $0.watch != nil }
    }

    /// How many times the watch woke up to read from the bus.
    var wakeups: Int {
        state.withLock { $0.wakeups }
    }

    /// Waits until every action handed on so far has been passed to `onAction`. For tests.
    func waitForActions() {
        actionQueue.sync {}
    }

    /// The kept connection's own wake-up time (`UInt64.max`: none); nil without one.
    var wakeupDeadline: UInt64? {
        state.withLock { $0.connection?.wakeupDeadline() }
    }

    /// The session bus address for `environment`, or why there is none.
    package static func sessionBusAddress(environment: [String: String]) throws(DesktopUnavailable) -> String {
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
    /// `body` may record what it sent; afterwards the action signals that arrived meanwhile
    /// are handed to `onAction`.
    private func withConnection<Result: Sendable>(
        _ body: (SessionBusConnection, inout SentNotifications) throws(SessionBusFailure) -> Result
    ) throws(DesktopUnavailable) -> Result {
        var actions: [NotificationAction] = []
        defer { hand(actions) }
        return try state.withLock { state throws(DesktopUnavailable) -> Result in
            var reused = state.connection != nil
            while true {
                let connection: SessionBusConnection
                if let kept = state.connection {
                    connection = kept
                } else {
                    let address = try Self.sessionBusAddress(environment: environment)
                    do throws(SessionBusFailure) {
                        connection = try SessionBusConnection(address: address, timeoutMicroseconds: timeoutMicroseconds)
                        state.generation &+= 1
                        state.connection = connection
                        if onAction != nil {
                            try connection.subscribeToActionInvoked()
                            state.watch = try watch(connection, generation: state.generation)
                        }
                    } catch {
                        state.dropConnection()
                        throw Self.classify(error, address: address)
                    }
                }
                do throws(SessionBusFailure) {
                    let result = try body(connection, &state.sent)
                    actions += Self.ours(connection.takeActionSignals(), sent: state.sent)
                    return result
                } catch {
                    actions += Self.ours(connection.takeActionSignals(), sent: state.sent)
                    state.dropConnection()
                    if case .connection = error, reused {
                        reused = false
                        continue
                    }
                    throw Self.classify(error, address: connection.address)
                }
            }
        }
    }

    /// Starts watching `connection`'s descriptor: readable means there is something to
    /// process. Called under the lock.
    private func watch(_ connection: SessionBusConnection, generation: UInt64) throws(SessionBusFailure) -> any DispatchSourceRead {
        let descriptor = try connection.duplicateDescriptor()
        let source = DispatchSource.makeReadSource(fileDescriptor: descriptor, queue: actionQueue)
        // Weak: the notifier owns the source; a strong reference would keep both alive forever.
        source.setEventHandler { [weak self] in self?.readable(generation: generation) }
        source.setCancelHandler { close(descriptor) }
        source.resume()
        return source
    }

    /// The watch saw input: process all of it (so the level-triggered watch goes quiet again),
    /// and hand on the actions that are ours. A connection that turns out closed is dropped,
    /// which cancels the watch: a dead descriptor stays readable and would otherwise spin.
    private func readable(generation: UInt64) {
        let actions = state.withLock { state -> [NotificationAction] in
            guard state.generation == generation, let connection = state.connection else { return [] }
            state.wakeups += 1
            do throws(SessionBusFailure) {
                try connection.processPending()
            } catch {
                state.dropConnection()
            }
            return Self.ours(connection.takeActionSignals(), sent: state.sent)
        }
        hand(actions)
    }

    /// The signals about notifications we sent, from the server that showed them.
    private static func ours(_ signals: [ReceivedActionSignal], sent: SentNotifications) -> [NotificationAction] {
        signals.filter { sent.contains($0) }.map { NotificationAction(id: $0.id, key: $0.key) }
    }

    /// Calls `onAction` outside the lock, on the action queue, so a handler may call back
    /// into the notifier and cannot hold up a delivery.
    private func hand(_ actions: [NotificationAction]) {
        guard let onAction, !actions.isEmpty else { return }
        actionQueue.async {
            for action in actions { onAction(action) }
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
    static func arguments(of notification: DesktopNotification) -> [DBusValue] {
        var hints: [(String, DBusValue)] = [("urgency", .byte(notification.urgency.rawValue))]
        if let category = notification.category { hints.append(("category", .string(category))) }
        return [
            .string(notification.appName),
            .uint32(0),  // replaces_id: always a new notification
            .string(""),  // app_icon: none; the server shows its default
            .string(notification.summary),
            .string(notification.body),
            .array(.string, notification.actions.flatMap { [DBusValue.string($0.key), .string($0.label)] }),
            .dictionary(hints),
            .int32(notification.expireTimeout),
        ]
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
