internal import CSQLite
import Synchronization

/// One SQLite connection: a database handle, its prepared-statement cache and how it waits
/// for locks. Statements run in ``access(_:)``, one caller at a time.
///
/// Safe to share between threads (hence `@unchecked Sendable`): the handle and the statement
/// cache are used only inside `lock`, except by `sqlite3_interrupt` in ``interrupt()``, which
/// SQLite documents as safe to call from any thread while the connection is open; the handle
/// is closed only in `deinit`, when no other reference to the connection exists.
package final class Connection: @unchecked Sendable {
    /// The database file.
    package let path: String
    private let handle: OpaquePointer
    private let busyWait: BusyWait
    private let lock = Mutex(())
    private let cache = StatementCache()

    /// Opens (creating it if `create`) the database at `path`.
    ///
    /// - Parameter busyTimeout: how long a statement waits for a lock another connection
    ///   holds before it fails with `SQLITE_BUSY`.
    package init(path: String, create: Bool = true, busyTimeout: Duration) throws(SQLiteError) {
        self.path = path
        var flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX
        if create { flags |= SQLITE_OPEN_CREATE }
        var opened: OpaquePointer?
        let result = sqlite3_open_v2(path, &opened, flags, nil)
        guard let opened else { throw SQLiteError(extendedCode: result, message: String(cString: sqlite3_errstr(result))) }
        guard result == SQLITE_OK else {
            let error = SQLiteError.from(sqlite3_extended_errcode(opened), opened)
            sqlite3_close_v2(opened)
            throw error
        }
        handle = opened
        sqlite3_extended_result_codes(opened, 1)
        busyWait = BusyWait(timeout: busyTimeout)
        sqlite3_busy_handler(opened, busyHandler, Unmanaged.passUnretained(busyWait).toOpaque())
    }

    deinit {
        cache.finalizeAll()
        sqlite3_close_v2(handle)
    }

    /// Runs `body` with the connection to itself: other callers wait until it returns.
    /// The session must not be kept beyond `body`.
    package func access<T: Sendable, E: Error>(_ body: (Session) throws(E) -> T) throws(E) -> T {
        try lock.withLock { _ throws(E) -> T in
            try body(Session(handle: handle, cache: cache))
        }
    }

    /// Makes what runs now, and every later wait for a lock, fail at once (with
    /// `SQLITE_INTERRUPT` or `SQLITE_BUSY`): for a process that is stopping and must not
    /// wait out a busy timeout. A transaction cut short this way is rolled back whole.
    /// Callable from any thread, also while another thread runs a statement.
    package func interrupt() {
        busyWait.interrupted.store(true, ordering: .relaxed)
        sqlite3_interrupt(handle)
    }
}

/// Prepared statements by their SQL, kept for the life of the connection.
final class StatementCache {
    private var statements: [String: OpaquePointer] = [:]

    func statement(_ sql: String, _ handle: OpaquePointer) throws(SQLiteError) -> OpaquePointer {
        if let statement = statements[sql] { return statement }
        var prepared: OpaquePointer?
        let result = sqlite3_prepare_v3(handle, sql, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &prepared, nil)
        guard result == SQLITE_OK else { throw SQLiteError.from(result, handle) }
        guard let prepared else { throw SQLiteError.misuse("no statement in \"\(sql)\"") }
        statements[sql] = prepared
        return prepared
    }

    func finalizeAll() {
        for statement in statements.values { sqlite3_finalize(statement) }
        statements = [:]
    }
}
