import Synchronization

/// Connections to one database for readers: each caller gets a connection of its own, so
/// that in WAL mode a read never waits for another read, nor for a writer (which has its own
/// connection). A connection is opened when a caller first needs one, and up to `size` are
/// kept between calls; a caller beyond them gets one opened for it and closed after its call,
/// so that what the pool holds (descriptors, caches) never exceeds `size` connections however
/// busy it once was. Nothing is opened up front: each connection holds about 100 KB of schema
/// and cache, and an idle daemon needs only the one or two its own reads used.
package final class ConnectionPool: Sendable {
    private struct State: ~Copyable {
        var idle: [Connection] = []
        var inUse: [ObjectIdentifier: Connection] = [:]
        var interrupted = false
    }

    private let state: Mutex<State>
    private let open: @Sendable () throws -> Connection
    /// How many connections stay open between calls.
    package let size: Int

    /// A pool that opens connections with `open`, which opens and sets up one more connection.
    package init(size: Int, open: @escaping @Sendable () throws -> Connection) {
        state = Mutex(State())
        self.size = size
        self.open = open
    }

    /// How many connections are open and waiting for a caller.
    package var idleCount: Int { state.withLock { $0.idle.count } }

    /// Runs `body` with a connection no one else uses meanwhile.
    package func withConnection<T: Sendable>(_ body: (Connection) throws -> T) throws -> T {
        let connection = try take()
        defer { give(back: connection) }
        return try body(connection)
    }

    /// Interrupts every connection, those in use included, and every one opened later
    /// (see ``Connection/interrupt()``).
    package func interrupt() {
        let connections = state.withLock { state in
            state.interrupted = true
            return state.idle + Array(state.inUse.values)
        }
        for connection in connections { connection.interrupt() }
    }

    private func take() throws -> Connection {
        let (reused, interrupted) = state.withLock { state -> (Connection?, Bool) in
            guard let connection = state.idle.popLast() else { return (nil, state.interrupted) }
            state.inUse[ObjectIdentifier(connection)] = connection
            return (connection, state.interrupted)
        }
        if let reused { return reused }
        let connection = try open()
        if interrupted { connection.interrupt() }
        let lateInterrupt = state.withLock { state in
            state.inUse[ObjectIdentifier(connection)] = connection
            return state.interrupted && !interrupted
        }
        if lateInterrupt { connection.interrupt() }
        return connection
    }

    private func give(back connection: Connection) {
        state.withLock { state in
            state.inUse[ObjectIdentifier(connection)] = nil
            if state.idle.count < size { state.idle.append(connection) }
        }
    }
}
