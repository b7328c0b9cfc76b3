import NIOCore
import NIOPosix

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Serves one connection: takes NUL-framed calls, answers them one at a time and in order, and
/// keeps what the client can make the server hold within `VarlinkServer.Limits`.
///
/// Everything here runs on the connection's event loop. A `more` call opens a stream whose
/// replies may come from other threads through `VarlinkConnectionLink`; calls that arrive
/// meanwhile wait in `waiting` until the stream ends.
final class VarlinkConnectionHandler: ChannelDuplexHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    private let dispatcher: VarlinkDispatcher
    private let limits: VarlinkServer.Limits
    /// Told when the connection turns busy or idle and opens or ends a stream, so that a full
    /// server can make room by closing the connection idle the longest.
    private let registry: VarlinkConnectionRegistry
    private let decoder = JSONDecoder()

    private var context: ChannelHandlerContext?
    private var link: VarlinkConnectionLink?
    /// Calls received but not yet handled, and their size in bytes.
    private var waiting = CircularBuffer<ByteBuffer>()
    private var waitingBytes = 0
    /// The stream of the `more` call in progress, if any.
    private var current: VarlinkReplyStream?
    /// A call is being answered by the handler off the event loop; later calls wait.
    private var answering = false
    /// A read was asked for while the inbound backlog was full; it is passed on once it shrinks.
    private var readHeld = false
    /// The client shut its sending side: answer what came (streams included), then close.
    private var inputClosed = false
    private var closeWhenWritten = false
    private var isClosed = false
    private var stallTimer: Scheduled<Void>?
    /// Between channelRead and channelReadComplete: replies to the calls of one read (pipelined
    /// calls) are written, then flushed together at its end, in one system call.
    private var isReading = false
    private var needsFlush = false
    private var idleTimer: Scheduled<Void>?

    init(dispatcher: VarlinkDispatcher, limits: VarlinkServer.Limits, registry: VarlinkConnectionRegistry) {
        self.dispatcher = dispatcher
        self.limits = limits
        self.registry = registry
    }

    // MARK: Channel events

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
        link = VarlinkConnectionLink(
            eventLoop: context.eventLoop, maximumOutboundBacklog: limits.maximumOutboundBacklog,
            maximumStreamBacklog: limits.maximumStreamBacklog, handler: self)
        armIdleTimer()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        isReading = true
        let frame = unwrapInboundIn(data)
        waiting.append(frame)
        waitingBytes += frame.readableBytes
        registry.setBusy(context.channel, true)
        idleTimer?.cancel()
        idleTimer = nil
        serveWaiting()
    }

    func channelReadComplete(context: ChannelHandlerContext) {
        isReading = false
        flushIfNeeded()
        context.fireChannelReadComplete()
    }

    func read(context: ChannelHandlerContext) {
        // Backpressure: while too many calls wait, stop reading; the kernel's buffers fill and
        // the client's writes block, instead of the server's memory growing.
        if waitingBytes >= limits.maximumInboundBacklog {
            readHeld = true
        } else {
            context.read()
        }
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if case ChannelEvent.inputClosed = event {
            inputClosed = true
            serveWaiting()
        }
        context.fireUserInboundEventTriggered(event)
    }

    func channelWritabilityChanged(context: ChannelHandlerContext) {
        if context.channel.isWritable {
            stallTimer?.cancel()
            stallTimer = nil
            serveWaiting()
        } else if let timeout = limits.outboundStallTimeout, stallTimer == nil {
            stallTimer = context.eventLoop.assumeIsolated().scheduleTask(in: TimeAmount(timeout)) { [self] in
                // The client has read nothing for the whole time: it is gone or stuck.
                drop()
            }
        }
        context.fireChannelWritabilityChanged()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        if error is VarlinkFrameDecoder.MessageTooLarge, current == nil, !answering {
            send(.failure(.invalidParameter("the message is larger than the server accepts")))
        }
        // What was written goes out before the connection closes (flushes are batched).
        context.flush()
        context.close(promise: nil)
    }

    func channelInactive(context: ChannelHandlerContext) {
        shutDown()
        context.fireChannelInactive()
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        shutDown()
        self.context = nil
    }

    // MARK: Serving calls

    /// Handles waiting calls while no stream is open and the client keeps up with the replies.
    private func serveWaiting() {
        guard let context, !isClosed else { return }
        while current == nil, !answering, context.channel.isWritable, let frame = waiting.popFirst() {
            waitingBytes -= frame.readableBytes
            serve(frame)
            if isClosed { return }
        }
        if readHeld, waitingBytes < limits.maximumInboundBacklog {
            readHeld = false
            context.read()
        }
        if inputClosed {
            // Only the client's sending side is shut (a full hang-up closes the channel at once,
            // as the kernel reports it as such): answer everything, then close.
            if current == nil, !answering, waiting.isEmpty { closeOnceWritten() }
        } else if current == nil, !answering, waiting.isEmpty {
            registry.setBusy(context.channel, false)
            armIdleTimer()
        }
    }

    private func serve(_ frame: ByteBuffer) {
        let call: VarlinkCall
        // Checked before decoding, whose cost explodes with depth (see VarlinkNesting).
        if VarlinkNesting.isTooDeep(frame.readableBytesView) {
            send(.failure(.invalidParameter("the message nests objects and arrays deeper than \(VarlinkNesting.maximumDepth) levels")))
            return
        }
        do {
            call = try decoder.decode(VarlinkCall.self, from: Data(frame.readableBytesView))
        } catch {
            // Framing is intact, so the connection can go on after saying what was wrong.
            send(.failure(.invalidParameter("the message is not a varlink call object: \(Self.describe(error))")))
            return
        }
        // The handler's methods may block (a database, a child process): they run on a worker
        // thread, never on the event loop, which is the one thread serving every connection.
        // What the dispatcher answers itself (org.varlink.service, unknown methods, invalid
        // parameters) is cheap and stays here.
        let offloaded = dispatcher.reachesHandler(call)
        if call.oneway == true {
            if offloaded {
                answerElsewhere { [dispatcher] in
                    dispatcher.perform(call)
                    return nil
                }
            } else {
                dispatcher.perform(call)
            }
        } else if call.more == true, let link, let context {
            guard registry.startStream(context.channel) else {
                send(.failure(.tooManyStreams(limit: limits.maximumStreams)))
                return
            }
            let stream = VarlinkReplyStream(sink: link)
            current = stream
            if offloaded {
                // The stream is thread-safe; while it is open, later calls wait as before.
                Self.workers.submit { [dispatcher] _ in dispatcher.start(call, replies: stream) }
            } else {
                dispatcher.start(call, replies: stream)
            }
        } else if offloaded {
            answerElsewhere { [dispatcher] in dispatcher.reply(to: call) }
        } else {
            send(dispatcher.reply(to: call))
        }
    }

    /// Where handler calls run, for every connection of every server in the process. A few
    /// threads, fixed: a thread (and a malloc arena) per connection grew the daemon's memory
    /// with every burst of clients, and Dispatch's shared pool is as wide as the processors,
    /// so two blocked calls stalled it. Each connection has at most one call here at a time.
    private static let workers: NIOThreadPool = {
        let pool = NIOThreadPool(numberOfThreads: 4)
        // Never stopped: it lives as long as the process.
        pool.start()
        return pool
    }()

    /// Runs `answer` on a worker thread; back on the event loop its reply (if any) is sent and
    /// the calls that waited meanwhile are served, in order.
    private func answerElsewhere(_ answer: @escaping @Sendable () -> VarlinkReply?) {
        guard let context else { return }
        answering = true
        let loop = context.eventLoop
        let channel = context.channel
        let handler = NIOLoopBound(self, eventLoop: loop)
        Self.workers.submit { _ in
            let reply = answer()
            // A connection closed meanwhile wants nothing more (and its loop may be gone).
            guard channel.isActive else { return }
            loop.execute {
                let this = handler.value
                this.answering = false
                if let reply { this.send(reply) }
                this.serveWaiting()
            }
        }
    }

    // MARK: Writing

    /// Writes a reply produced on the event loop.
    private func send(_ reply: VarlinkReply) {
        guard let link, !isClosed else { return }
        let message = VarlinkCoding.frame(reply)
        guard link.reserve(message.count) else {
            drop()
            return
        }
        writeReserved(message)
    }

    /// Writes a stream's reply, already counted in the backlog by the link.
    func write(_ message: [UInt8], isLast: Bool, from stream: VarlinkReplyStream, whenWritten: (@Sendable () -> Void)? = nil) {
        guard stream === current, !isClosed else {
            link?.release(message.count)
            whenWritten?()
            return
        }
        writeReserved(message, whenWritten: whenWritten)
        if isLast {
            current = nil
            if let context { registry.endStream(context.channel) }
            stream.end()
            serveWaiting()
        }
    }

    private func writeReserved(_ message: [UInt8], whenWritten: (@Sendable () -> Void)? = nil) {
        guard let context, let link else {
            whenWritten?()
            return
        }
        var buffer = context.channel.allocator.buffer(capacity: message.count)
        buffer.writeBytes(message)
        let written = context.eventLoop.makePromise(of: Void.self)
        written.futureResult.assumeIsolated().whenComplete { [self] _ in
            // Written or failed with the connection: either way the bytes are no longer held.
            link.release(message.count)
            if closeWhenWritten, link.outstandingBytes == 0 {
                self.context?.close(promise: nil)
            }
            whenWritten?()
        }
        guard isReading else {
            context.writeAndFlush(wrapOutboundOut(buffer), promise: written)
            return
        }
        context.write(wrapOutboundOut(buffer), promise: written)
        if !needsFlush {
            needsFlush = true
            // In case no channelReadComplete follows (a read cut short by an error or EOF).
            context.eventLoop.assumeIsolated().execute { [self] in flushIfNeeded() }
        }
    }

    private func flushIfNeeded() {
        guard needsFlush else { return }
        needsFlush = false
        context?.flush()
    }

    // MARK: Closing

    /// Drops the connection if `stream` is the one it serves (the handler gave up on it).
    func cancel(_ stream: VarlinkReplyStream) {
        if stream === current { drop() }
    }

    /// Closes the connection now, ending its stream; used for clients that break the limits.
    func drop() {
        guard !isClosed else { return }
        // Replies already written still go out, as far as the client takes them.
        context?.flush()
        context?.close(promise: nil)
    }

    private func closeOnceWritten() {
        guard let link, !isClosed else { return }
        if link.outstandingBytes == 0 {
            context?.close(promise: nil)
        } else {
            closeWhenWritten = true
        }
    }

    private func armIdleTimer() {
        guard let context, let timeout = limits.idleTimeout, idleTimer == nil else { return }
        idleTimer = context.eventLoop.assumeIsolated().scheduleTask(in: TimeAmount(timeout)) { [self] in
            idleTimer = nil
            if current == nil, !answering, waiting.isEmpty { drop() }
        }
    }

    /// Forgets everything the connection held and ends its stream (running its end handlers).
    private func shutDown() {
        guard !isClosed else { return }
        isClosed = true
        link?.markClosed()
        stallTimer?.cancel()
        idleTimer?.cancel()
        stallTimer = nil
        idleTimer = nil
        waiting.removeAll()
        waitingBytes = 0
        let stream = current
        current = nil
        stream?.end()
    }

    private static func describe(_ error: any Error) -> String {
        switch error {
        case DecodingError.keyNotFound(let key, _): return "\"\(key.stringValue)\" is missing"
        case DecodingError.typeMismatch(_, let context), DecodingError.dataCorrupted(let context):
            let path = context.codingPath.map(\.stringValue).joined(separator: ".")
            return path.isEmpty ? "malformed JSON" : "\"\(path)\" has the wrong type"
        default: return "malformed JSON"
        }
    }
}

extension TimeAmount {
    /// The same span in NIO's nanoseconds, saturating instead of overflowing.
    init(_ duration: Duration) {
        let (seconds, attoseconds) = duration.components
        let (whole, overflow) = seconds.multipliedReportingOverflow(by: 1_000_000_000)
        self = overflow ? .nanoseconds(.max) : .nanoseconds(whole.addingReportingOverflow(attoseconds / 1_000_000_000).partialValue)
    }
}
