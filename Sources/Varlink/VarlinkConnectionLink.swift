import NIOCore
import Synchronization

/// The thread-safe side of one connection: what `VarlinkReplyStream`s on other threads talk to.
///
/// It counts the bytes of replies not yet written to the socket (the outbound backlog) across
/// all threads, refuses replies beyond the limit, and carries accepted ones to the event loop.
final class VarlinkConnectionLink: VarlinkReplySink {
    private let eventLoop: any EventLoop
    private let maximumOutboundBacklog: Int
    private let maximumStreamBacklog: Int
    private let outstanding = Atomic<Int>(0)
    private let closed = Atomic<Bool>(false)
    /// Weak, so that a stream kept by a handler after its connection closed keeps nothing alive.
    private let connection: NIOLoopBoundBox<Weak>

    /// A weak reference that the loop-bound box can hold.
    struct Weak {
        weak var handler: VarlinkConnectionHandler?
    }

    /// Made on the event loop, by the handler it links to.
    init(eventLoop: any EventLoop, maximumOutboundBacklog: Int, maximumStreamBacklog: Int, handler: VarlinkConnectionHandler) {
        self.eventLoop = eventLoop
        self.maximumOutboundBacklog = maximumOutboundBacklog
        self.maximumStreamBacklog = maximumStreamBacklog
        self.connection = NIOLoopBoundBox(Weak(handler: handler), eventLoop: eventLoop)
    }

    /// Bytes accepted for writing and not yet written.
    var outstandingBytes: Int {
        outstanding.load(ordering: .relaxed)
    }

    /// Counts `count` more bytes towards the backlog, unless that goes over `limit` (by default
    /// the limit for direct replies).
    func reserve(_ count: Int, limit: Int? = nil) -> Bool {
        let total = outstanding.wrappingAdd(count, ordering: .relaxed).newValue
        guard total <= limit ?? maximumOutboundBacklog else {
            outstanding.wrappingSubtract(count, ordering: .relaxed)
            return false
        }
        return true
    }

    /// Bytes that left the backlog: written, or dropped with the connection.
    func release(_ count: Int) {
        outstanding.wrappingSubtract(count, ordering: .relaxed)
    }

    /// From now on every reply is refused; called on the event loop when the connection closes.
    func markClosed() {
        closed.store(true, ordering: .relaxed)
    }

    func cancel(_ stream: VarlinkReplyStream) {
        guard !closed.load(ordering: .relaxed) else {
            // The connection is gone and has ended its stream already; end() is idempotent.
            stream.end()
            return
        }
        eventLoop.execute { [connection] in
            connection.value.handler?.cancel(stream)
            stream.end()
        }
    }

    func deliver(_ message: [UInt8], isLast: Bool, from stream: VarlinkReplyStream, whenWritten: (@Sendable () -> Void)?) -> VarlinkDelivery
    {
        guard !closed.load(ordering: .relaxed) else { return .closed }
        // A stream's replies come unasked (a watcher's deliveries): a client that stopped
        // reading would otherwise make the server hold them for every such client.
        guard reserve(message.count, limit: maximumStreamBacklog) else {
            // Too slow a reader: drop it rather than hold its replies without bound.
            eventLoop.execute { [connection] in
                connection.value.handler?.drop()
            }
            return .tooSlow
        }
        eventLoop.execute { [connection, self] in
            if let handler = connection.value.handler {
                handler.write(message, isLast: isLast, from: stream, whenWritten: whenWritten)
            } else {
                release(message.count)
                whenWritten?()
            }
        }
        return .accepted
    }
}
