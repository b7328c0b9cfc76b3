/// An action the person invoked on one of our notifications (a click, or a button): the
/// server's `ActionInvoked` signal, for a notification this notifier sent.
package struct NotificationAction: Sendable, Equatable {
    /// The id `Notify` returned for the notification.
    package var id: UInt32
    /// The action's key, e.g. "default" for a click on the notification itself.
    package var key: String

    package init(id: UInt32, key: String) {
        self.id = id
        self.key = key
    }
}

/// One `ActionInvoked` signal as it arrived, before anyone checked that it is for us.
struct ReceivedActionSignal: Equatable {
    var id: UInt32
    var key: String
    /// The unique bus name of the connection that sent it.
    var sender: String?
}

/// The notifications this notifier sent and that may still be clicked: their id and the
/// unique bus name of the server that gave out the id.
///
/// Remembering the server as well as the id means that only the server which showed the
/// notification can answer for it: another client on the bus cannot fake a click, and a
/// restarted server (whose ids start again at 1) cannot trigger an old notification's action.
/// Bounded, because nothing tells us reliably when a notification is gone for good.
struct SentNotifications {
    private(set) var entries: [(id: UInt32, server: String?)] = []
    let limit: Int

    init(limit: Int) {
        self.limit = max(1, limit)
    }

    mutating func record(id: UInt32, server: String?) {
        entries.append((id, server))
        if entries.count > limit { entries.removeFirst(entries.count - limit) }
    }

    /// Whether `signal` is about a notification we sent, and comes from the server we sent it to.
    func contains(_ signal: ReceivedActionSignal) -> Bool {
        entries.contains { $0.id == signal.id && $0.server != nil && $0.server == signal.sender }
    }
}
