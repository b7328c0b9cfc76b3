internal import CSQLite

/// A value that can be bound to a statement's `?` parameter.
package protocol SQLiteBindable: Sendable {
    /// Binds the value to parameter `index` (1-based) of `statement`; returns SQLite's result.
    func bind(to statement: OpaquePointer, at index: Int32) -> Int32
}

/// The arguments of a statement, in the order of its `?` parameters; nil binds NULL.
package typealias SQLiteArguments = [(any SQLiteBindable)?]

/// A Swift value read from a result column.
package protocol SQLiteColumnValue {
    /// The value of column `index` (0-based) of the current row of `statement`.
    static func decode(from statement: OpaquePointer, at index: Int32) throws(SQLiteError) -> Self
}

/// SQLite copies the bytes before the call returns (its own "transient" destructor value).
private let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

extension Int64: SQLiteBindable, SQLiteColumnValue {
    package func bind(to statement: OpaquePointer, at index: Int32) -> Int32 {
        sqlite3_bind_int64(statement, index, self)
    }

    package static func decode(from statement: OpaquePointer, at index: Int32) throws(SQLiteError) -> Int64 {
        try requireValue(statement, index, "an integer")
        return sqlite3_column_int64(statement, index)
    }
}

extension Int: SQLiteBindable, SQLiteColumnValue {
    package func bind(to statement: OpaquePointer, at index: Int32) -> Int32 {
        sqlite3_bind_int64(statement, index, Int64(self))
    }

    package static func decode(from statement: OpaquePointer, at index: Int32) throws(SQLiteError) -> Int {
        // Int is 64 bits on every platform this runs on.
        Int(try Int64.decode(from: statement, at: index))
    }
}

extension Bool: SQLiteBindable, SQLiteColumnValue {
    package func bind(to statement: OpaquePointer, at index: Int32) -> Int32 {
        sqlite3_bind_int64(statement, index, self ? 1 : 0)
    }

    package static func decode(from statement: OpaquePointer, at index: Int32) throws(SQLiteError) -> Bool {
        try Int64.decode(from: statement, at: index) != 0
    }
}

extension Double: SQLiteBindable, SQLiteColumnValue {
    package func bind(to statement: OpaquePointer, at index: Int32) -> Int32 {
        sqlite3_bind_double(statement, index, self)
    }

    package static func decode(from statement: OpaquePointer, at index: Int32) throws(SQLiteError) -> Double {
        try requireValue(statement, index, "a number")
        return sqlite3_column_double(statement, index)
    }
}

extension String: SQLiteBindable, SQLiteColumnValue {
    package func bind(to statement: OpaquePointer, at index: Int32) -> Int32 {
        // By length, so that the whole text is stored (a C string would end at a NUL).
        var text = self
        return text.withUTF8 { bytes in
            guard let start = bytes.baseAddress, !bytes.isEmpty else { return sqlite3_bind_text(statement, index, "", 0, transient) }
            return sqlite3_bind_text64(
                statement, index, UnsafeRawPointer(start).assumingMemoryBound(to: CChar.self),
                sqlite3_uint64(bytes.count), transient, UInt8(SQLITE_UTF8))
        }
    }

    package static func decode(from statement: OpaquePointer, at index: Int32) throws(SQLiteError) -> String {
        try requireValue(statement, index, "a text")
        // Text first, then its length in bytes (the order SQLite documents).
        guard let text = sqlite3_column_text(statement, index) else { return "" }
        let count = Int(sqlite3_column_bytes(statement, index))
        return String(decoding: UnsafeBufferPointer(start: text, count: count), as: UTF8.self)
    }
}

extension Optional: SQLiteColumnValue where Wrapped: SQLiteColumnValue {
    package static func decode(from statement: OpaquePointer, at index: Int32) throws(SQLiteError) -> Wrapped? {
        if sqlite3_column_type(statement, index) == SQLITE_NULL { return nil }
        return try Wrapped.decode(from: statement, at: index)
    }
}

/// Binds NULL: what a nil argument stands for.
func bindNull(to statement: OpaquePointer, at index: Int32) -> Int32 {
    sqlite3_bind_null(statement, index)
}

/// Refuses NULL where a value is required: reading it as 0 or "" would hide a damaged row.
private func requireValue(_ statement: OpaquePointer, _ index: Int32, _ what: String) throws(SQLiteError) {
    guard sqlite3_column_type(statement, index) != SQLITE_NULL else {
        let name = sqlite3_column_name(statement, index).map { String(cString: $0) } ?? "\(index)"
        throw .misuse("column \(name) is NULL where \(what) is required")
    }
}
