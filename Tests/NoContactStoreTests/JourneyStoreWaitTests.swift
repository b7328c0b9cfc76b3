import Foundation
import Glibc
import NoContactCore
import Synchronization
import TestSupport
import Testing

@testable import NoContactStore

@Suite("JourneyStore while a write waits", .serialized)
struct JourneyStoreWaitTests {
    static let base = Date(timeIntervalSince1970: 1_795_000_000)

    /// A store with one reflection, another process holding its write lock, and a write of
    /// ours started (and so waiting for the lock); `body` gets the store and the write's outcome.
    private func withWaitingWrite(_ body: (JourneyStore, AwaitedValue<String>, SQLiteWriteLock) throws -> Void) throws {
        var template = Array("/tmp/ncwait-XXXXXX".utf8CString)
        let made = try #require(mkdtemp(&template))
        let directory = String(cString: made)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let store = try JourneyStore(directory: directory)
        _ = try store.add(Reflection(recordedAt: Self.base, period: "Sam", day: 1, text: "before"))
        _ = try store.loadState(now: Self.base)  // the first run, recorded before the lock
        let lock = try SQLiteWriteLock(path: store.path)
        let before = try store.changeStamp()
        let outcome = AwaitedValue<String>()
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
