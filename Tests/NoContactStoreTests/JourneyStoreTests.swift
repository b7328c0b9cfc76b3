import Foundation
import Glibc
import NoContactCore
import Synchronization
import TestSupport
import Testing

@testable import NoContactStore

/// A fresh temporary directory for a journey store, removed with everything in it afterwards.
private func withJourneyDirectory(_ body: (String) throws -> Void) throws {
    var template = Array("/tmp/ncjourney-XXXXXX".utf8CString)
    let made = try #require(mkdtemp(&template))
    let directory = String(cString: made)
    defer { try? FileManager.default.removeItem(atPath: directory) }
    try body(directory)
}

/// The permission bits of `path`.
private func permissions(of path: String) throws -> mode_t {
    var status = stat()
    try #require(lstat(path, &status) == 0, "cannot stat \(path)")
    return status.st_mode & 0o7777
}

private func writeFile(_ text: String, to path: String) throws {
    try #require(FileManager.default.createFile(atPath: path, contents: Data(text.utf8)))
}

/// Records the errors of worker threads.
private final class Failures: Sendable {
    private let messages = Mutex<[String]>([])
    func append(_ message: String) { messages.withLock { $0.append(message) } }
    var all: [String] { messages.withLock { $0 } }
}

@Suite("JourneyStore")
struct JourneyStoreTests {
    static let base = Date(timeIntervalSince1970: 1_795_000_000)

    static func at(_ seconds: Double) -> Date { base.addingTimeInterval(seconds) }

    static func reflection(_ seconds: Double, _ text: String = "a quiet day", period: String = "Sam") -> Reflection {
        Reflection(recordedAt: at(seconds), period: period, day: 3, text: text)
    }

    static func prompt(_ id: String, _ seconds: Double, period: String = "Sam") -> DeliveryRecord {
        DeliveryRecord(kind: .prompt, period: period, day: 2, promptID: id, due: at(seconds), deliveredAt: at(seconds), late: false)
    }

    // MARK: Migrations

    /// Opening an empty directory creates journey.sqlite with the whole schema, an empty history and a sound database.
    @Test func migrationFromEmpty() throws {
        try withJourneyDirectory { root in
            let store = try JourneyStore(directory: "\(root)/state/nocontact")
            #expect(store.path == "\(root)/state/nocontact/journey.sqlite")
            #expect(try store.appliedMigrations() == ["v1", "v2"])
            #expect(try store.history(since: nil, kinds: nil).isEmpty)
            #expect(try store.loadState(now: Self.base) == JourneyState(firstRun: Self.base))
            #expect(try store.integrityCheck() == "ok")
            #expect(!FileManager.default.fileExists(atPath: "\(root)/state/nocontact/state.json.imported"))
        }
    }

    /// The migrations a store applies are exactly the schema's list, in order, and reopening applies nothing more.
    @Test func appliedMigrationsAreTheExpectedList() throws {
        try withJourneyDirectory { root in
            _ = try JourneyStore(directory: root)
            let reopened = try JourneyStore(directory: root)
            #expect(try reopened.appliedMigrations() == JourneySchema.migrationIdentifiers)
            #expect(JourneySchema.migrationIdentifiers == ["v1", "v2"])
        }
    }

    /// A legacy state.json is carried over (first run, cursor, count, recent prompts), renamed, and never imported twice.
    @Test func migrationFromLegacyStateFile() throws {
        try withJourneyDirectory { root in
            try writeFile(
                """
                {"version":1,"state":{"firstRun":1795000000,"handledThrough":1795086400.5,"deliveryCount":7,"recentPromptIDs":["space-1","self-care-2"]}}
                """, to: "\(root)/state.json")
            let store = try JourneyStore(directory: root)
            #expect(!FileManager.default.fileExists(atPath: "\(root)/state.json"))
            #expect(FileManager.default.fileExists(atPath: "\(root)/state.json.imported"))
            let expected = JourneyState(
                firstRun: Self.base, handledThrough: Self.at(86_400.5), deliveryCount: 7,
                recentPromptIDs: ["space-1", "self-care-2"])
            #expect(try store.loadState(now: Self.at(200_000)) == expected)

            try store.record(deliveries: [Self.prompt("growth-3", 90_000)], handledThrough: Self.at(90_000))
            var afterDelivery = expected
            afterDelivery.deliveryCount = 8
            afterDelivery.recentPromptIDs.append("growth-3")
            afterDelivery.handledThrough = Self.at(90_000)
            afterDelivery.lastPromptDelivery = PromptDeliveryMark(promptID: "growth-3", due: Self.at(90_000))
            #expect(try store.loadState(now: Self.at(200_000)) == afterDelivery)

            // A state.json that shows up again (an old binary) is neither imported nor touched.
            try writeFile(
                """
                {"version":1,"state":{"firstRun":1,"deliveryCount":99,"recentPromptIDs":["other"]}}
                """, to: "\(root)/state.json")
            let reopened = try JourneyStore(directory: root)
            #expect(try reopened.loadState(now: Self.at(300_000)) == afterDelivery)
            #expect(FileManager.default.fileExists(atPath: "\(root)/state.json"))
        }
    }

    /// An unreadable state.json fails the open and is left where it is; the migration is rolled back with it, so a repaired file is imported next time.
    @Test func unreadableLegacyStateFileIsRefused() throws {
        try withJourneyDirectory { root in
            try writeFile("{not json", to: "\(root)/state.json")
            #expect(throws: StoreError.unreadable(path: "\(root)/state.json", detail: "not a nocontact state file")) {
                _ = try JourneyStore(directory: root)
            }
            #expect(FileManager.default.fileExists(atPath: "\(root)/state.json"))
            try writeFile(
                #"{"version":1,"state":{"firstRun":1795000000,"deliveryCount":2,"recentPromptIDs":["a","b"]}}"#, to: "\(root)/state.json")
            let store = try JourneyStore(directory: root)
            #expect(try store.appliedMigrations() == ["v1", "v2"])
            #expect(
                try store.loadState(now: Self.at(99)) == JourneyState(firstRun: Self.base, deliveryCount: 2, recentPromptIDs: ["a", "b"]))
            #expect(FileManager.default.fileExists(atPath: "\(root)/state.json.imported"))
        }
    }

    // MARK: Permissions

    /// The directory (and created parents) are 0700, journey.sqlite, -wal and -shm 0600 after writes.
    @Test func filesArePrivate() throws {
        try withJourneyDirectory { root in
            let directory = "\(root)/state/nocontact"
            let store = try JourneyStore(directory: directory)
            _ = try store.add(Self.reflection(1))
            try store.record(deliveries: [Self.prompt("space-1", 2)], handledThrough: Self.at(2))
            #expect(try permissions(of: "\(root)/state") == 0o700)
            #expect(try permissions(of: directory) == 0o700)
            #expect(try permissions(of: store.path) == 0o600)
            #expect(try permissions(of: "\(store.path)-wal") == 0o600)
            #expect(try permissions(of: "\(store.path)-shm") == 0o600)
        }
    }

    /// An existing directory open to others is tightened to 0700, and a journey.sqlite readable by others to 0600.
    @Test func widePermissionsAreTightened() throws {
        try withJourneyDirectory { root in
            let directory = "\(root)/nocontact"
            #expect(mkdir(directory, 0o755) == 0)
            #expect(chmod(directory, 0o755) == 0)
            let path = "\(directory)/journey.sqlite"
            #expect(FileManager.default.createFile(atPath: path, contents: nil))
            #expect(chmod(path, 0o644) == 0)
            let store = try JourneyStore(directory: directory)
            _ = try store.add(Self.reflection(1))
            #expect(try permissions(of: directory) == 0o700)
            #expect(try permissions(of: path) == 0o600)
        }
    }

    /// A directory that belongs to another user is refused.
    @Test(.enabled(if: getuid() == 0, "only root can give a directory away"))
    func foreignDirectoryIsRefused() throws {
        try withJourneyDirectory { root in
            let directory = "\(root)/nocontact"
            #expect(mkdir(directory, 0o700) == 0)
            #expect(chown(directory, 4242, 4242) == 0)
            #expect {
                _ = try JourneyStore(directory: directory)
            } throws: { error in
                guard case .unsafeDirectory? = error as? StoreError else { return false }
                return true
            }
        }
    }

    // MARK: Round trips

    /// Every record kind comes back from history with every field equal, nil optionals and awkward text included.
    @Test func everyRecordKindRoundTrips() throws {
        try withJourneyDirectory { root in
            let store = try JourneyStore(directory: root)
            let awkward = "Line one\nline \"two\" it's\t'quoted'; DROP TABLE reflections; --\r\nnaïve café 🫶🏽 你好 \u{0301}e end\u{7}"
            // An instant with all the bits of Date's own representation (relative to 2001).
            let fine = Date(timeIntervalSinceReferenceDate: 816_692_801.123_456_789)
            let full = try store.add(
                Reflection(
                    recordedAt: fine, period: "Sam ❤️", day: 4, promptID: "space-3",
                    promptText: "What does \"space\" mean to you?\n", mood: 5, text: awkward))
            let bare = try store.add(Reflection(recordedAt: Self.at(2), period: "Sam", day: 0, text: "x"))
            let urge = try store.add(
                Urge(
                    recordedAt: Self.at(3), period: "Sam", day: 5, intensity: 4, trigger: "our song\non the radio",
                    resisted: false, unsentMessage: awkward))
            let bareUrge = try store.add(Urge(recordedAt: Self.at(4), period: "Sam", day: 5, intensity: 1))
            let slip = try store.add(
                Contact(
                    recordedAt: Self.at(5), period: "Sam", day: 6, kind: .slip, note: "texted \"hi\"", trigger: "3 a.m."))
            let logistics = try store.add(Contact(recordedAt: Self.at(6), period: "Sam", day: 6, kind: .logistics("children")))
            let extended = try store.add(PeriodExtension(recordedAt: Self.at(7), period: "Sam", days: 3650))
            let delivered = [
                DeliveryRecord(
                    kind: .prompt, period: "Sam", day: 7, promptID: "growth-1", due: Self.at(7.5), deliveredAt: Self.at(8), late: true),
                DeliveryRecord(
                    kind: .milestone, period: "Sam", day: 7, promptID: nil, due: Self.at(9), deliveredAt: Self.at(9), late: false),
                DeliveryRecord(
                    kind: .periodEnd, period: "Sam", day: 30, promptID: nil, due: Self.at(10), deliveredAt: Self.at(10.001), late: false),
            ]
            try store.record(deliveries: delivered, handledThrough: Self.at(10))

            #expect(abs(full.recordedAt.timeIntervalSince(fine)) < 1e-6)
            for saved in [full.id, bare.id, urge.id, bareUrge.id, slip.id, logistics.id, extended.id] {
                #expect(saved != nil)
            }
            let history = try store.history(since: nil, kinds: nil)
            let deliveries = history.compactMap { entry -> DeliveryRecord? in
                if case let .delivery(record) = entry { return record }
                return nil
            }
            #expect(deliveries.count == 3)
            #expect(deliveries.allSatisfy { $0.id != nil })
            let withoutIDs = zip(deliveries, delivered).map { stored, original in
                var copy = stored
                copy.id = nil
                var expected = original
                expected.due = original.due.storedInstant
                expected.deliveredAt = original.deliveredAt.storedInstant
                return copy == expected
            }
            #expect(withoutIDs == [true, true, true])
            #expect(
                history == [
                    .reflection(full), .reflection(bare), .urge(urge), .urge(bareUrge), .contact(slip), .contact(logistics),
                    .periodExtension(extended), .delivery(deliveries[0]), .delivery(deliveries[1]), .delivery(deliveries[2]),
                ])
            #expect(
                history.map(\.kind) == [
                    .reflection, .reflection, .urge, .urge, .slip, .contact, .extension, .prompt, .milestone, .milestone,
                ])

            // A second store on the same file reads the same.
            #expect(try JourneyStore(directory: root).history(since: nil, kinds: nil) == history)
        }
    }

    /// Pages of every size, read one after another from each page's last cursor, add up to
    /// the whole history in order: ties of instant within a table and of instant and id
    /// across tables included, and with since and kinds.
    @Test func historyPagesAddUpToTheWholeHistory() throws {
        try withJourneyDirectory { root in
            let store = try JourneyStore(directory: root)
            // Saved out of order; the same instants in several tables (ids repeat across tables).
            for seconds in [30.0, 10, 20, 20, 10, 40, 20] {
                _ = try store.add(Self.reflection(seconds))
                _ = try store.add(Urge(recordedAt: Self.at(seconds), period: "Sam", day: 1, intensity: 2))
            }
            _ = try store.add(Contact(recordedAt: Self.at(20), period: "Sam", day: 1, kind: .slip))
            _ = try store.add(Contact(recordedAt: Self.at(20), period: "Sam", day: 1, kind: .logistics("school")))
            _ = try store.add(PeriodExtension(recordedAt: Self.at(10), period: "Sam", days: 2))
            try store.record(deliveries: [Self.prompt("space-1", 20), Self.prompt("space-2", 10)], handledThrough: Self.at(20))

            for (since, kinds) in [(nil, nil), (Self.at(20), nil), (nil, Set([HistoryKind.urge, .slip, .prompt]))]
                as [(Date?, Set<HistoryKind>?)]
            {
                let whole = try store.history(since: since, kinds: kinds)
                #expect(whole.count > 5)
                for size in 1...(whole.count + 1) {
                    var pages: [HistoryEntry] = []
                    var cursor: HistoryCursor?
                    while true {
                        let page = try store.historyPage(since: since, kinds: kinds, after: cursor, limit: size)
                        #expect(page.count <= size)
                        pages += page.map(\.entry)
                        guard page.count == size, let last = page.last else { break }
                        cursor = last.cursor
                    }
                    #expect(pages == whole, "pages of \(size)")
                }
            }
        }
    }

    /// Pages start from the instant as stored, not as a Date gives it back: this one (before
    /// 1970, with a fraction, written by another program: sqlite3, an import) comes back from
    /// Date one bit smaller, and a cursor made from the Date repeated the entry ending each page.
    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/sqlite3"), "needs sqlite3"))
    func historyPagesStartFromTheStoredInstant() throws {
        try withJourneyDirectory { root in
            let store = try JourneyStore(directory: root)
            let stored = -1_000_000_000.123456789
            #expect(Date(timeIntervalSince1970: stored).timeIntervalSince1970 != stored)
            let insert = try run(
                "/usr/bin/sqlite3",
                [
                    store.path,
                    """
                    INSERT INTO reflections (recorded_at, period, day, text)
                    VALUES (\(stored), 'Sam', 1, 'one'), (\(stored), 'Sam', 1, 'two'), (\(stored), 'Sam', 1, 'three');
                    """,
                ])
            try #require(insert.status == 0, "\(insert.stderr)")
            var texts: [String] = []
            var cursor: HistoryCursor?
            while true {
                let page = try store.historyPage(since: nil, kinds: nil, after: cursor, limit: 1)
                for case let .reflection(reflection) in page.map(\.entry) { texts.append(reflection.text) }
                guard let last = page.last, texts.count < 10 else { break }
                cursor = last.cursor
            }
            #expect(texts == ["one", "two", "three"])
        }
    }

    /// History is oldest first whatever the order of saving, ties broken by id, and filters by since (inclusive) and kinds.
    @Test func historyOrderAndFilters() throws {
        try withJourneyDirectory { root in
            let store = try JourneyStore(directory: root)
            let late = try store.add(Self.reflection(100, "late"))
            let early = try store.add(Self.reflection(10, "early"))
            let tieFirst = try store.add(Self.reflection(50, "tie 1"))
            let tieSecond = try store.add(Self.reflection(50, "tie 2"))
            let urge = try store.add(Urge(recordedAt: Self.at(60), period: "Sam", day: 1, intensity: 3))
            let slip = try store.add(Contact(recordedAt: Self.at(70), period: "Sam", day: 1, kind: .slip))
            let logistics = try store.add(Contact(recordedAt: Self.at(80), period: "Sam", day: 1, kind: .logistics("bills")))
            let extended = try store.add(PeriodExtension(recordedAt: Self.at(90), period: "Sam", days: 7))
            try store.record(
                deliveries: [
                    Self.prompt("space-1", 20),
                    DeliveryRecord(
                        kind: .milestone, period: "Sam", day: 3, promptID: nil, due: Self.at(95), deliveredAt: Self.at(95), late: false),
                ],
                handledThrough: Self.at(95))

            let all = try store.history(since: nil, kinds: nil)
            #expect(all.map(\.recordedAt) == all.map(\.recordedAt).sorted())
            #expect(all.count == 10)
            #expect(all.first == .reflection(early))
            #expect(all.last == .reflection(late))
            let ties = all.filter { $0.recordedAt == Self.at(50) }
            #expect(ties == [.reflection(tieFirst), .reflection(tieSecond)])

            let since = try store.history(since: Self.at(70), kinds: nil)
            #expect(since.map(\.kind) == [.slip, .contact, .extension, .milestone, .reflection])
            #expect(since.first == .contact(slip))

            #expect(try store.history(since: nil, kinds: [.slip]) == [.contact(slip)])
            #expect(try store.history(since: nil, kinds: [.contact]) == [.contact(logistics)])
            #expect(try store.history(since: nil, kinds: [.urge, .extension]) == [.urge(urge), .periodExtension(extended)])
            #expect(try store.history(since: nil, kinds: [.prompt]).map(\.kind) == [.prompt])
            #expect(try store.history(since: nil, kinds: [.milestone]).map(\.kind) == [.milestone])
            #expect(try store.history(since: Self.at(55), kinds: [.reflection]) == [.reflection(late)])
            #expect(try store.history(since: nil, kinds: []).isEmpty)
        }
    }

    // MARK: State

    /// loadState derives the delivery count, the recent prompts (bounded, oldest first), slips and extensions per period, and the cursor.
    @Test func loadStateDerivesTheSchedulerState() throws {
        try withJourneyDirectory { root in
            let store = try JourneyStore(directory: root)
            #expect(try store.loadState(now: Self.base).handledThrough == nil)

            let limit = JourneyState.recentPromptLimit
            let prompts = (0..<(limit + 5)).map { Self.prompt("p\($0)", Double(100 + $0)) }
            let milestone = DeliveryRecord(
                kind: .milestone, period: "Sam", day: 3, promptID: nil, due: Self.at(150), deliveredAt: Self.at(150), late: false)
            try store.record(deliveries: Array(prompts[..<10]) + [milestone], handledThrough: Self.at(150))
            try store.record(deliveries: Array(prompts[10...]), handledThrough: Self.at(500))

            _ = try store.add(Contact(recordedAt: Self.at(40), period: "Sam", day: 9, kind: .slip))
            _ = try store.add(Contact(recordedAt: Self.at(20), period: "Sam", day: 5, kind: .slip))
            _ = try store.add(Contact(recordedAt: Self.at(30), period: "Sam", day: 7, kind: .logistics("children")))
            _ = try store.add(Contact(recordedAt: Self.at(35), period: "Alex", day: 2, kind: .slip))
            _ = try store.add(PeriodExtension(recordedAt: Self.at(50), period: "Sam", days: 7))
            _ = try store.add(PeriodExtension(recordedAt: Self.at(60), period: "Sam", days: 14))
            _ = try store.add(PeriodExtension(recordedAt: Self.at(70), period: "Robin", days: 30))

            let state = try store.loadState(now: Self.at(1_000))
            #expect(state.firstRun == Self.base)
            #expect(state.handledThrough == Self.at(500))
            #expect(state.deliveryCount == limit + 5)
            #expect(state.recentPromptIDs == (5..<(limit + 5)).map { "p\($0)" })
            #expect(
                state.periodHistories == [
                    "Sam": PeriodHistory(slips: [Self.at(20), Self.at(40)], extensionDays: 21),
                    "Alex": PeriodHistory(slips: [Self.at(35)], extensionDays: 0),
                    "Robin": PeriodHistory(slips: [], extensionDays: 30),
                ])
            // The same as the scheduler's own bookkeeping would give.
            var replayed = JourneyState(firstRun: Self.base)
            for prompt in prompts { replayed = replayed.recordingDelivery(of: prompt.promptID) }
            #expect(state.recentPromptIDs == replayed.recentPromptIDs)
            #expect(state.deliveryCount == replayed.deliveryCount)
        }
    }

    /// The first run is the first `now` ever given, across calls, instances and reopenings.
    @Test func firstRunStaysTheFirstValue() throws {
        try withJourneyDirectory { root in
            let first = try JourneyStore(directory: root)
            #expect(try first.loadState(now: Self.at(5)).firstRun == Self.at(5))
            #expect(try first.loadState(now: Self.at(10)).firstRun == Self.at(5))
            let reopened = try JourneyStore(directory: root)
            #expect(try reopened.loadState(now: Self.at(-100)).firstRun == Self.at(5))
        }
    }

    // MARK: Concurrency

    /// Two instances on one directory write 500 reflections each from two threads at once: all 1000 are there, the database is sound, and both agree on the first run.
    @Test func twoInstancesWriteConcurrently() throws {
        try withJourneyDirectory { root in
            let stores = [try JourneyStore(directory: root), try JourneyStore(directory: root)]
            let failures = Failures()
            let runs = Failures()
            DispatchQueue.concurrentPerform(iterations: 2) { worker in
                do {
                    let state = try stores[worker].loadState(now: Self.at(Double(worker)))
                    runs.append("\(state.firstRun.timeIntervalSince1970)")
                    for index in 0..<500 {
                        _ = try stores[worker].add(Self.reflection(Double(index), "worker \(worker) #\(index)", period: "w\(worker)"))
                    }
                } catch {
                    failures.append("\(error)")
                }
            }
            #expect(failures.all == [])
            #expect(Set(runs.all).count == 1)
            let history = try stores[0].history(since: nil, kinds: [.reflection])
            #expect(history.count == 1000)
            let texts = Set(
                history.compactMap { entry -> String? in
                    if case let .reflection(reflection) = entry { return reflection.text }
                    return nil
                })
            #expect(texts.count == 1000)
            #expect(try stores[1].integrityCheck() == "ok")
        }
    }

    /// A separate sqlite3 process writing 500 reflections while this one saves 500: reads go on while it holds the write lock, our writes wait for it, all 1000 are there, the database is sound, its files stay 0600.
    @Test(
        .enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/sqlite3"), "needs /usr/bin/sqlite3 (apt-get install sqlite3)"))
    func anotherProcessWritesConcurrently() throws {
        try withJourneyDirectory { root in
            let store = try JourneyStore(directory: "\(root)/nocontact")
            _ = try store.add(Self.reflection(0, "before"))
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/sqlite3")
            process.arguments = ["-batch", store.path]
            let input = Pipe()
            let output = Pipe()
            let errors = Pipe()
            process.standardInput = input
            process.standardOutput = output
            process.standardError = errors
            try process.run()
            func send(_ text: String) { input.fileHandleForWriting.write(Data(text.utf8)) }
            func insert(_ index: Int) -> String {
                "INSERT INTO reflections (recorded_at, period, day, text) VALUES (\(1_795_000_000 + index).5, 'cli', 1, 'from sqlite3 #\(index)');\n"
            }

            // sqlite3 takes the write lock and says so.
            send(".bail on\n.timeout 5000\nPRAGMA synchronous = FULL;\nBEGIN IMMEDIATE;\n" + insert(0) + "SELECT 'locked';\n")
            var said = Data()
            while !String(decoding: said, as: UTF8.self).contains("locked\n") {
                let chunk = output.fileHandleForReading.availableData
                try #require(
                    !chunk.isEmpty, "sqlite3 ended: \(String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self))")
                said.append(chunk)
            }
            // Readers are not blocked by the other process's write, and do not see it yet.
            #expect(try store.history(since: nil, kinds: nil).count == 1)

            // Our writer starts while the lock is held; sqlite3 then commits and goes on writing.
            let failures = Failures()
            let done = DispatchGroup()
            done.enter()
            Thread.detachNewThread {
                for index in 1..<500 {
                    do {
                        _ = try store.add(Self.reflection(Double(index), "from the store #\(index)", period: "store"))
                    } catch {
                        failures.append("\(error)")
                    }
                }
                done.leave()
            }
            var rest = "COMMIT;\n"
            for index in 1..<500 { rest += "BEGIN IMMEDIATE;\n" + insert(index) + "COMMIT;\n" }
            send(rest)
            try input.fileHandleForWriting.close()
            process.waitUntilExit()
            done.wait()

            let stderr = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            #expect(process.terminationStatus == 0, "sqlite3: \(stderr)")
            #expect(failures.all == [])
            let history = try store.history(since: nil, kinds: nil)
            #expect(history.count == 1000)
            #expect(history.filter { if case let .reflection(r) = $0 { r.period == "cli" } else { false } }.count == 500)
            #expect(try store.integrityCheck() == "ok")
            #expect(try permissions(of: store.path) == 0o600)
            #expect(try permissions(of: "\(store.path)-wal") == 0o600)
            #expect(try permissions(of: "\(store.path)-shm") == 0o600)
        }
    }

    // MARK: Validation

    /// A record past one of the store's limits.
    enum Refused: Sendable, CustomTestStringConvertible {
        case reflection(Reflection)
        case urge(Urge)
        case contact(Contact)
        case periodExtension(PeriodExtension)
        case delivery(DeliveryRecord)

        var testDescription: String {
            switch self {
            case .reflection: "a reflection"
            case .urge: "an urge"
            case .contact: "a contact"
            case .periodExtension: "an extension"
            case .delivery: "a delivery"
            }
        }

        func save(in store: JourneyStore) throws {
            switch self {
            case let .reflection(reflection): _ = try store.add(reflection)
            case let .urge(urge): _ = try store.add(urge)
            case let .contact(contact): _ = try store.add(contact)
            case let .periodExtension(periodExtension): _ = try store.add(periodExtension)
            case let .delivery(delivery): try store.record(deliveries: [delivery], handledThrough: JourneyStoreTests.at(1))
            }
        }
    }

    static func long(_ count: Int) -> String { String(repeating: "é", count: count) }

    /// Each record just past a limit, with the word its error must contain.
    static let pastTheLimits: [(field: String, record: Refused)] = {
        let reflection = Self.reflection(1)
        let urge = Urge(recordedAt: Self.at(1), period: "Sam", day: 1, intensity: 3)
        let contact = Contact(recordedAt: Self.at(1), period: "Sam", day: 1, kind: .slip)
        let periodExtension = PeriodExtension(recordedAt: Self.at(1), period: "Sam", days: 1)
        func changed<T>(_ value: T, _ change: (inout T) -> Void) -> T {
            var value = value
            change(&value)
            return value
        }
        return [
            ("text", .reflection(changed(reflection) { $0.text = long(100_001) })),
            ("text", .reflection(changed(reflection) { $0.text = " \n\t" })),
            ("mood", .reflection(changed(reflection) { $0.mood = 0 })),
            ("mood", .reflection(changed(reflection) { $0.mood = 6 })),
            ("period", .reflection(changed(reflection) { $0.period = "" })),
            ("NUL", .reflection(changed(reflection) { $0.text = "before\u{0}after" })),
            ("time", .reflection(changed(reflection) { $0.recordedAt = Date(timeIntervalSince1970: .nan) })),
            ("intensity", .urge(changed(urge) { $0.intensity = 0 })),
            ("intensity", .urge(changed(urge) { $0.intensity = 6 })),
            ("trigger", .urge(changed(urge) { $0.trigger = long(1_001) })),
            ("unsent message", .urge(changed(urge) { $0.unsentMessage = long(100_001) })),
            ("note", .contact(changed(contact) { $0.note = long(1_001) })),
            ("trigger", .contact(changed(contact) { $0.trigger = long(1_001) })),
            ("kind", .contact(changed(contact) { $0.kind = .logistics("") })),
            ("NUL", .contact(changed(contact) { $0.note = "\u{0}" })),
            ("days", .periodExtension(changed(periodExtension) { $0.days = 0 })),
            ("days", .periodExtension(changed(periodExtension) { $0.days = 3651 })),
            ("prompt id", .delivery(changed(Self.prompt("x", 1)) { $0.promptID = long(1_001) })),
        ]
    }()

    /// A record past a limit is refused with an error that names the field (and never quotes
    /// what was written), and nothing of it is written.
    @Test(arguments: pastTheLimits)
    func refusesPastALimit(field: String, record: Refused) throws {
        try withJourneyDirectory { root in
            let store = try JourneyStore(directory: root)
            do {
                try record.save(in: store)
                Issue.record("accepted a record with a bad \(field)")
            } catch let error as StoreError {
                #expect(error.description.contains(field), "\(error.description)")
                #expect(!error.description.contains("ééé"))
            } catch {
                Issue.record("not a StoreError: \(error)")
            }
            #expect(try store.history(since: nil, kinds: nil).isEmpty)
            #expect(try store.loadState(now: Self.base).handledThrough == nil)
        }
    }

    /// What is at each limit is accepted (characters, not bytes, are counted).
    @Test func acceptsAtTheLimits() throws {
        try withJourneyDirectory { root in
            let store = try JourneyStore(directory: root)
            var atLimit = Self.reflection(1)
            atLimit.text = Self.long(100_000)
            atLimit.mood = 1
            #expect(try store.add(atLimit).text.count == 100_000)
            _ = try store.add(
                Urge(
                    recordedAt: Self.at(2), period: "Sam", day: 1, intensity: 5, trigger: Self.long(1_000),
                    unsentMessage: Self.long(100_000)))
            _ = try store.add(
                Contact(recordedAt: Self.at(3), period: "Sam", day: 1, kind: .slip, note: Self.long(1_000), trigger: Self.long(1_000)))
            _ = try store.add(PeriodExtension(recordedAt: Self.at(4), period: "Sam", days: 3650))
            _ = try store.add(PeriodExtension(recordedAt: Self.at(5), period: "Sam", days: 1))
            #expect(try store.history(since: nil, kinds: nil).count == 5)
        }
    }
}
