internal import CSQLite

/// A connection while one caller has it (see ``Connection/access(_:)``): statements,
/// transactions and what the last change did. Valid only inside the `access` call.
package struct Session {
    let handle: OpaquePointer
    let cache: StatementCache

    /// How a transaction takes its locks.
    package enum TransactionKind: String, Sendable {
        /// Takes the write lock when it first writes (a read stays a read).
        case deferred = "DEFERRED"
        /// Takes the write lock at once: waits for other writers at the start, never midway.
        case immediate = "IMMEDIATE"
    }

    /// Runs one statement (cached), with `arguments` bound to its `?` parameters.
    package func execute(_ sql: String, _ arguments: SQLiteArguments = []) throws(SQLiteError) {
        let rows = try self.rows(sql, arguments)
        while try rows.next() != nil {}
    }

    /// Runs several statements separated by `;` (not cached): a schema, say.
    package func executeScript(_ sql: String) throws(SQLiteError) {
        let result = sqlite3_exec(handle, sql, nil, nil, nil)
        guard result == SQLITE_OK else { throw SQLiteError.from(result, handle) }
    }

    /// The rows of one statement (cached), read one at a time.
    package func rows(_ sql: String, _ arguments: SQLiteArguments = []) throws(SQLiteError) -> Rows {
        let statement = try cache.statement(sql, handle)
        // A statement left mid-way (a loop that stopped early) starts over.
        sqlite3_reset(statement)
        sqlite3_clear_bindings(statement)
        let expected = Int(sqlite3_bind_parameter_count(statement))
        guard expected == arguments.count else {
            throw SQLiteError.misuse("\(arguments.count) arguments for \(expected) parameters")
        }
        for (offset, argument) in arguments.enumerated() {
            let index = Int32(offset + 1)
            let result = argument.map { $0.bind(to: statement, at: index) } ?? bindNull(to: statement, at: index)
            guard result == SQLITE_OK else { throw SQLiteError.from(result, handle) }
        }
        return Rows(statement: statement, handle: handle)
    }

    /// The first column of the first row, or nil when there is no row (or it is NULL).
    package func value<T: SQLiteColumnValue>(_ type: T.Type, _ sql: String, _ arguments: SQLiteArguments = []) throws(SQLiteError) -> T? {
        let rows = try self.rows(sql, arguments)
        guard let row = try rows.next() else { return nil }
        defer { rows.reset() }
        return try row.decode(T?.self, atIndex: 0)
    }

    /// The first column of every row.
    package func values<T: SQLiteColumnValue>(_ type: T.Type, _ sql: String, _ arguments: SQLiteArguments = []) throws(SQLiteError) -> [T] {
        let rows = try self.rows(sql, arguments)
        var values: [T] = []
        while let row = try rows.next() { values.append(try row.decode(T.self, atIndex: 0)) }
        return values
    }

    /// The rowid of the last row inserted through this connection.
    package var lastInsertedRowID: Int64 { sqlite3_last_insert_rowid(handle) }

    /// How many rows the last INSERT, UPDATE or DELETE changed.
    package var changes: Int { Int(sqlite3_changes64(handle)) }

    /// Runs `body` in a transaction: committed when it returns, rolled back when it throws
    /// (its error is rethrown) or when the commit fails.
    package func transaction<T>(_ kind: TransactionKind, _ body: () throws -> T) throws -> T {
        try executeScript("BEGIN \(kind.rawValue)")
        let value: T
        do {
            value = try body()
            try execute("COMMIT")
        } catch {
            // Nothing to roll back when SQLite already did (some errors end the transaction).
            if sqlite3_get_autocommit(handle) == 0 { _ = sqlite3_exec(handle, "ROLLBACK", nil, nil, nil) }
            throw error
        }
        return value
    }

    /// `PRAGMA user_version`: the schema version the application recorded (0 for a new file).
    package func userVersion() throws(SQLiteError) -> Int {
        try value(Int.self, "PRAGMA user_version") ?? 0
    }

    /// Sets `PRAGMA user_version` (part of the transaction under way).
    package func setUserVersion(_ version: Int) throws(SQLiteError) {
        // A pragma takes no parameters; an Int spelled out is safe.
        try executeScript("PRAGMA user_version = \(version)")
    }
}

/// The rows of a running statement. Each ``Row`` is valid until the next call to `next()`.
package struct Rows {
    let statement: OpaquePointer
    let handle: OpaquePointer

    /// The next row, or nil after the last one (the statement is then reset).
    package func next() throws(SQLiteError) -> Row? {
        let result = sqlite3_step(statement)
        switch result {
        case SQLITE_ROW:
            return Row(statement: statement)
        case SQLITE_DONE:
            sqlite3_reset(statement)
            return nil
        default:
            let error = SQLiteError.from(result, handle)
            sqlite3_reset(statement)
            throw error
        }
    }

    /// Stops reading: the statement lets go of what it holds.
    package func reset() {
        sqlite3_reset(statement)
    }
}

/// The current row of a statement.
package struct Row {
    let statement: OpaquePointer

    /// Column `index` (0-based) as a `T`; NULL only when `T` is optional.
    package func decode<T: SQLiteColumnValue>(_ type: T.Type, atIndex index: Int) throws(SQLiteError) -> T {
        try T.decode(from: statement, at: Int32(index))
    }
}
