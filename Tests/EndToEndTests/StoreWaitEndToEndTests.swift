import Foundation
import Glibc
import TestSupport
import Testing

/// A write waiting for the journey store's lock (another process holds it) holds up no one:
/// reads from other clients answer at once, and SIGTERM stops the daemon at once.
@Suite("store wait end to end", .serialized, .enabled(if: Environment.isReady, "needs scripts/test (private journald)"))
struct StoreWaitEndToEndTests {
    /// How long the daemon's writes wait for a lock (JourneyStore.busyTimeout).
    static let busyTimeout = 5.0

    /// Sends a Reflect from a client of `daemon` while `lock` holds the store, and returns
    /// once the daemon waits for the lock (one of its threads sleeps between tries).
    private static func startWaitingWrite(_ daemon: ControlSocketDaemon) throws -> RawVarlinkConnection {
        let writer = try daemon.connect()
        try writer.call("io.nocontact.Reflect", ["text": "waiting for the store"])
        try waitUntilSleeping(daemon.pid, timeout: 3)
        return writer
    }

    /// Waits (bounded) until a thread of `pid` is in nanosleep/clock_nanosleep: SQLite's busy
    /// handler between tries for a lock (nothing else in an idle daemon sleeps that way).
    private static func waitUntilSleeping(_ pid: pid_t, timeout: Double) throws {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            let tasks = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/\(pid)/task")) ?? []
            for task in tasks {
                let syscall = (try? String(contentsOfFile: "/proc/\(pid)/task/\(task)/syscall", encoding: .utf8)) ?? ""
                // x86-64 numbers: 35 nanosleep, 230 clock_nanosleep.
                let number = syscall.split(separator: " ").first
                if number == "35" || number == "230" { return }
            }
            sched_yield()
        }
        throw E2EError("no thread of the daemon waited for the store's lock within \(timeout) s")
    }

    /// Sends SIGTERM and expects exit 0 within 1 s of it (waiting up to 12 s, to measure).
    private static func expectStopWithinOneSecond(_ daemon: ControlSocketDaemon, _ when: String) throws {
        let signalled = Date()
        daemon.process.signal(SIGTERM)
        let status = try daemon.process.waitForExit(timeout: 12)
        let took = Date().timeIntervalSince(signalled)
        print("store wait: SIGTERM to exit \(when): \(Int(took * 1000)) ms")
        #expect(status == 0 && daemon.process.exitedNormally, "exit \(status): \(daemon.process.standardError)")
        #expect(took < 1, "the daemon took \(took) s to stop")
    }

    /// While another process holds the write lock and one client's Reflect waits for it,
    /// another client's Days, History and Reasons (reads of the store) each answer within
    /// 0.5 s, a tenth of the busy timeout; the Reflect then fails, saying why.
    @Test func readsAnswerWhileAWriteWaits() throws {
        let daemon = try ControlSocketDaemon(prefix: "e2e-store-wait")
        let lock = try SQLiteWriteLock(path: "\(daemon.sandbox.root)/state/nocontact/journey.sqlite")
        defer { try? lock.release() }
        let writer = try Self.startWaitingWrite(daemon)
        let waitStarted = Date()

        let reader = try daemon.connect()
        var slowest = 0.0
        for method in ["io.nocontact.Days", "io.nocontact.History", "io.nocontact.Reasons", "io.nocontact.Days"] {
            let asked = Date()
            let reply = try reader.exchange(method, timeout: 10)
            let took = Date().timeIntervalSince(asked)
            slowest = max(slowest, took)
            #expect(reply.varlinkError == nil, "\(method): \(reply)")
            #expect(took < 0.5, "\(method) took \(took) s while a write waited for the store")
        }
        // Those answers came while the write was still waiting.
        #expect(Date().timeIntervalSince(waitStarted) < Self.busyTimeout - 0.5)
        print("store wait: slowest read while a write waited: \(Int(slowest * 1000)) ms")

        let refused = try writer.reply(timeout: 15)
        #expect(refused.varlinkError != nil, "\(refused)")
    }

    /// SIGTERM while the daemon itself (its main queue, recording a delivery) waits for
    /// another process's lock on the store: it exits 0 within 1 s of the signal.
    @Test func sigtermStopsWhileTheDaemonsOwnWriteWaits() throws {
        // A prompt every 2 s: each one is recorded, on the main queue, as it is delivered.
        let daemon = try ControlSocketDaemon(prefix: "e2e-store-own", prompts: #"schedule = ["*:*:0/2"]"#)
        let lock = try SQLiteWriteLock(path: "\(daemon.sandbox.root)/state/nocontact/journey.sqlite")
        defer { try? lock.release() }
        // No client writes here: the one thread that waits for the lock is the main queue's.
        try Self.waitUntilSleeping(daemon.pid, timeout: 5)

        try Self.expectStopWithinOneSecond(daemon, "while the daemon's own write waited")
    }

    /// SIGTERM while a client's write waits for another process's lock: the daemon exits 0
    /// within 1 s of the signal, and the store is sound with nothing half-written.
    @Test func sigtermStopsWhileAWriteWaits() throws {
        let daemon = try ControlSocketDaemon(prefix: "e2e-store-term")
        let lock = try SQLiteWriteLock(path: "\(daemon.sandbox.root)/state/nocontact/journey.sqlite")
        defer { try? lock.release() }
        _ = try Self.startWaitingWrite(daemon)

        try Self.expectStopWithinOneSecond(daemon, "while a client's write waited")

        try lock.release()
        let check = Process()
        check.executableURL = URL(fileURLWithPath: "/usr/bin/sqlite3")
        check.arguments = [
            "\(daemon.sandbox.root)/state/nocontact/journey.sqlite", "PRAGMA integrity_check; SELECT COUNT(*) FROM reflections;",
        ]
        let output = Pipe()
        check.standardOutput = output
        try check.run()
        let said = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        check.waitUntilExit()
        #expect(said == "ok\n0\n", "sqlite3 said \(said)")
    }
}
