import Dispatch
import Synchronization

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The replies to one `more` call. Thread-safe; all methods may be called from any thread.
///
/// Replies are sent in the order the calls to `yield`, `finish` and `fail` took effect. A stream
/// that outgrows the connection's outbound backlog limit (a client too slow to read) ends: the
/// server drops that connection, and later replies are ignored.
public final class VarlinkReplyStream: Sendable {
    private struct State {
        var ended = false
        var droppedForNotReading = false
        var endHandlers: [@Sendable () -> Void] = []
    }

    private let state = Mutex(State())
    private let sink: any VarlinkReplySink

    init(sink: any VarlinkReplySink) {
        self.sink = sink
    }

    /// A stream that hands each reply to `deliver`, on the thread that sent it and in order:
    /// for testing a handler's `handleMore` without a server, or for in-process use. Its end
    /// handlers run on a global dispatch queue after the last reply, or at once on `cancel`.
    public convenience init(deliveringTo deliver: @escaping @Sendable (VarlinkReply) -> Void) {
        self.init(sink: VarlinkClosureSink(deliver: deliver))
    }

    /// Sends a reply with `continues: true`. Ignored once the stream has ended.
    public func yield(_ parameters: [String: JSONValue]) {
        send(VarlinkReply(parameters: parameters, continues: true), isLast: false, whenWritten: nil)
    }

    /// Sends a reply with `continues: true`, and runs `whenWritten` once it left the server:
    /// written to the socket, or given up with the connection (and at once when the stream
    /// had ended). For replies the client asked for page by page: produce the next page from
    /// `whenWritten`, so that at most one page waits in the server however slowly the client
    /// reads (yielding them all at once would pass the stream backlog limit and drop the client).
    ///
    /// `whenWritten` runs on the connection's event loop or on the caller's thread: it must
    /// not block, and should check `isEnded` before producing more.
    public func yield(_ parameters: [String: JSONValue], whenWritten: @escaping @Sendable () -> Void) {
        send(VarlinkReply(parameters: parameters, continues: true), isLast: false, whenWritten: whenWritten)
    }

    /// Sends the last reply (no `continues`) and ends the stream.
    public func finish(_ parameters: [String: JSONValue] = [:]) {
        send(VarlinkReply(parameters: parameters), isLast: true, whenWritten: nil)
    }

    /// Sends an error reply and ends the stream.
    public func fail(_ error: VarlinkError) {
        send(.failure(error), isLast: true, whenWritten: nil)
    }

    /// True once finished, failed, or the connection is gone.
    public var isEnded: Bool {
        state.withLock { $0.ended }
    }

    /// True when the stream ended because the client did not read its replies (its unread
    /// backlog passed the server's limit and the server dropped it): for saying why in a log.
    public var wasDroppedForNotReading: Bool {
        state.withLock { $0.droppedForNotReading }
    }

    /// Runs `handler` once when the stream ends for any reason: finish, fail, the client hung up,
    /// or the server dropped a client too slow to read (see limits). Runs at once if already ended.
    ///
    /// The handler runs on the connection's event loop (or at once on the caller's thread when
    /// the stream has already ended), never inside `yield`, `finish` or `fail`: so it may take
    /// locks that the code calling those holds. It must not block.
    public func onEnd(_ handler: @escaping @Sendable () -> Void) {
        let alreadyEnded = state.withLock { state in
            if state.ended { return true }
            state.endHandlers.append(handler)
            return false
        }
        if alreadyEnded { handler() }
    }

    /// Ends the stream without a last reply, as when the client hangs up: the server closes the
    /// connection (its client sees it close), and the end handlers run. Prefer `finish` or
    /// `fail`, which tell the client why; this is for giving up, and for tests.
    public func cancel() {
        let cancelled = state.withLock { state in
            guard !state.ended else { return false }
            state.ended = true
            return true
        }
        guard cancelled else { return }
        // Outside the lock: a sink without a connection runs the end handlers right here.
        sink.cancel(self)
    }

    private func send(_ reply: VarlinkReply, isLast: Bool, whenWritten: (@Sendable () -> Void)?) {
        // Encoding happens outside the lock; only handing over to the sink is ordered by it.
        let message = VarlinkCoding.frame(reply)
        let accepted = state.withLock { state in
            guard !state.ended else { return false }
            // Handing over under the lock keeps replies from several threads in one order, and
            // makes the end final: nothing is sent after the last reply.
            let outcome = sink.deliver(message, isLast: isLast, from: self, whenWritten: whenWritten)
            if outcome == .tooSlow { state.droppedForNotReading = true }
            if isLast || outcome != .accepted { state.ended = true }
            return outcome == .accepted
        }
        // Refused: nothing will be written, so the caller hears of it now (outside the lock).
        if !accepted { whenWritten?() }
    }

    /// Ends the stream from the connection's side (hang-up, drop, server closing) and runs the
    /// end handlers. Called on the event loop once the connection is done with the stream.
    func end() {
        let handlers = state.withLock { state in
            state.ended = true
            let handlers = state.endHandlers
            state.endHandlers = []
            return handlers
        }
        for handler in handlers { handler() }
    }
}

/// What became of a reply handed to a `VarlinkReplySink`.
enum VarlinkDelivery: Sendable, Equatable {
    case accepted
    /// The connection is gone.
    case closed
    /// The client has not read enough of the replies before: over the backlog limit, it is dropped.
    case tooSlow
}

/// Where a `VarlinkReplyStream` hands its replies: the connection serving the call.
protocol VarlinkReplySink: Sendable {
    /// Takes one NUL-terminated reply; called with the stream's lock held, so it must not call
    /// back into the stream. Anything but `accepted` refuses the reply and ends the stream.
    /// Once accepted, `whenWritten` must run exactly once, when the reply is written or given up,
    /// and never inside this call; when refused, the stream runs it.
    func deliver(_ message: [UInt8], isLast: Bool, from stream: VarlinkReplyStream, whenWritten: (@Sendable () -> Void)?) -> VarlinkDelivery
    /// The stream was cancelled (and is already marked ended): drop what serves it, then run
    /// its end handlers with `stream.end()`.
    func cancel(_ stream: VarlinkReplyStream)
}

/// Hands replies to a closure: streams outside a server (tests, in-process use).
struct VarlinkClosureSink: VarlinkReplySink {
    let deliver: @Sendable (VarlinkReply) -> Void

    func deliver(_ message: [UInt8], isLast: Bool, from stream: VarlinkReplyStream, whenWritten: (@Sendable () -> Void)?) -> VarlinkDelivery
    {
        // The reply was encoded already; decoding it back gives exactly what a client would read.
        if let reply = try? JSONDecoder().decode(VarlinkReply.self, from: Data(message.dropLast())) {
            deliver(reply)
        }
        // Delivered already; not here under the stream's lock, where producing more would deadlock.
        if let whenWritten { DispatchQueue.global().async { whenWritten() } }
        if isLast {
            // Not here, under the stream's lock and inside finish or fail: elsewhere, soon.
            DispatchQueue.global().async { stream.end() }
        }
        return .accepted
    }

    func cancel(_ stream: VarlinkReplyStream) {
        stream.end()
    }
}
