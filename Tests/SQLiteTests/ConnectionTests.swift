import Foundation
import Glibc
import SQLite
import Synchronization
import TestSupport
import Testing

@Suite("SQLite connection")
struct ConnectionTests {
    /// Values of every kind come back as bound, text with a NUL and an empty text included.
    @Test func valuesRoundTrip() throws {
        try withDatabase { path in
            let connection = try Connection(path: path, busyTimeout: .seconds(1))
            let rows = try connection.access { db in
                try db.executeScript("CREATE TABLE t (i INTEGER, r REAL, s TEXT, n TEXT) STRICT")
                try db.execute("INSERT INTO t VALUES (?, ?, ?, ?)", [Int64.min, -0.5, "a\u{0}b 🫶🏽", nil])
                try db.execute("INSERT INTO t VALUES (?, ?, ?, ?)", [42, Double.infinity, "", "x"])
                #expect(db.lastInsertedRowID == 2)
                var read: [String] = []
                let rows = try db.rows("SELECT i, r, s, n FROM t ORDER BY rowid")
                while let row = try rows.next() {
                    read.append(
                        "\(try row.decode(Int64.self, atIndex: 0)) \(try row.decode(Double.self, atIndex: 1)) [\(try row.decode(String.self, atIndex: 2))] \(try row.decode(String?.self, atIndex: 3) ?? "nil")"
                    )
                }
                return read
            }
            #expect(rows == ["\(Int64.min) -0.5 [a\u{0}b 🫶🏽] nil", "42 inf [] x"])
        }
    }

    /// NULL read as a required value is an error naming the column, not a silent 0.
    @Test func nullIsRefusedWhereAValueIsRequired() throws {
        try withDatabase { path in
            let connection = try Connection(path: path, busyTimeout: .seconds(1))
            #expect(throws: SQLiteError.self) {
                try connection.access { db in try db.value(Int.self, "SELECT NULL + 0 AS nothing") }
            }
            #expect(try connection.access { db in try db.value(Int.self, "SELECT 7") } == 7)
        }
    }

    /// A failing transaction leaves nothing; a committed one stays.
    @Test func transactionsCommitOrRollBack() throws {
        try withDatabase { path in
            let connection = try Connection(path: path, busyTimeout: .seconds(1))
            try connection.access { db in
                try db.executeScript("CREATE TABLE t (v INTEGER NOT NULL)")
                try db.transaction(.immediate) { try db.execute("INSERT INTO t VALUES (1)") }
                #expect(throws: SQLiteError.self) {
                    try db.transaction(.immediate) {
                        try db.execute("INSERT INTO t VALUES (2)")
                        try db.execute("INSERT INTO t VALUES (NULL)")
                    }
                }
                #expect(try db.values(Int.self, "SELECT v FROM t") == [1])
            }
        }
    }

    /// Migrations run once each, in order, counted by user_version; adoption happens only at 0.
    @Test func migratorCountsByUserVersion() throws {
        try withDatabase { path in
            let connection = try Connection(path: path, busyTimeout: .seconds(1))
            let first = Migrator([Migrator.Migration("a") { try $0.executeScript("CREATE TABLE a (x)") }])
            try first.migrate(connection)
            try first.migrate(connection)
            let second = Migrator(
                [
                    Migrator.Migration("a") { try $0.executeScript("CREATE TABLE a (x)") },
                    Migrator.Migration("b") { try $0.executeScript("CREATE TABLE b (x)") },
                ], adoptVersion: { _ in 99 })
            try second.migrate(connection)
            try connection.access { db throws in
                #expect(try db.userVersion() == 2)
                #expect(try second.applied(db) == ["a", "b"])
            }
            #expect(throws: Migrator.NewerSchemaError(version: 2, known: 1)) { try first.migrate(connection) }
        }
    }

    /// A write waiting for another connection's lock gives up after the busy timeout, and at
    /// once when interrupted from another thread.
    @Test func interruptEndsAWaitForALock() throws {
        try withDatabase { path in
            let holder = try Connection(path: path, busyTimeout: .seconds(1))
            try holder.access { db in
                _ = try db.value(String.self, "PRAGMA journal_mode = WAL")
                try db.executeScript("CREATE TABLE t (v); BEGIN IMMEDIATE; INSERT INTO t VALUES (1)")
            }
            let waiter = try Connection(path: path, busyTimeout: .seconds(1))
            var started = ContinuousClock.now
            #expect(throws: SQLiteError.self) { try waiter.access { db in try db.executeScript("BEGIN IMMEDIATE") } }
            let timedOut = ContinuousClock.now - started
            #expect(timedOut >= .milliseconds(950) && timedOut < .seconds(3), "\(timedOut)")

            let long = try Connection(path: path, busyTimeout: .seconds(30))
            let waiting = DispatchSemaphore(value: 0)
            let outcome = AwaitedValue<String>()
            Thread.detachNewThread {
                waiting.signal()
                do {
                    try long.access { db in try db.executeScript("BEGIN IMMEDIATE") }
                    outcome.set("acquired")
                } catch {
                    outcome.set("\(error)")
                }
            }
            waiting.wait()
            started = ContinuousClock.now
            long.interrupt()
            let said = try #require(outcome.wait(timeout: 5), "the waiting write never ended")
            #expect(said.contains("locked") || said.contains("interrupt"), "\(said)")
            #expect(ContinuousClock.now - started < .milliseconds(500))
            // A reader on its own connection is not held up by the writer (WAL).
            #expect(try waiter.access { db in try db.value(Int.self, "SELECT COUNT(*) FROM t") } == 0)
        }
    }
}
