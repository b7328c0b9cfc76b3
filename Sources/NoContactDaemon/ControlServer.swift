import Glibc
import NIOPosix
import NoContactPlatform
import NoContactServer
import NoContactService
import NoContactSystemd
import Varlink

/// The control socket: a varlink server for `NoContactService`, bound by the daemon or
/// passed in by systemd socket activation.
final class ControlServer {
    /// Where it listens, for logs and status.
    let path: String
    private let server: VarlinkServer
    /// The inode of the socket we created, so that we only ever unlink our own.
    private let createdInode: ino_t?

    private init(path: String, server: VarlinkServer, createdInode: ino_t?) {
        self.path = path
        self.server = server
        self.createdInode = createdInode
    }

    /// Listens on a socket passed by systemd (fd 3). The socket is systemd's: never unlinked.
    static func adopt(descriptor: Int32, handler: ControlInterface.Handler, group: MultiThreadedEventLoopGroup) throws(DaemonError)
        -> ControlServer
    {
        do {
            let server = try VarlinkServer.adopt(descriptor: descriptor, handler: handler, group: group)
            return ControlServer(path: "fd \(descriptor) (socket activation)", server: server, createdInode: nil)
        } catch {
            throw .socket(path: "fd \(descriptor)", detail: "\(error)")
        }
    }

    /// Creates the socket at `path`, mode 0600 in a 0700 directory.
    static func bind(path: String, handler: ControlInterface.Handler, group: MultiThreadedEventLoopGroup) throws(DaemonError)
        -> ControlServer
    {
        try prepareDirectory(of: path)
        try removeStaleSocket(at: path)
        // The umask makes the socket 0600 from its first instant; chmod below only confirms it.
        let previousMask = umask(0o177)
        defer { umask(previousMask) }
        let server: VarlinkServer
        do {
            server = try VarlinkServer.bind(path: path, handler: handler, group: group)
        } catch {
            throw .socket(path: path, detail: "\(error)")
        }
        chmod(path, 0o600)
        var status = stat()
        let inode = lstat(path, &status) == 0 ? status.st_ino : nil
        return ControlServer(path: path, server: server, createdInode: inode)
    }

    /// Stops listening and removes the socket if this process created it.
    func close() {
        server.close()
        guard let createdInode else { return }
        var status = stat()
        if lstat(path, &status) == 0, status.st_ino == createdInode {
            unlink(path)
        }
    }

    private static func prepareDirectory(of path: String) throws(DaemonError) {
        let directory = String(path[..<(path.lastIndex(of: "/") ?? path.startIndex)])
        guard !directory.isEmpty else { return }
        do {
            try PrivateDirectory.ensure(directory)
        } catch {
            let hint = if case .ownedByAnother = error { "; choose another path" } else { "" }
            throw .socket(path: path, detail: "\(error)\(hint)")
        }
    }

    /// A socket left by a daemon that died is removed; a live one means another daemon runs.
    private static func removeStaleSocket(at path: String) throws(DaemonError) {
        var status = stat()
        guard lstat(path, &status) == 0 else { return }
        guard (status.st_mode & S_IFMT) == S_IFSOCK else {
            throw .socket(path: path, detail: "a file that is not a socket is in the way; move it")
        }
        let probe = Result { () throws(VarlinkClientError) in try VarlinkClient(path: path, timeout: 1) }
        switch probe {
        case .success:
            throw .socket(path: path, detail: "another program (probably nocontactd) is already listening there")
        case .failure(.notRunning):
            unlink(path)
        case let .failure(error):
            throw .socket(path: path, detail: error.description)
        }
    }
}
