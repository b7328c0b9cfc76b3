import Glibc
public import NIOCore
import NIOPosix

/// A varlink server on a Unix stream socket: NUL-terminated JSON calls, answered in order.
///
/// Only peers with the server's own uid are served (checked with `SO_PEERCRED`), on top of the
/// socket's file mode. What each client can make the server hold is bounded by `Limits`.
public final class VarlinkServer: Sendable {
    /// The largest message accepted by default, in bytes.
    public static let defaultMaximumMessageSize = 1 << 20

    private let channel: any Channel
    private let connections: VarlinkConnectionRegistry

    private init(channel: any Channel, connections: VarlinkConnectionRegistry) {
        self.channel = channel
        self.connections = connections
    }

    /// Binds a new socket at `path` (which must not exist) and serves `handler` on it.
    ///
    /// Throws `VarlinkInterfaceDefinition.ParseError` when one of the handler's interface
    /// descriptions is invalid, and the socket error when binding fails.
    public static func bind(
        path: String, handler: any VarlinkMethodHandler, group: any EventLoopGroup,
        limits: Limits = Limits()
    ) throws -> VarlinkServer {
        let connections = VarlinkConnectionRegistry(maximum: limits.maximumConnections, maximumStreams: limits.maximumStreams)
        let channel = try bootstrap(handler: handler, group: group, limits: limits, connections: connections)
            .bind(unixDomainSocketPath: path, cleanupExistingSocketFile: false).wait()
        return VarlinkServer(channel: channel, connections: connections)
    }

    /// Serves `handler` on an already bound and listening socket (socket activation).
    ///
    /// Throws like `bind`.
    public static func adopt(
        descriptor: CInt, handler: any VarlinkMethodHandler, group: any EventLoopGroup,
        limits: Limits = Limits()
    ) throws -> VarlinkServer {
        let connections = VarlinkConnectionRegistry(maximum: limits.maximumConnections, maximumStreams: limits.maximumStreams)
        let channel = try bootstrap(handler: handler, group: group, limits: limits, connections: connections)
            .withBoundSocket(descriptor).wait()
        return VarlinkServer(channel: channel, connections: connections)
    }

    /// Like `bind(path:handler:group:limits:)` with the default limits but this message size.
    public static func bind(
        path: String, handler: any VarlinkMethodHandler, group: any EventLoopGroup, maximumMessageSize: Int
    ) throws -> VarlinkServer {
        try bind(path: path, handler: handler, group: group, limits: Limits(maximumMessageSize: maximumMessageSize))
    }

    /// Like `adopt(descriptor:handler:group:limits:)` with the default limits but this message size.
    public static func adopt(
        descriptor: CInt, handler: any VarlinkMethodHandler, group: any EventLoopGroup, maximumMessageSize: Int
    ) throws -> VarlinkServer {
        try adopt(descriptor: descriptor, handler: handler, group: group, limits: Limits(maximumMessageSize: maximumMessageSize))
    }

    /// The number of client connections open now.
    public var connectionCount: Int {
        connections.count
    }

    /// Stops listening, closes every client connection (ending their streams) and waits until
    /// all of them are closed. Call it from outside the server's event loops.
    public func close() {
        try? channel.close().wait()
        connections.closeAll()
    }

    private static func bootstrap(
        handler: any VarlinkMethodHandler, group: any EventLoopGroup, limits: Limits, connections: VarlinkConnectionRegistry
    ) throws -> ServerBootstrap {
        let dispatcher = try VarlinkDispatcher(handler: handler)
        let ownUID = getuid()
        return ServerBootstrap(group: group)
            .serverChannelOption(.backlog, value: Int32(clamping: max(64, min(limits.maximumConnections, 4096))))
            // A client may shut its writing side after its last call and still read the replies.
            .childChannelOption(.allowRemoteHalfClosure, value: true)
            .childChannelInitializer { channel in
                guard connections.admit(channel) else {
                    // Every connection is busy (none idle to make room for this one): closed
                    // at once, unanswered.
                    return channel.eventLoop.makeFailedFuture(ConnectionRefused())
                }
                return peerUID(of: channel).flatMapThrowing { uid in
                    guard uid == ownUID else { throw ConnectionRefused() }
                    try channel.pipeline.syncOperations.addHandlers([
                        ByteToMessageHandler(VarlinkFrameDecoder(maximumMessageSize: limits.maximumMessageSize)),
                        VarlinkConnectionHandler(dispatcher: dispatcher, limits: limits, registry: connections),
                    ])
                }
            }
    }

    /// A connection the server does not serve: another uid, or one too many.
    private struct ConnectionRefused: Error {}

    /// The uid of the process at the other end of a Unix socket.
    private static func peerUID(of channel: any Channel) -> EventLoopFuture<uid_t> {
        guard let provider = channel as? any SocketOptionProvider else {
            return channel.eventLoop.makeFailedFuture(ConnectionRefused())
        }
        return provider.unsafeGetSocketOption(level: .socket, name: .init(rawValue: SO_PEERCRED))
            .map { (credentials: PeerCredentials) in credentials.uid }
    }
}

/// The layout of Linux's `struct ucred`, which Glibc's Swift module hides behind _GNU_SOURCE.
private struct PeerCredentials: Sendable {
    var pid: Int32
    var uid: UInt32
    var gid: UInt32
}
