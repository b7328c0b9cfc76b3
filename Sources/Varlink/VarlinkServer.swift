public import NIOCore
import NIOPosix
import Glibc

/// A varlink server on a Unix stream socket: NUL-terminated JSON calls, answered in order.
///
/// Only peers with the server's own uid are served (checked with `SO_PEERCRED`), on top of the
/// socket's file mode.
public final class VarlinkServer: Sendable {
    /// The largest message accepted, in bytes.
    public static let defaultMaximumMessageSize = 1 << 20

    private let channel: any Channel

    private init(channel: any Channel) {
        self.channel = channel
    }

    /// Binds a new socket at `path` (which must not exist) and serves `handler` on it.
    public static func bind(
        path: String, handler: any VarlinkMethodHandler, group: any EventLoopGroup,
        maximumMessageSize: Int = defaultMaximumMessageSize
    ) throws -> VarlinkServer {
        let channel = try bootstrap(handler: handler, group: group, maximumMessageSize: maximumMessageSize)
            .bind(unixDomainSocketPath: path, cleanupExistingSocketFile: false).wait()
        return VarlinkServer(channel: channel)
    }

    /// Serves `handler` on an already bound and listening socket (socket activation).
    public static func adopt(
        descriptor: CInt, handler: any VarlinkMethodHandler, group: any EventLoopGroup,
        maximumMessageSize: Int = defaultMaximumMessageSize
    ) throws -> VarlinkServer {
        let channel = try bootstrap(handler: handler, group: group, maximumMessageSize: maximumMessageSize)
            .withBoundSocket(descriptor).wait()
        return VarlinkServer(channel: channel)
    }

    /// Stops listening and waits until the listening socket is closed.
    public func close() {
        try? channel.close().wait()
    }

    private static func bootstrap(handler: any VarlinkMethodHandler, group: any EventLoopGroup, maximumMessageSize: Int) -> ServerBootstrap {
        let dispatcher = VarlinkDispatcher(handler: handler)
        let ownUID = getuid()
        return ServerBootstrap(group: group)
            .serverChannelOption(.backlog, value: 64)
            .childChannelInitializer { channel in
                peerUID(of: channel).flatMapThrowing { uid in
                    guard uid == ownUID else { throw PeerRefused() }
                    try channel.pipeline.syncOperations.addHandlers([
                        ByteToMessageHandler(VarlinkFrameDecoder(maximumMessageSize: maximumMessageSize)),
                        VarlinkConnectionHandler(dispatcher: dispatcher),
                    ])
                }
            }
    }

    private struct PeerRefused: Error {}

    /// The uid of the process at the other end of a Unix socket.
    private static func peerUID(of channel: any Channel) -> EventLoopFuture<uid_t> {
        guard let provider = channel as? any SocketOptionProvider else {
            return channel.eventLoop.makeFailedFuture(PeerRefused())
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
