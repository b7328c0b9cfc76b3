import NIOCore
import Synchronization

/// The open connections of one server: admits up to a maximum, and closes them all when the
/// server stops (which ends their streams).
///
/// At the maximum, a new connection is not refused while some connection sits idle: idle
/// connections cost a client nothing to open, and refusing everyone because of them locked
/// every client out (and made the CLI believe the daemon was not running). The connection idle
/// the longest (no call waiting or in progress, no open `more` stream) is closed to make room.
/// Streams are capped separately (`maximumStreams`), so they cannot fill every slot either.
final class VarlinkConnectionRegistry: Sendable {
    /// What the registry knows of one connection, kept up to date by its handler.
    private struct Entry {
        let channel: any Channel
        /// A call is waiting or being answered, or a `more` stream is open: not to be evicted.
        var busy = false
        var streaming = false
        /// When the connection last became idle (or was admitted), in NIO's monotonic clock.
        var idleSince: NIODeadline
    }

    private struct State {
        var open: [ObjectIdentifier: Entry] = [:]
        var streams = 0
        var stopped = false
    }

    private let state = Mutex(State())
    private let maximum: Int
    private let maximumStreams: Int

    init(maximum: Int, maximumStreams: Int = .max) {
        self.maximum = maximum
        self.maximumStreams = maximumStreams
    }

    /// The number of connections currently admitted.
    var count: Int {
        state.withLock { $0.open.count }
    }

    /// The number of open `more` streams.
    var streamCount: Int {
        state.withLock { $0.streams }
    }

    /// Admits `channel` unless the server is stopping, or is full of connections that are all
    /// busy; when full, the longest idle connection is closed to make room. An admitted channel
    /// leaves the registry by itself when it closes.
    func admit(_ channel: any Channel) -> Bool {
        let key = ObjectIdentifier(channel)
        let (admitted, evicted) = state.withLock { state -> (Bool, (any Channel)?) in
            guard !state.stopped else { return (false, nil) }
            var evicted: (any Channel)?
            if state.open.count >= maximum {
                guard
                    let idlest = state.open.filter({ !$0.value.busy && !$0.value.streaming })
                        .min(by: { $0.value.idleSince < $1.value.idleSince })
                else { return (false, nil) }
                state.open.removeValue(forKey: idlest.key)
                evicted = idlest.value.channel
            }
            state.open[key] = Entry(channel: channel, idleSince: .now())
            return (true, evicted)
        }
        // Closed outside the lock: its close callback takes the lock.
        evicted?.close(promise: nil)
        guard admitted else { return false }
        // Registered outside the lock: on a channel that is already closed the callback runs
        // at once, and would otherwise take the lock twice.
        channel.closeFuture.whenComplete { [self] _ in
            state.withLock { state in
                if let entry = state.open.removeValue(forKey: key), entry.streaming { state.streams -= 1 }
            }
        }
        return true
    }

    /// Records whether the connection has a call waiting or in progress; when it turns idle,
    /// its idle time starts now.
    func setBusy(_ channel: any Channel, _ busy: Bool) {
        state.withLock { state in
            let key = ObjectIdentifier(channel)
            guard var entry = state.open[key], entry.busy != busy else { return }
            entry.busy = busy
            if !busy { entry.idleSince = .now() }
            state.open[key] = entry
        }
    }

    /// Counts a `more` stream opening on the connection; false when `maximumStreams` are
    /// open already (the call is then refused).
    func startStream(_ channel: any Channel) -> Bool {
        state.withLock { state in
            let key = ObjectIdentifier(channel)
            guard var entry = state.open[key], !entry.streaming else { return true }
            guard state.streams < maximumStreams else { return false }
            entry.streaming = true
            state.open[key] = entry
            state.streams += 1
            return true
        }
    }

    /// The connection's stream ended.
    func endStream(_ channel: any Channel) {
        state.withLock { state in
            let key = ObjectIdentifier(channel)
            guard var entry = state.open[key], entry.streaming else { return }
            entry.streaming = false
            entry.idleSince = .now()
            state.open[key] = entry
            state.streams -= 1
        }
    }

    /// Refuses new connections from now on, closes the open ones and waits until they are closed.
    func closeAll() {
        let channels = state.withLock { state in
            state.stopped = true
            return state.open.values.map(\.channel)
        }
        for channel in channels {
            channel.close(promise: nil)
        }
        for channel in channels {
            try? channel.closeFuture.wait()
        }
    }
}
