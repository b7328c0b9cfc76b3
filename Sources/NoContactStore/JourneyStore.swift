import Glibc
package import NoContactCore
import SQLite
import Synchronization

#if canImport(FoundationEssentials)
package import FoundationEssentials
#else
package import Foundation
#endif

/// Everything a person records on their journey, and the scheduler's state, in
/// `journey.sqlite` (0600, in a 0700 directory).
///
/// The daemon and the offline CLI may both hold one at the same time: every write is one
/// immediate transaction, waited for up to 5 seconds when the other process writes, and
/// committed with `synchronous = FULL`, so what a call reported saved survives a crash or a
/// power cut. Reflection text is never logged, and never part of an error.
///
/// Writes go through one connection; reads each take a connection of their own from a small
/// pool, so that (the database being in WAL mode) a read never waits for a write, not even
/// one waiting out the busy timeout on another process's lock.
package final class JourneyStore: Sendable {
    /// `directory/journey.sqlite`.
    package let path: String
    /// Every write, one at a time.
    private let writer: Connection
    /// Reads, as many at once as there are callers.
    private let readers: ConnectionPool
    /// Asked only for `PRAGMA data_version`, whose value is per connection: one connection
    /// that never writes sees every commit of the others (the writer's included) as a change.
    private let watcher: Connection
    /// Writes through this store, counted so that `changeStamp` moves at the very start of
    /// one (before data_version can show it).
    private let ownWrites = Atomic<UInt64>(0)

    /// How long a writer waits for another one (another process, or another instance).
    static let busyTimeout: Duration = .seconds(5)
    /// Reader connections kept open at most (one per worker thread of the daemon, and one for
    /// its main queue), each opened when first needed; more readers at once get a connection
    /// each for their call.
    static let readerCount = 5
    /// The page cache of each reader, in KiB (SQLite's default is 2,000): a journey is a few
    /// megabytes at most, and five full default caches would be most of the daemon's memory.
    static let readerCacheKiB = 512

    /// Opens (creating if needed) `directory/journey.sqlite`, applying migrations, and importing
    /// the skeleton's `directory/state.json` (then renamed `state.json.imported`) on first open.
    package init(directory: String) throws(StoreError) {
        try PrivateFiles.ensureDirectory(directory)
        let path = "\(directory)/journey.sqlite"
        self.path = path
        let legacyPath = "\(directory)/state.json"
        let migrator = JourneySchema.migrator(legacyStatePath: legacyPath)
        (writer, watcher) = try withPrivateUmask { () throws(StoreError) -> (Connection, Connection) in
            try Self.preparePrivateFiles(path)
            let writer = try Self.connect(path, operation: "open")
            do {
                try migrator.migrate(writer)
            } catch {
                throw .database(error, path: path, operation: "migrate")
            }
            return (writer, try Self.connect(path, operation: "open"))
        }
        readers = ConnectionPool(size: Self.readerCount) { () throws(StoreError) -> Connection in
            try Self.connectReader(path)
        }
        let imported = try read("read") { db in
            try JourneyRows.meta(Double.self, MetaKey.legacyStateImportedAt, db) != nil
        }
        // Renamed once, after the import (also after a crash between the two); a state.json
        // that shows up later (written by an older binary) is left alone.
        if imported, access("\(legacyPath).imported", F_OK) != 0 { try Self.retire(legacyPath) }
    }

    /// The scheduler's state; the very first call records `now` as the first run.
    package func loadState(now: Date) throws(StoreError) -> JourneyState {
        if let state = try read("read the state from", JourneyRows.state) { return state }
        guard now.timeIntervalSince1970.isFinite else { throw .rejected("an impossible first run", path: path) }
        let state = try write("record the first run in") { db in
            // Two processes starting at once agree on the first value written.
            try db.execute(
                "INSERT OR IGNORE INTO meta (key, value) VALUES (?, ?)",
                [MetaKey.firstRun, now.timeIntervalSince1970])
            return try JourneyRows.state(db)
        }
        guard let state else { throw .unreadable(path: path, detail: "the first run is missing after it was written") }
        return state
    }

    /// Records one plan in one transaction: the delivered records and the new cursor.
    package func record(deliveries: [DeliveryRecord], handledThrough: Date) throws(StoreError) {
        for delivery in deliveries {
            if let problem = JourneyValidation.problem(with: delivery) { throw .rejected(problem, path: path) }
        }
        guard handledThrough.timeIntervalSince1970.isFinite else {
            throw .rejected("an impossible handled-through time", path: path)
        }
        try write("record deliveries in") { db in
            for delivery in deliveries { _ = try JourneyRows.insert(delivery, db) }
            try db.execute(
                "INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                [MetaKey.handledThrough, handledThrough.timeIntervalSince1970])
        }
    }

    /// Saves `reflection`; returns it with its id, as ``history(since:kinds:)`` will return it.
    ///
    /// Instants are stored as seconds since 1970 in a `Double`: exact for instants made from
    /// such seconds (whole, milliseconds...), otherwise moved by at most 1 ulp (about 0.1 µs
    /// today); the returned record carries the stored instant.
    package func add(_ reflection: Reflection) throws(StoreError) -> Reflection {
        if let problem = JourneyValidation.problem(with: reflection) { throw .rejected(problem, path: path) }
        var saved = reflection
        saved.id = try write("save a reflection in") { db in try JourneyRows.insert(reflection, db) }
        saved.recordedAt = reflection.recordedAt.storedInstant
        return saved
    }

    /// Saves `urge`; returns it with its id.
    package func add(_ urge: Urge) throws(StoreError) -> Urge {
        if let problem = JourneyValidation.problem(with: urge) { throw .rejected(problem, path: path) }
        var saved = urge
        saved.id = try write("save an urge in") { db in try JourneyRows.insert(urge, db) }
        saved.recordedAt = urge.recordedAt.storedInstant
        return saved
    }

    /// Saves `contact` (a slip or logistics); returns it with its id.
    package func add(_ contact: Contact) throws(StoreError) -> Contact {
        if let problem = JourneyValidation.problem(with: contact) { throw .rejected(problem, path: path) }
        var saved = contact
        saved.id = try write("save a contact in") { db in try JourneyRows.insert(contact, db) }
        saved.recordedAt = contact.recordedAt.storedInstant
        return saved
    }

    /// Saves `periodExtension`; returns it with its id.
    package func add(_ periodExtension: PeriodExtension) throws(StoreError) -> PeriodExtension {
        if let problem = JourneyValidation.problem(with: periodExtension) { throw .rejected(problem, path: path) }
        var saved = periodExtension
        saved.id = try write("save an extension in") { db in try JourneyRows.insert(periodExtension, db) }
        saved.recordedAt = periodExtension.recordedAt.storedInstant
        return saved
    }

    // MARK: Reasons, pauses, closures

    /// The person's reasons, in the order they were written (removed ones left out).
    package func reasons() throws(StoreError) -> [Reason] {
        try read("read the reasons from") { db in
            var reasons: [Reason] = []
            let rows = try db.rows("SELECT id, recorded_at, text FROM reasons WHERE removed_at IS NULL ORDER BY id")
            while let row = try rows.next() {
                reasons.append(
                    Reason(
                        id: try row.decode(Int64.self, atIndex: 0),
                        recordedAt: Date(timeIntervalSince1970: try row.decode(Double.self, atIndex: 1)),
                        text: try row.decode(String.self, atIndex: 2)))
            }
            return reasons
        }
    }

    /// Saves a reason; returns it with its id.
    package func addReason(_ text: String, at instant: Date) throws(StoreError) -> Reason {
        guard instant.timeIntervalSince1970.isFinite, !text.isEmpty else { throw .rejected("an empty or impossible reason", path: path) }
        let id = try write("save a reason in") { db in
            try db.execute("INSERT INTO reasons (recorded_at, text) VALUES (?, ?)", [instant.timeIntervalSince1970, text])
            return db.lastInsertedRowID
        }
        return Reason(id: id, recordedAt: instant.storedInstant, text: text)
    }

    /// Marks the reason with this id removed; false when there is no such reason (left).
    package func removeReason(id: Int64, at instant: Date) throws(StoreError) -> Bool {
        try write("remove a reason from") { db in
            try db.execute(
                "UPDATE reasons SET removed_at = ? WHERE id = ? AND removed_at IS NULL",
                [instant.timeIntervalSince1970, id])
            return db.changes > 0
        }
    }

    /// Pauses deliveries from `start` until `until`, ending any pause in force first.
    package func pause(from start: Date, until: Date) throws(StoreError) -> PauseWindow {
        guard start.timeIntervalSince1970.isFinite, until.timeIntervalSince1970.isFinite, until > start else {
            throw .rejected("a pause that ends before it starts", path: path)
        }
        try write("record a pause in") { db in
            try db.execute(
                #"UPDATE pauses SET ended_at = ? WHERE ended_at IS NULL AND "until" > ?"#,
                [start.timeIntervalSince1970, start.timeIntervalSince1970])
            try db.execute(
                #"INSERT INTO pauses (recorded_at, "until") VALUES (?, ?)"#,
                [start.timeIntervalSince1970, until.timeIntervalSince1970])
        }
        return PauseWindow(start: start.storedInstant, end: until.storedInstant)
    }

    /// Ends the pause in force at `instant`; false when none was.
    package func resume(at instant: Date) throws(StoreError) -> Bool {
        try write("end a pause in") { db in
            try db.execute(
                #"UPDATE pauses SET ended_at = ? WHERE ended_at IS NULL AND recorded_at <= ? AND "until" > ?"#,
                [instant.timeIntervalSince1970, instant.timeIntervalSince1970, instant.timeIntervalSince1970])
            return db.changes > 0
        }
    }

    /// Records that the person closed `period` at `instant` ("moving on").
    package func closePeriod(_ period: String, at instant: Date) throws(StoreError) {
        guard instant.timeIntervalSince1970.isFinite, !period.isEmpty else { throw .rejected("an impossible closure", path: path) }
        try write("record a closed period in") { db in
            try db.execute("INSERT INTO closures (recorded_at, period) VALUES (?, ?)", [instant.timeIntervalSince1970, period])
        }
    }

    /// The latest reflection of `period` answering `promptID` (e.g. the letter to the future self).
    package func latestReflection(promptID: String, period: String) throws(StoreError) -> Reflection? {
        try read("read a reflection from") { db in
            let rows = try db.rows(
                """
                SELECT id, recorded_at, day, prompt_text, mood, text FROM reflections
                WHERE prompt_id = ? AND period = ? ORDER BY recorded_at DESC, id DESC LIMIT 1
                """, [promptID, period])
            guard let row = try rows.next() else { return nil }
            defer { rows.reset() }
            return Reflection(
                id: try row.decode(Int64.self, atIndex: 0),
                recordedAt: Date(timeIntervalSince1970: try row.decode(Double.self, atIndex: 1)),
                period: period, day: try row.decode(Int.self, atIndex: 2), promptID: promptID,
                promptText: try row.decode(String?.self, atIndex: 3), mood: try row.decode(Int?.self, atIndex: 4),
                text: try row.decode(String.self, atIndex: 5))
        }
    }

    /// Everything recorded, oldest first (by recorded_at / delivered_at, then id), optionally
    /// only at or after `since` and only of `kinds`.
    package func history(since: Date?, kinds: Set<HistoryKind>?) throws(StoreError) -> [HistoryEntry] {
        let kinds = kinds ?? Set(HistoryKind.allCases)
        let path = path
        var entries = try read("read the history from") { db in
            try JourneyRows.history(since: since, kinds: kinds, path: path, db)
        }
        entries.sort { $0.cursor < $1.cursor }
        return entries.map(\.entry)
    }

    /// At most `limit` entries of ``history(since:kinds:)``, those that sort after `after`
    /// (from the start when nil): one page, read without reading the pages before it. The next
    /// page starts after the last one's `cursor`; a page shorter than `limit` is the last.
    ///
    /// Each page is its own read: a record saved meanwhile shows up on a later page if it
    /// sorts after the cursor, as when listing by hand.
    package func historyPage(since: Date?, kinds: Set<HistoryKind>?, after: HistoryCursor?, limit: Int) throws(StoreError)
        -> [PagedHistoryEntry]
    {
        let kinds = kinds ?? Set(HistoryKind.allCases)
        let path = path
        let limit = max(limit, 1)
        // Up to `limit` rows from each table: their merge holds the first `limit` overall.
        var entries = try read("read the history from") { db in
            try JourneyRows.history(since: since, kinds: kinds, after: after, limit: limit, path: path, db)
        }
        entries.sort { $0.cursor < $1.cursor }
        if entries.count > limit { entries.removeSubrange(limit...) }
        return entries
    }

    /// `PRAGMA integrity_check`'s answer ("ok" when sound).
    package func integrityCheck() throws(StoreError) -> String {
        try read("check") { db in
            try db.values(String.self, "PRAGMA integrity_check").joined(separator: "\n")
        }
    }

    /// The migrations applied to the database, in order.
    func appliedMigrations() throws(StoreError) -> [String] {
        try read("read the migrations of") { db in
            try JourneySchema.migrator(legacyStatePath: nil).applied(db)
        }
    }

    // MARK: - Opening

    /// Opens one reader connection: the journal mode and `synchronous` are the writer's
    /// business (WAL is recorded in the file, which the writer set up before any reader opens).
    private static func connectReader(_ path: String) throws(StoreError) -> Connection {
        do {
            let connection = try Connection(path: path, create: false, busyTimeout: busyTimeout)
            try connection.access { db throws(SQLiteError) in
                try db.executeScript("PRAGMA cache_size = -\(readerCacheKiB)")
            }
            return connection
        } catch {
            throw .database(error, path: path, operation: "open")
        }
    }

    /// Opens one connection to `path`: WAL, `synchronous = FULL`, the busy timeout.
    private static func connect(_ path: String, operation: String) throws(StoreError) -> Connection {
        do {
            let connection = try Connection(path: path, busyTimeout: busyTimeout)
            try connection.access { db throws(SQLiteError) in
                // Persistent in the file once set; asked on every connection so that one
                // that cannot have it (a file system without shared memory) fails here.
                let mode = try db.value(String.self, "PRAGMA journal_mode = WAL")
                guard mode == "wal" else {
                    throw SQLiteError(extendedCode: 1, message: "cannot use write-ahead logging (journal mode is \(mode ?? "unknown"))")
                }
                try db.executeScript("PRAGMA synchronous = FULL")
            }
            return connection
        } catch {
            throw .database(error, path: path, operation: operation)
        }
    }

    /// Creates the database file 0600 before SQLite does; tightens it if it exists with wider
    /// permissions; keeps its -wal and -shm files at exactly 0600; refuses a file that is not ours.
    ///
    /// SQLite creates -wal and -shm with the database's own mode: a single read while a person
    /// had made journey.sqlite 0400 left them 0400, and every write failed even after the
    /// database was made writable again. They are made here first, and put back to 0600.
    ///
    /// Existing files are only inspected and changed by path, never opened: closing any
    /// descriptor of a file drops every POSIX lock this process holds on it, and SQLite's
    /// locks (held by another connection of this process) are what keeps two writers apart.
    private static func preparePrivateFiles(_ path: String) throws(StoreError) {
        for (index, file) in [path, "\(path)-wal", "\(path)-shm"].enumerated() {
            var status = stat()
            if lstat(file, &status) != 0 {
                guard errno == ENOENT else { throw .io(path: file, operation: "inspect", errno: errno) }
                // New, so no connection can hold it open: creating and closing it is safe. SQLite
                // takes an empty -wal or -shm as a new one.
                let descriptor = open(file, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0o600)
                if descriptor >= 0 {
                    close(descriptor)
                    continue
                }
                guard errno == EEXIST, lstat(file, &status) == 0 else { throw .io(path: file, operation: "create", errno: errno) }
            }
            guard (status.st_mode & S_IFMT) == S_IFREG else {
                throw .unreadable(path: file, detail: "it is not a regular file")
            }
            guard status.st_uid == getuid() else {
                throw .unreadable(path: file, detail: "it belongs to uid \(status.st_uid), not to you (uid \(getuid()))")
            }
            if status.st_mode & 0o077 != 0, chmod(file, 0o600) != 0 {
                throw .io(path: file, operation: "restrict the permissions of", errno: errno)
            }
            // Not the database itself: its mode is the person's to choose (a read-only journey
            // is read, and writes say why they fail).
            if index > 0, status.st_mode & 0o777 != 0o600, chmod(file, 0o600) != 0 {
                throw .io(path: file, operation: "set the permissions (0600) of", errno: errno)
            }
        }
    }

    /// Renames the imported `state.json` to `state.json.imported`, durably.
    private static func retire(_ legacyPath: String) throws(StoreError) {
        guard rename(legacyPath, "\(legacyPath).imported") == 0 else {
            if errno == ENOENT { return }  // already renamed (by another process, or earlier)
            throw .io(path: legacyPath, operation: "rename the imported", errno: errno)
        }
        let directory = String(legacyPath[..<(legacyPath.lastIndex(of: "/") ?? legacyPath.startIndex)])
        let descriptor = open(directory.isEmpty ? "/" : directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if descriptor >= 0 {
            fsync(descriptor)
            close(descriptor)
        }
    }

    // MARK: - Access

    /// Runs `body` in a read transaction (one snapshot) on a reader connection of its own.
    private func read<T: Sendable>(_ operation: String, _ body: (Session) throws -> T) throws(StoreError) -> T {
        do {
            return try readers.withConnection { connection in
                try connection.access { db in try db.transaction(.deferred) { try body(db) } }
            }
        } catch {
            throw .database(error, path: path, operation: operation)
        }
    }

    /// Runs `body` in an immediate transaction on the writer connection.
    @discardableResult
    private func write<T: Sendable>(_ operation: String, _ body: (Session) throws -> T) throws(StoreError) -> T {
        // Counted before and after: a reader that looks while the write is under way never
        // takes the value from before it as current afterwards.
        ownWrites.add(1, ordering: .sequentiallyConsistent)
        defer { ownWrites.add(1, ordering: .sequentiallyConsistent) }
        do {
            return try writer.access { db in try db.transaction(.immediate) { try body(db) } }
        } catch {
            throw .database(error, path: path, operation: operation)
        }
    }

    /// Makes every store call under way, and every later one, fail at once instead of
    /// waiting for a lock another process holds: for a process that is stopping. What a
    /// write cut short had done is rolled back whole.
    package func interrupt() {
        writer.interrupt()
        readers.interrupt()
        watcher.interrupt()
    }

    /// A value that changes whenever anything was committed to the database, by this process
    /// or another: what was read under an equal stamp is still current.
    package func changeStamp() throws(StoreError) -> ChangeStamp {
        let writes = ownWrites.load(ordering: .sequentiallyConsistent)
        do {
            // No transaction needed: data_version is answered from the connection's state.
            let version = try watcher.access { db throws(SQLiteError) in
                try db.value(Int64.self, "PRAGMA data_version") ?? 0
            }
            return ChangeStamp(dataVersion: version, ownWrites: writes)
        } catch {
            throw .database(error, path: path, operation: "check for changes in")
        }
    }

    /// See `changeStamp()`.
    package struct ChangeStamp: Sendable, Equatable {
        let dataVersion: Int64
        let ownWrites: UInt64
    }

}

extension Date {
    /// The instant as read back from the database (seconds since 1970 in a `Double`).
    var storedInstant: Date { Date(timeIntervalSince1970: timeIntervalSince1970) }
}

/// Serialises changes of the process-wide umask.
private let umaskLock = Mutex(())

/// Runs `body` with umask 077, so that whatever SQLite creates meanwhile is private.
private func withPrivateUmask<T: Sendable>(_ body: () throws(StoreError) -> T) throws(StoreError) -> T {
    try umaskLock.withLock { _ throws(StoreError) -> T in
        let previous = umask(0o077)
        defer { umask(previous) }
        return try body()
    }
}
