import Foundation
import Glibc
import NoContactCore
import NoContactStore
import Synchronization
import TestSupport
import Testing

/// A Unix socket that accepts connections and answers each as told: a stand-in for a daemon
/// that refuses or garbles, which a real nocontactd never does on purpose.
final class MisbehavingSocket: Sendable {
    enum Behavior: Sendable {
        /// Accepts and closes at once, unanswered (as a server over its limits does).
        case closeAtOnce
        /// Answers every connection with bytes that are not a varlink reply.
        case garbage
    }

    private let descriptor: Int32
    private let stopped = Atomic<Bool>(false)
    private let finished = DispatchSemaphore(value: 0)

    init(path: String, behavior: Behavior) throws {
        try FileManager.default.createDirectory(
            atPath: String(path[..<(path.lastIndex(of: "/") ?? path.endIndex)]), withIntermediateDirectories: true)
        descriptor = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { $0.copyBytes(from: Array(path.utf8)) }
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        guard descriptor >= 0, bound == 0, listen(descriptor, 16) == 0 else { throw E2EError("cannot listen at \(path): errno \(errno)") }
        let thread = Thread { [self] in
            while !stopped.load(ordering: .relaxed) {
                let client = accept(descriptor, nil, nil)
                guard client >= 0 else { break }
                if case .garbage = behavior {
                    // Reads the call first, so that the client sees the answer, not a reset.
                    var buffer = [UInt8](repeating: 0, count: 4096)
                    _ = buffer.withUnsafeMutableBytes { recv(client, $0.baseAddress, $0.count, 0) }
                    _ = "this is not JSON\0".withCString { send(client, $0, strlen($0) + 1, Int32(MSG_NOSIGNAL)) }
                }
                close(client)
            }
            finished.signal()
        }
        thread.start()
    }

    func stop() {
        stopped.store(true, ordering: .relaxed)
        shutdown(descriptor, Int32(SHUT_RDWR))
        _ = finished.wait(timeout: .now() + 5)
        close(descriptor)
    }
}

/// What the CLI says when the daemon is there but the exchange fails, and when --config names
/// another file than the daemon's.
@Suite("connection failures end to end", .serialized, .enabled(if: Environment.isReady, "needs scripts/test (private journald)"))
struct ConnectionFailureEndToEndTests {
    /// A socket that refuses or garbles is not "not running": days says what happened and exits 1, and reflect writes nothing on its own beside it.
    @Test(arguments: [MisbehavingSocket.Behavior.closeAtOnce, .garbage])
    func failureIsNotNotRunning(behavior: MisbehavingSocket.Behavior) throws {
        let sandbox = try Sandbox()
        defer { sandbox.remove() }
        try sandbox.writeConfig(DaemonEndToEndTests.config(period: "Sam"))
        let server = try MisbehavingSocket(path: sandbox.socketPath, behavior: behavior)
        defer { server.stop() }
        let days = try run(Binaries.cli, ["days"], environment: sandbox.environment)
        #expect(days.status == 1)
        #expect(days.stderr.contains("cannot talk to nocontactd at \(sandbox.socketPath)"), "\(days.stderr)")
        #expect(!days.stderr.contains("not running"))
        let reflect = try run(Binaries.cli, ["reflect", "--text", "written beside a running daemon?"], environment: sandbox.environment)
        #expect(reflect.status == 1)
        let entries = try JourneyStore(directory: "\(sandbox.root)/state/nocontact").history(since: nil, kinds: nil)
        #expect(entries.isEmpty)
    }

    /// `--config FILE` while the daemon runs with another config is refused (exit 2) naming the daemon's config; its own config is answered by the daemon.
    @Test func otherConfigThanTheDaemons() throws {
        let daemon = try ControlSocketDaemon(prefix: "e2e-config")
        let other = "\(daemon.sandbox.root)/other.toml"
        try DaemonEndToEndTests.config(period: "Other").write(toFile: other, atomically: true, encoding: .utf8)
        let mismatch = try run(Binaries.cli, ["days", "--config", other], environment: daemon.sandbox.environment)
        #expect(mismatch.status == 2)
        #expect(
            mismatch.stderr.contains("nocontactd runs with the config \(daemon.sandbox.configPath), not \(other)"), "\(mismatch.stderr)")
        let same = try run(
            Binaries.cli, ["days", "--json", "--config", daemon.sandbox.configPath], environment: daemon.sandbox.environment)
        #expect(same.status == 0, "\(same.stderr)")
        #expect(!same.stderr.contains("not running"))
        #expect(try daemon.stop() == 0)
    }

    /// `status --json` says whether the daemon answered and which socket was tried.
    @Test func statusJSONSaysRunning() throws {
        let daemon = try ControlSocketDaemon(prefix: "e2e-status")
        let running = try run(Binaries.cli, ["status", "--json"], environment: daemon.sandbox.environment)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(running.stdout.utf8)) as? [String: Any])
        #expect(object["running"] as? Bool == true)
        #expect(object["socket"] as? String == daemon.socketPath)
        #expect(try daemon.stop() == 0)
        let stopped = try run(Binaries.cli, ["status", "--json"], environment: daemon.sandbox.environment)
        let offline = try #require(try JSONSerialization.jsonObject(with: Data(stopped.stdout.utf8)) as? [String: Any])
        #expect(offline["running"] as? Bool == false)
        #expect(offline["socket"] as? String == daemon.socketPath)
    }
}
