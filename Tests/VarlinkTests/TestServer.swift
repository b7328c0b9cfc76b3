import Foundation
import Glibc
import NIOPosix
import TestSupport
import Varlink

/// An event loop group that a test shuts down at its end.
final class MultiThreadedEventLoopGroupHolder {
    let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
    func shutdown() { try? group.syncShutdownGracefully() }
}

/// A real server on a socket in a fresh temporary directory, with its own event loop group.
final class TestServer {
    let directory: String
    let path: String
    let handler = TestHandler()
    private let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
    let server: VarlinkServer

    init(limits: VarlinkServer.Limits = VarlinkServer.Limits()) throws {
        directory = try makeTemporaryDirectory()
        path = "\(directory)/test.socket"
        do {
            server = try VarlinkServer.bind(path: path, handler: handler, group: group, limits: limits)
        } catch {
            try? group.syncShutdownGracefully()
            rmdir(directory)
            throw error
        }
    }

    /// Stops the server, shuts the event loop group down and removes the directory.
    func shutdown() throws {
        server.close()
        try group.syncShutdownGracefully()
        unlink(path)
        rmdir(directory)
    }

    func client(timeout: Int = 5) throws -> VarlinkClient {
        try VarlinkClient(path: path, timeout: timeout)
    }

    func raw(receiveBuffer: Int? = nil) throws -> RawVarlinkConnection {
        try RawVarlinkConnection(path: path, receiveBuffer: receiveBuffer.map(Int32.init))
    }

    /// Waits until the server has `count` connections open, at most `seconds`.
    func waitForConnections(_ count: Int, seconds: Double = 10) throws {
        let deadline = ContinuousClock.now + .milliseconds(Int(seconds * 1000))
        while server.connectionCount != count {
            guard ContinuousClock.now < deadline else {
                throw TestTimeout("the server has \(server.connectionCount) connections, not \(count)")
            }
            // The count changes on the event loop; give it the processor meanwhile.
            sched_yield()
        }
    }
}

/// A fresh private directory under /tmp.
func makeTemporaryDirectory() throws -> String {
    var template = Array("/tmp/vlt-XXXXXX".utf8CString)
    guard let made = mkdtemp(&template) else { throw POSIXError(.EIO) }
    return String(cString: made)
}

/// Runs `body` against a fresh server and always shuts the server and its group down.
func withTestServer(limits: VarlinkServer.Limits = VarlinkServer.Limits(), _ body: (TestServer) throws -> Void) throws {
    let server = try TestServer(limits: limits)
    defer { try? server.shutdown() }
    try body(server)
}

/// Like `withTestServer(limits:)` with the default limits but this message size.
func withTestServer(maximumMessageSize: Int, _ body: (TestServer) throws -> Void) throws {
    try withTestServer(limits: VarlinkServer.Limits(maximumMessageSize: maximumMessageSize), body)
}
