import Foundation
import Glibc
import NoContactCore
import TestSupport
import Testing

@testable import NoContactStore

/// What care added to the store: reasons, pauses, closed periods, the urge's second rating,
/// and the planning state built from them; and the v1 -> v2 migration that brought them.
@Suite("JourneyStore care")
struct JourneyStoreCareTests {
    static let base = Date(timeIntervalSince1970: 1_795_000_000)

    static func withStore(_ body: (JourneyStore, String) throws -> Void) throws {
        var template = Array("/tmp/nccare-XXXXXX".utf8CString)
        let made = try #require(mkdtemp(&template))
        let directory = String(cString: made)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try body(try JourneyStore(directory: directory), directory)
    }

    @Test func reasonsKeepTheirOrderAndRemovalHidesOne() throws {
        try Self.withStore { store, _ in
            let first = try store.addReason("calm evenings", at: Self.base)
            _ = try store.addReason("sleep", at: Self.base.addingTimeInterval(1))
            #expect(try store.reasons().map(\.text) == ["calm evenings", "sleep"])
            #expect(try store.removeReason(id: first.id, at: Self.base.addingTimeInterval(2)))
            #expect(try !store.removeReason(id: first.id, at: Self.base.addingTimeInterval(3)))
            #expect(try store.reasons().map(\.text) == ["sleep"])
        }
    }

    @Test func pausesEndAtTheirTimeOrWhenResumed() throws {
        try Self.withStore { store, _ in
            _ = try store.loadState(now: Self.base)
            _ = try store.pause(from: Self.base, until: Self.base.addingTimeInterval(3_600))
            #expect(try store.loadState(now: Self.base).pauses == [PauseWindow(start: Self.base, end: Self.base.addingTimeInterval(3_600))])
            #expect(try store.resume(at: Self.base.addingTimeInterval(600)))
            #expect(try !store.resume(at: Self.base.addingTimeInterval(700)), "nothing left to resume")
            #expect(try store.loadState(now: Self.base).pauses == [PauseWindow(start: Self.base, end: Self.base.addingTimeInterval(600))])
            // A new pause ends the one in force.
            _ = try store.pause(from: Self.base.addingTimeInterval(1_000), until: Self.base.addingTimeInterval(9_000))
            _ = try store.pause(from: Self.base.addingTimeInterval(2_000), until: Self.base.addingTimeInterval(3_000))
            #expect(
                try store.loadState(now: Self.base).pauses.map(\.end.timeIntervalSince1970)
                    == [600, 2_000, 3_000].map { Self.base.timeIntervalSince1970 + $0 })
            #expect(throws: StoreError.self) { try store.pause(from: Self.base, until: Self.base) }
        }
    }

    @Test func planningStateCarriesClosuresCountsAnswersAndTheLastDelivery() throws {
        try Self.withStore { store, _ in
            _ = try store.loadState(now: Self.base)
            _ = try store.add(Reflection(recordedAt: Self.base, period: "Sam", day: 1, promptID: "space-01", text: "a"))
            _ = try store.add(
                Reflection(recordedAt: Self.base.addingTimeInterval(5), period: "Sam", day: 1, promptID: "space-01", text: "b"))
            _ = try store.add(Urge(recordedAt: Self.base, period: "Sam", day: 1, intensity: 4, resisted: true, intensityAfter: 2))
            _ = try store.add(Urge(recordedAt: Self.base, period: "Sam", day: 1, intensity: 2, resisted: false))
            try store.record(
                deliveries: [
                    DeliveryRecord(
                        kind: .prompt, period: "Sam", day: 1, promptID: "self-care-01", due: Self.base, deliveredAt: Self.base, late: false)
                ], handledThrough: Self.base)
            try store.closePeriod("Sam", at: Self.base.addingTimeInterval(60))
            let state = try store.loadState(now: Self.base)
            let sam = state.history(of: "Sam")
            #expect(sam.closedAt == Self.base.addingTimeInterval(60))
            #expect(sam.reflections == 2 && sam.urgesMet == 1)
            #expect(state.lastAnswered["space-01"] == Self.base.addingTimeInterval(5))
            #expect(state.lastPromptDelivery == PromptDeliveryMark(promptID: "self-care-01", due: Self.base))
            let urges = try store.history(since: nil, kinds: [.urge]).compactMap { entry -> Urge? in
                if case let .urge(urge) = entry { return urge }
                return nil
            }
            #expect(urges.map(\.intensityAfter) == [2, nil])
        }
    }

    /// A database of the first schema, with what a person recorded, migrates to v2 with
    /// nothing lost; GRDB's own migration table is what says it was at v1.
    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/sqlite3"), "needs /usr/bin/sqlite3"))
    func migratesAVersionOneDatabase() throws {
        var template = Array("/tmp/nccare-XXXXXX".utf8CString)
        let made = try #require(mkdtemp(&template))
        let directory = String(cString: made)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let sql =
            JourneySchema.v1 + """

                CREATE TABLE grdb_migrations (identifier TEXT NOT NULL PRIMARY KEY);
                INSERT INTO grdb_migrations VALUES ('v1');
                INSERT INTO meta (key, value) VALUES ('first_run', 1795000000.0);
                INSERT INTO reflections (recorded_at, period, day, prompt_id, text) VALUES (1795000100.0, 'Sam', 1, 'space-01', 'kept words');
                INSERT INTO urges (recorded_at, period, day, intensity, resisted) VALUES (1795000200.0, 'Sam', 1, 3, 1);
                """
        let created = try run("/usr/bin/sqlite3", ["-batch", "\(directory)/journey.sqlite", sql])
        try #require(created.status == 0, "\(created.stderr)")
        chmod("\(directory)/journey.sqlite", 0o600)

        let store = try JourneyStore(directory: directory)
        #expect(try store.appliedMigrations() == ["v1", "v2"])
        let history = try store.history(since: nil, kinds: nil)
        #expect(history.count == 2)
        guard case let .reflection(reflection)? = history.first else {
            Issue.record("the reflection is gone")
            return
        }
        #expect(reflection.text == "kept words")
        guard case let .urge(urge)? = history.last else {
            Issue.record("the urge is gone")
            return
        }
        #expect(urge.intensity == 3 && urge.intensityAfter == nil)
        #expect(try store.reasons().isEmpty)
        #expect(try store.integrityCheck() == "ok")
    }
}
