/// Brings a database's schema up to date: `PRAGMA user_version` counts the migrations applied,
/// and each migration runs in its own immediate transaction that also records it. Two
/// processes migrating at once take turns: the second finds the version the first recorded.
package struct Migrator: Sendable {
    /// One step of the schema; shipped ones are never edited, only followed by new ones.
    package struct Migration: Sendable {
        package let identifier: String
        package let apply: @Sendable (Session) throws -> Void

        package init(_ identifier: String, apply: @escaping @Sendable (Session) throws -> Void) {
            self.identifier = identifier
            self.apply = apply
        }
    }

    package let migrations: [Migration]
    /// Asked once, while user_version is still 0, in the transaction of the first migration:
    /// how many migrations the database already has by some other account (another tool's
    /// bookkeeping). Recorded as user_version before anything is applied.
    package let adoptVersion: (@Sendable (Session) throws -> Int)?

    package init(_ migrations: [Migration], adoptVersion: (@Sendable (Session) throws -> Int)? = nil) {
        self.migrations = migrations
        self.adoptVersion = adoptVersion
    }

    /// A database whose user_version is past the migrations known here.
    package struct NewerSchemaError: Error, Sendable, Equatable {
        /// The database's user_version.
        package let version: Int
        /// How many migrations this build knows.
        package let known: Int

        package init(version: Int, known: Int) {
            self.version = version
            self.known = known
        }
    }

    /// Applies every migration the database lacks.
    package func migrate(_ connection: Connection) throws {
        while try !connection.access({ session in try step(session) }) {}
    }

    /// The identifiers of the migrations the database has.
    package func applied(_ session: Session) throws -> [String] {
        let version = try session.userVersion()
        guard version <= migrations.count else { throw NewerSchemaError(version: version, known: migrations.count) }
        return migrations.prefix(version).map(\.identifier)
    }

    /// Applies the next migration, if any; true when the schema is up to date.
    private func step(_ session: Session) throws -> Bool {
        try session.transaction(.immediate) {
            var version = try session.userVersion()
            if version == 0, let adoptVersion {
                version = try adoptVersion(session)
                guard version >= 0 else { throw NewerSchemaError(version: version, known: migrations.count) }
                if version > 0 { try session.setUserVersion(version) }
            }
            guard version <= migrations.count else { throw NewerSchemaError(version: version, known: migrations.count) }
            guard version < migrations.count else { return true }
            try migrations[version].apply(session)
            try session.setUserVersion(version + 1)
            return version + 1 == migrations.count
        }
    }
}
