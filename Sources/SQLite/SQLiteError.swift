internal import CSQLite

/// What SQLite said when a call failed: its (extended) result code and its message.
///
/// The message is SQLite's own (e.g. "database is locked", "no such table: x"): it never
/// contains the values bound to a statement, so it is safe to log.
package struct SQLiteError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The extended result code (`SQLITE_BUSY_SNAPSHOT`, `SQLITE_READONLY_DBMOVED`, ...).
    package let extendedCode: Int32
    /// SQLite's message, or the generic text of the code.
    package let message: String

    package init(extendedCode: Int32, message: String) {
        self.extendedCode = extendedCode
        self.message = message
    }

    /// The primary result code (the low byte): what kind of failure it is.
    package var code: Code { Code(rawValue: extendedCode & 0xFF) }

    package var description: String { "SQLite error \(extendedCode): \(message)" }

    /// A primary result code, named for the ones callers tell apart.
    package struct Code: RawRepresentable, Sendable, Equatable, Hashable {
        package let rawValue: Int32
        package init(rawValue: Int32) { self.rawValue = rawValue }

        package static let error = Code(rawValue: SQLITE_ERROR)
        package static let permission = Code(rawValue: SQLITE_PERM)
        package static let abort = Code(rawValue: SQLITE_ABORT)
        package static let busy = Code(rawValue: SQLITE_BUSY)
        package static let locked = Code(rawValue: SQLITE_LOCKED)
        package static let noMemory = Code(rawValue: SQLITE_NOMEM)
        package static let readOnly = Code(rawValue: SQLITE_READONLY)
        package static let interrupted = Code(rawValue: SQLITE_INTERRUPT)
        package static let ioError = Code(rawValue: SQLITE_IOERR)
        package static let corrupt = Code(rawValue: SQLITE_CORRUPT)
        package static let full = Code(rawValue: SQLITE_FULL)
        package static let cannotOpen = Code(rawValue: SQLITE_CANTOPEN)
        package static let tooBig = Code(rawValue: SQLITE_TOOBIG)
        package static let constraint = Code(rawValue: SQLITE_CONSTRAINT)
        package static let mismatch = Code(rawValue: SQLITE_MISMATCH)
        package static let authorization = Code(rawValue: SQLITE_AUTH)
        package static let range = Code(rawValue: SQLITE_RANGE)
        package static let notADatabase = Code(rawValue: SQLITE_NOTADB)
    }

    /// The error of `result` on `handle` (its message when it has one for that result).
    static func from(_ result: Int32, _ handle: OpaquePointer?) -> SQLiteError {
        var message = String(cString: sqlite3_errstr(result))
        if let handle, sqlite3_extended_errcode(handle) == result || sqlite3_errcode(handle) == result & 0xFF,
            let text = sqlite3_errmsg(handle)
        {
            message = String(cString: text)
        }
        return SQLiteError(extendedCode: result, message: message)
    }

    /// A failure of ours that SQLite did not report (a column of the wrong type, say).
    static func misuse(_ message: String) -> SQLiteError {
        SQLiteError(extendedCode: SQLITE_MISUSE, message: message)
    }
}
