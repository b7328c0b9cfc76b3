import Foundation
import Glibc
import NoContactCore
import TestSupport
import Testing

@testable import NoContactStore

/// Databases written by the GRDB-based releases, kept as files (Fixtures/):
/// - release-1d2a406.sqlite: written by release 1d2a406's `nocontact` offline and its
///   `nocontactd` (schema v1, `grdb_migrations` = v1): two reflections, two urges (one with an
///   unsent message), a slip, a logistics contact, an extension, 11 prompt deliveries;
/// - main-grdb-v2.sqlite: written by the last GRDB build of main (schema v2,
///   `grdb_migrations` = v1, v2): a reflection, an urge, a slip, a reason, a pause.
@Suite("databases written with GRDB")
struct GRDBDatabaseTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures").path

    /// A copy of fixture `name` as `journey.sqlite` in a fresh 0700 directory.
    private static func withCopy(of name: String, _ body: (String) throws -> Void) throws {
        var template = Array("/tmp/ncgrdb-XXXXXX".utf8CString)
        let made = try #require(mkdtemp(&template))
        let directory = String(cString: made)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try FileManager.default.copyItem(atPath: "\(fixtures)/\(name)", toPath: "\(directory)/journey.sqlite")
        #expect(chmod("\(directory)/journey.sqlite", 0o600) == 0)
        try body(directory)
    }

    private static func texts(_ history: [HistoryEntry]) -> [String] {
        history.compactMap { entry -> String? in
            switch entry {
            case let .reflection(reflection):
                "reflection \(reflection.period) \(reflection.day) \(reflection.mood ?? 0): \(reflection.text)"
            case let .urge(urge):
                "urge \(urge.intensity) \(urge.trigger ?? "-") \(urge.resisted) \(urge.unsentMessage ?? "-") \(urge.intensityAfter.map(String.init) ?? "-")"
            case let .contact(contact): "contact \(contact.kind.name) \(contact.note ?? "-") \(contact.trigger ?? "-")"
            case let .periodExtension(periodExtension): "extension \(periodExtension.period) \(periodExtension.days)"
            case let .delivery(delivery): "\(delivery.kind.rawValue) \(delivery.promptID ?? "-")"
            }
        }
    }

    /// Release 1d2a406's database migrates to v2 once (user_version set, grdb_migrations left
    /// as it was) and keeps every record and the scheduler's state.
    @Test func releaseDatabaseMigratesWithNothingLost() throws {
        try Self.withCopy(of: "release-1d2a406.sqlite") { directory in
            let store = try JourneyStore(directory: directory)
            #expect(try store.appliedMigrations() == ["v1", "v2"])
            let history = try store.history(since: nil, kinds: nil)
            #expect(
                Self.texts(history) == [
                    "reflection Sam 16 3: The first morning without checking.",
                    "reflection Sam 16 4: Line one\nline \"two\" it's naïve café 🫶🏽",
                    "urge 2 - true - -",
                    "contact slip texted hi 3 a.m.",
                    "urge 4 our song true I would have said sorry. -",
                    "contact children school pickup -",
                    "extension Sam 7",
                ]
                    + [
                        "acceptance-02", "space-10", "actions-02", "self-care-02", "self-care-05", "understanding-10",
                        "logistics-04", "apology-10", "logistics-02", "space-02", "self-care-03",
                    ].map { "prompt \($0)" })
            let state = try store.loadState(now: Date(timeIntervalSince1970: 1_796_600_000))
            #expect(state.firstRun == Date(timeIntervalSince1970: 1_796_503_158.291_388_5))
            #expect(state.handledThrough == Date(timeIntervalSince1970: 1_796_503_192.440_137_4))
            #expect(state.deliveryCount == 11)
            #expect(state.history(of: "Sam").slips == [Date(timeIntervalSince1970: 1_796_503_160.869_595_5)])
            #expect(state.history(of: "Sam").extensionDays == 7)
            // The v2 tables are there and usable.
            #expect(try store.reasons().isEmpty)
            _ = try store.addReason("a new reason", at: Date(timeIntervalSince1970: 1_796_600_000))
            #expect(try store.reasons().map(\.text) == ["a new reason"])
            #expect(try store.integrityCheck() == "ok")

            // Once: reopening applies nothing, and GRDB's table is left alone.
            let reopened = try JourneyStore(directory: directory)
            #expect(try reopened.appliedMigrations() == ["v1", "v2"])
            #expect(try reopened.history(since: nil, kinds: nil).count == history.count)
            #expect(try Self.sqlite(directory, "PRAGMA user_version; SELECT identifier FROM grdb_migrations") == "2\nv1\n")
        }
    }

    /// Main's GRDB database at v2 is taken as v2 (nothing re-applied) with every record.
    @Test func mainDatabaseAtVersionTwoIsAdopted() throws {
        try Self.withCopy(of: "main-grdb-v2.sqlite") { directory in
            let store = try JourneyStore(directory: directory)
            #expect(try store.appliedMigrations() == ["v1", "v2"])
            #expect(
                Self.texts(try store.history(since: nil, kinds: nil)) == [
                    "reflection Sam 16 2: Written by main, schema two.",
                    "urge 5 a photo true - -",
                    "contact slip called -",
                ])
            #expect(try store.reasons().map(\.text) == ["I deserve peace."])
            let state = try store.loadState(now: Date(timeIntervalSince1970: 1_796_600_000))
            #expect(state.firstRun == Date(timeIntervalSince1970: 1_796_503_197.659_443_6))
            #expect(
                state.pauses == [
                    PauseWindow(
                        start: Date(timeIntervalSince1970: 1_796_503_199.904_135_5),
                        end: Date(timeIntervalSince1970: 1_796_675_999.896_014_5))
                ])
            #expect(try store.integrityCheck() == "ok")
            #expect(try Self.sqlite(directory, "PRAGMA user_version") == "2\n")
        }
    }

    /// A GRDB database with a migration this build does not know is refused, and left as it was.
    @Test func unknownGRDBMigrationIsRefused() throws {
        try Self.withCopy(of: "main-grdb-v2.sqlite") { directory in
            _ = try Self.sqlite(directory, "INSERT INTO grdb_migrations VALUES ('v3')")
            #expect(
                throws: StoreError.unreadable(path: "\(directory)/journey.sqlite", detail: "it was migrated to \"v3\" by a newer nocontact")
            ) {
                _ = try JourneyStore(directory: directory)
            }
            #expect(try Self.sqlite(directory, "PRAGMA user_version") == "0\n")
        }
    }

    /// What sqlite3 prints for `sql` on the directory's journey.sqlite.
    private static func sqlite(_ directory: String, _ sql: String) throws -> String {
        let result = try run("/usr/bin/sqlite3", ["-batch", "\(directory)/journey.sqlite", sql])
        try #require(result.status == 0, "\(result.stderr)")
        return result.stdout
    }
}
