import NoContactCore
import SQLite

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The database schema of `journey.sqlite` and its migrations.
///
/// Conventions, for anyone reading the file with `sqlite3`:
/// - every instant is a `REAL` of seconds since 1970-01-01T00:00:00Z (exact for whole and
///   millisecond instants; within a fraction of a microsecond otherwise);
/// - booleans are `INTEGER` 0 or 1; optional fields are `NULL` when absent;
/// - tables are `STRICT`, ids `INTEGER PRIMARY KEY AUTOINCREMENT` (never reused);
/// - `meta` holds single values by key (see ``MetaKey``).
///
/// Migrations are counted by `PRAGMA user_version` (the number applied), each applied in its
/// own transaction: later versions append migrations ("v3", ...) to
/// ``migrator(legacyStatePath:)`` and never edit one that shipped.
///
/// Releases up to 1d2a406 applied them with GRDB, which recorded them by identifier in its
/// `grdb_migrations` table and left user_version at 0: such a database is adopted once, on
/// its first open here (see ``grdbVersion(_:)``); the table is left as it was.
enum JourneySchema {
    /// The identifiers of every migration, in order: what a migrated database has applied.
    static let migrationIdentifiers = ["v1", "v2"]

    /// The migrator. `legacyStatePath` is the skeleton's `state.json`, imported by "v1" (in
    /// the same transaction as the tables it fills) when it exists.
    static func migrator(legacyStatePath: String?) -> Migrator {
        Migrator(
            [
                Migrator.Migration("v1") { db in
                    try db.executeScript(v1)
                    if let legacyStatePath {
                        try LegacyState.importIfPresent(from: legacyStatePath, into: db)
                    }
                },
                Migrator.Migration("v2") { db in
                    try db.executeScript(v2)
                },
            ],
            adoptVersion: grdbVersion)
    }

    /// How many of our migrations GRDB recorded in `grdb_migrations` (0 without the table):
    /// they are ours in order, so the count of the leading ones applied is the version.
    /// An identifier we do not know (a newer build's) is refused rather than guessed at.
    static func grdbVersion(_ db: Session) throws -> Int {
        let table = try db.value(String.self, "SELECT name FROM sqlite_schema WHERE type = 'table' AND name = 'grdb_migrations'")
        guard table != nil else { return 0 }
        let applied = Set(try db.values(String.self, "SELECT identifier FROM grdb_migrations"))
        if let unknown = applied.subtracting(migrationIdentifiers).sorted().first {
            throw UnknownMigrations(detail: "it was migrated to \"\(unknown)\" by a newer nocontact")
        }
        let version = migrationIdentifiers.prefix { applied.contains($0) }.count
        guard version == applied.count else {
            throw UnknownMigrations(detail: "its recorded migrations (\(applied.sorted().joined(separator: ", "))) skip one")
        }
        return version
    }

    /// The first schema.
    static let v1 = """
        CREATE TABLE meta (
            key TEXT NOT NULL PRIMARY KEY,
            value ANY
        ) STRICT;

        CREATE TABLE reflections (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            recorded_at REAL NOT NULL,
            period TEXT NOT NULL,
            day INTEGER NOT NULL,
            prompt_id TEXT,
            prompt_text TEXT,
            mood INTEGER CHECK (mood BETWEEN 1 AND 5),
            text TEXT NOT NULL
        ) STRICT;
        CREATE INDEX reflections_recorded_at ON reflections (recorded_at);

        CREATE TABLE urges (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            recorded_at REAL NOT NULL,
            period TEXT NOT NULL,
            day INTEGER NOT NULL,
            intensity INTEGER NOT NULL CHECK (intensity BETWEEN 1 AND 5),
            "trigger" TEXT,
            resisted INTEGER NOT NULL CHECK (resisted IN (0, 1)),
            unsent_message TEXT
        ) STRICT;
        CREATE INDEX urges_recorded_at ON urges (recorded_at);

        -- kind: 'slip', or the logistics kind the period allows (e.g. 'children').
        CREATE TABLE contacts (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            recorded_at REAL NOT NULL,
            period TEXT NOT NULL,
            day INTEGER NOT NULL,
            kind TEXT NOT NULL CHECK (kind <> ''),
            note TEXT,
            "trigger" TEXT
        ) STRICT;
        CREATE INDEX contacts_recorded_at ON contacts (recorded_at);

        CREATE TABLE period_extensions (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            recorded_at REAL NOT NULL,
            period TEXT NOT NULL,
            days INTEGER NOT NULL CHECK (days BETWEEN 1 AND 3650)
        ) STRICT;
        CREATE INDEX period_extensions_recorded_at ON period_extensions (recorded_at);

        -- kind: 'prompt', 'milestone' or 'period-end' (DeliveryKind's raw values).
        CREATE TABLE deliveries (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            kind TEXT NOT NULL,
            period TEXT NOT NULL,
            day INTEGER NOT NULL,
            prompt_id TEXT,
            due REAL NOT NULL,
            delivered_at REAL NOT NULL,
            late INTEGER NOT NULL CHECK (late IN (0, 1))
        ) STRICT;
        CREATE INDEX deliveries_delivered_at ON deliveries (delivered_at);
        CREATE INDEX deliveries_kind ON deliveries (kind, id);
        """
}

extension JourneySchema {
    /// Care: the person's reasons, pauses, closed periods, and how strong an urge was after
    /// the guided pause.
    static let v2 = """
        ALTER TABLE urges ADD COLUMN intensity_after INTEGER CHECK (intensity_after BETWEEN 1 AND 5);

        -- The person's own reasons for taking space. Removed ones keep their row (removed_at).
        CREATE TABLE reasons (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            recorded_at REAL NOT NULL,
            text TEXT NOT NULL CHECK (text <> ''),
            removed_at REAL
        ) STRICT;

        -- No deliveries from recorded_at until "until", or until ended_at when resumed early.
        CREATE TABLE pauses (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            recorded_at REAL NOT NULL,
            "until" REAL NOT NULL,
            ended_at REAL
        ) STRICT;

        -- A period the person closed ("moving on"): nothing more is delivered for it.
        CREATE TABLE closures (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            recorded_at REAL NOT NULL,
            period TEXT NOT NULL
        ) STRICT;
        """
}

/// A database whose GRDB-era migrations are not a prefix of ours (see `grdbVersion`);
/// `detail` completes "cannot be read (...)".
struct UnknownMigrations: Error {
    let detail: String
}

/// The keys of the `meta` table.
enum MetaKey {
    /// REAL: the first run (`JourneyState.firstRun`), written once.
    static let firstRun = "first_run"
    /// REAL: the scheduler's cursor (`JourneyState.handledThrough`).
    static let handledThrough = "handled_through"
    /// INTEGER: prompt deliveries counted by the imported `state.json`.
    static let importedDeliveryCount = "imported_delivery_count"
    /// TEXT: JSON array of the imported recent prompt ids, oldest first.
    static let importedRecentPromptIDs = "imported_recent_prompt_ids"
    /// REAL: when `state.json` was imported (present only if it was).
    static let legacyStateImportedAt = "legacy_state_imported_at"
}

/// The walking skeleton's `state.json`, read once into the first schema.
enum LegacyState {
    /// The file format of the skeleton's `StateStore`.
    private struct File: Decodable {
        var version: Int
        var state: JourneyState
    }

    /// Imports `path` into the `meta` table of `db` if the file exists; an unreadable file
    /// fails the migration (and so leaves both the file and the database as they were).
    static func importIfPresent(from path: String, into db: Session) throws {
        guard let bytes = try PrivateFiles.read(path) else { return }
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .secondsSince1970
        guard let file = try? decoder.decode(File.self, from: Data(bytes)) else {
            throw StoreError.unreadable(path: path, detail: "not a nocontact state file")
        }
        guard file.version == 1 else {
            throw StoreError.unreadable(path: path, detail: "state file version \(file.version) is not known")
        }
        let state = file.state
        guard state.firstRun.timeIntervalSince1970.isFinite, state.deliveryCount >= 0,
            state.handledThrough?.timeIntervalSince1970.isFinite ?? true
        else {
            throw StoreError.unreadable(path: path, detail: "it holds impossible values")
        }
        let recent = Array(state.recentPromptIDs.suffix(JourneyState.recentPromptLimit))
        let recentJSON = String(decoding: try JSONEncoder().encode(recent), as: UTF8.self)
        var values: [(String, any SQLiteBindable)] = [
            (MetaKey.firstRun, state.firstRun.timeIntervalSince1970),
            (MetaKey.importedDeliveryCount, state.deliveryCount),
            (MetaKey.importedRecentPromptIDs, recentJSON),
            (MetaKey.legacyStateImportedAt, Date().timeIntervalSince1970),
        ]
        if let handledThrough = state.handledThrough {
            values.append((MetaKey.handledThrough, handledThrough.timeIntervalSince1970))
        }
        for (key, value) in values {
            try db.execute("INSERT INTO meta (key, value) VALUES (?, ?)", [key, value])
        }
    }
}
