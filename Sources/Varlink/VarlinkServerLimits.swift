extension VarlinkServer {
    /// Bounds on what one client can make the server hold, so that memory stays bounded and a
    /// slow, silent or hostile client cannot hold up the others.
    public struct Limits: Sendable, Equatable {
        /// The largest message accepted, in bytes (without its NUL). A larger one is answered
        /// with InvalidParameter and the connection is closed.
        public var maximumMessageSize: Int
        /// Bytes of pipelined calls a connection may have waiting (while a `more` call's stream
        /// is open, or while the client is not reading its replies). At the limit the server
        /// stops reading from that connection until the backlog shrinks (the client's writes
        /// block); nothing is lost.
        public var maximumInboundBacklog: Int
        /// Bytes of replies a connection may have that the client has not read yet. Beyond it
        /// the client is too slow (or stopped reading): the connection is dropped and its
        /// stream ends.
        public var maximumOutboundBacklog: Int
        /// How long a connection may stay unwritable (replies waiting, the client reading
        /// nothing) before it is dropped; nil waits for ever (the backlog limit still holds).
        public var outboundStallTimeout: Duration?
        /// How long a connection may sit with no call in progress and nothing arriving before it
        /// is closed; nil (the default) keeps idle connections open.
        public var idleTimeout: Duration?
        /// Simultaneous connections. At the limit a new connection closes the one idle the
        /// longest (no call in progress, no open stream); only when every connection is busy is
        /// the new one closed at once, unanswered.
        public var maximumConnections: Int
        /// Simultaneous `more` streams (such as watchers), counted apart so that streams can
        /// never take every connection: a `more` call beyond it is answered with
        /// `VarlinkError.tooManyStreams`.
        public var maximumStreams: Int
        /// Bytes of a stream's replies a connection may have that the client has not read yet
        /// (replies the server sends on its own, as deliveries happen). Past it the client is
        /// not keeping up: it is dropped and the stream ends, `wasDroppedForNotReading` set.
        public var maximumStreamBacklog: Int

        /// The limits of a small control socket: 1 MiB messages, 1 MiB of waiting calls, 4 MiB
        /// of unread replies (1 MiB on a stream), 60 s without progress in writing, no idle
        /// timeout, 256 connections of which at most 128 hold a stream.
        public init(
            maximumMessageSize: Int = 1 << 20,
            maximumInboundBacklog: Int = 1 << 20,
            maximumOutboundBacklog: Int = 4 << 20,
            outboundStallTimeout: Duration? = .seconds(60),
            idleTimeout: Duration? = nil,
            maximumConnections: Int = 256,
            maximumStreams: Int = 128,
            maximumStreamBacklog: Int = 1 << 20
        ) {
            self.maximumMessageSize = maximumMessageSize
            self.maximumInboundBacklog = maximumInboundBacklog
            self.maximumOutboundBacklog = maximumOutboundBacklog
            self.outboundStallTimeout = outboundStallTimeout
            self.idleTimeout = idleTimeout
            self.maximumConnections = maximumConnections
            self.maximumStreams = maximumStreams
            self.maximumStreamBacklog = maximumStreamBacklog
        }
    }
}
