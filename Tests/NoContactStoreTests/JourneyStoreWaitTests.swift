import Foundation
import Glibc
import NoContactCore
import Synchronization
import Testing

@testable import NoContactStore

/// sqlite3 holding the write lock of `path` until `release()`.
private final class SQLiteLockHolder {
    private let process = Process()
    private let input = Pipe()

    init(path: String) throws {
        let output = Pipe()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/sqlite3")
        process.arguments = ["-batch", path]
        process.standardInput = input
        process.standardOutput = output
        try process.run()
        input.fileHandleForWriting.write(Data("BEGIN EXCLUSIVE;\nSELECT 'locked';\n".utf8))
        var said = Data()
        while !String(decoding: said, as: UTF8.self).contains("locked\n") {
            let chunk = output.fileHandleForReading.availableData
            try #require(!chunk.isEmpty, "sqlite3 ended before it held the lock")
            said.append(chunk)
        }
    }

    func release() throws {
        input.fileHandleForWriting.write(Data("COMMIT;\n.quit\n".utf8))
        try input.fileHandleForWriting.close()
        process.waitUntilExit()
    }
}

/// What a background write ended with, waited for with a bound.
private final class Outcome: Sendable {
    private let value = Mutex<String?>(nil)
    private let done = DispatchSemaphore(value: 0)
    func set(_ text: String) {
        value.withLock { $0 = text }
        done.signal()
    }
    func wait(timeout seconds: Double) -> String? {
        guard done.wait(timeout: .now() + seconds) == .success else { return nil }
        return value.withLock { $0 }
    }
}

@Suite("JourneyStore while a write waits", .serialized)
struct JourneyStoreWaitTests {
    static let base = Date(timeIntervalSince1970: 1_795_000_000)

    /// A store with one reflection, another process holding its write lock, and a write of
    /// ours started (and so waiting for the lock); `body` gets the store and the write's outcome.
    private func withWaitingWrite(_ body: (JourneyStore, Outcome, SQLiteLockHolder) throws -> Void) throws {
        var template = Array("/tmp/ncwait-XXXXXX".utf8CString)
        let made = try #require(mkdtemp(&template))
        let directory = String(cString: made)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let store = try JourneyStore(directory: directory)
        _ = try store.add(Reflection(recordedAt: Self.base, period: "Sam", day: 1, text: "before"))
        _ = try store.loadState(now: Self.base)  // the first run, recorded before the lock
        let lock = try SQLiteLockHolder(path: store.path)
        let before = try store.changeStamp()
        let outcome = Outcome()
        Thread.detachNewThread {
            do {
                _ = try store.add(Reflection(recordedAt: Self.base.addingTimeInterval(1), period: "Sam", day: 1, text: "waiting"))
                outcome.set("saved")
            } catch {
                outcome.set("\(error)")
            }
        }
        // The write moves the change stamp as it starts.
        let deadline = Date().addingTimeInterval(3)
        while try store.changeStamp() == before {
            try #require(Date() < deadline, "the write never started")
            sched_yield()
        }
        try body(store, outcome, lock)
    }

    /// Reads go on (each well under the 5 s busy timeout) while our own write waits for the lock.
    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/sqlite3"), "needs sqlite3"))
    func readsDoNotWaitForAWaitingWrite() throws {
        try withWaitingWrite { store, outcome, lock in
            for _ in 0..<3 {
                let started = ContinuousClock.now
                #expect(try store.history(since: nil, kinds: nil).count == 1)
                _ = try store.loadState(now: Self.base)
                _ = try store.changeStamp()
                #expect(ContinuousClock.now - started < .milliseconds(500))
            }
            #expect(outcome.wait(timeout: 0) == nil, "the write should still be waiting")
            try lock.release()
            #expect(outcome.wait(timeout: 10) == "saved")
            #expect(try store.history(since: nil, kinds: nil).count == 2)
        }
    }

    /// interrupt() ends a write waiting for the lock at once, with an error; nothing of it is
    /// written, and the database is sound.
    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/sqlite3"), "needs sqlite3"))
    func interruptEndsAWaitingWrite() throws {
        try withWaitingWrite { store, outcome, lock in
            let started = ContinuousClock.now
            store.interrupt()
            let said = try #require(outcome.wait(timeout: 5), "the write still waits after interrupt()")
            #expect(ContinuousClock.now - started < .milliseconds(500))
            #expect(said.contains("cannot save a reflection in"), "\(said)")
            try lock.release()
            #expect(try store.history(since: nil, kinds: nil).count == 1)
            #expect(try store.integrityCheck() == "ok")
        }
    }
}
