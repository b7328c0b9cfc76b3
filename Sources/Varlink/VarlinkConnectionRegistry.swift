import NIOCore
import Synchronization

/// The open connections of one server: admits up to a maximum, and closes them all when the
/// server stops (which ends their streams).
final class VarlinkConnectionRegistry: Sendable {
    private struct State {
        var open: [ObjectIdentifier: any Channel] = [:]
        var stopped = false
    }

    private let state = Mutex(State())
    private let maximum: Int

    init(maximum: Int) {
        self.maximum = maximum
    }

    /// The number of connections currently admitted.
    var count: Int {
        state.withLock { $0.open.count }
    }

    /// Admits `channel` unless the server is full or stopping; an admitted channel leaves the
    /// registry by itself when it closes.
    func admit(_ channel: any Channel) -> Bool {
        let key = ObjectIdentifier(channel)
        let admitted = state.withLock { state in
            guard !state.stopped, state.open.count < maximum else { return false }
            state.open[key] = channel
            return true
        }
        guard admitted else { return false }
        // Registered outside the lock: on a channel that is already closed the callback runs
        // at once, and would otherwise take the lock twice.
        channel.closeFuture.whenComplete { [self] _ in
            state.withLock { _ = $0.open.removeValue(forKey: key) }
        }
        return true
    }

    /// Refuses new connections from now on, closes the open ones and waits until they are closed.
    func closeAll() {
        let channels = state.withLock { state in
            state.stopped = true
            return Array(state.open.values)
        }
        for channel in channels {
            channel.close(promise: nil)
        }
        for channel in channels {
            try? channel.closeFuture.wait()
        }
    }
}
