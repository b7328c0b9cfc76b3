import SQLite
import Synchronization
import Testing

@Suite("SQLite connection pool")
struct ConnectionPoolTests {
    /// Counts the connections the pool opens.
    private final class Opened: Sendable {
        let count = Atomic(0)
    }

    private static func pool(_ path: String, size: Int, opened: Opened) throws -> ConnectionPool {
        // The file must exist for readers (they do not create it).
        _ = try Connection(path: path, busyTimeout: .seconds(1))
        return ConnectionPool(size: size) {
            opened.count.add(1, ordering: .relaxed)
            return try Connection(path: path, create: false, busyTimeout: .seconds(1))
        }
    }

    /// Nothing is opened before a caller needs it, and sequential callers share one connection.
    @Test func opensOnlyWhatCallersNeed() throws {
        try withDatabase { path in
            let opened = Opened()
            let pool = try Self.pool(path, size: 5, opened: opened)
            #expect(opened.count.load(ordering: .relaxed) == 0)
            #expect(pool.idleCount == 0)
            for _ in 0..<3 {
                let one = try pool.withConnection { connection in
                    try connection.access { db in try db.rows("SELECT 1").next()?.decode(Int64.self, atIndex: 0) }
                }
                #expect(one == 1)
            }
            #expect(opened.count.load(ordering: .relaxed) == 1)
            #expect(pool.idleCount == 1)
        }
    }

    /// Callers at the same time get a connection each; afterwards at most `size` stay open.
    @Test func keepsAtMostSizeAfterABusyMoment() throws {
        try withDatabase { path in
            let opened = Opened()
            let pool = try Self.pool(path, size: 2, opened: opened)
            // Four nested calls hold four connections at once.
            func nest(_ depth: Int) throws {
                guard depth > 0 else { return }
                try pool.withConnection { _ in try nest(depth - 1) }
            }
            try nest(4)
            #expect(opened.count.load(ordering: .relaxed) == 4)
            #expect(pool.idleCount == 2)
        }
    }
}
