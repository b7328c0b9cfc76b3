import NoContactCore
import SQLite

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Record values to and from the rows of `journey.sqlite` (see ``JourneySchema``).
enum JourneyRows {
    // MARK: Inserting

    static func insert(_ reflection: Reflection, _ db: Session) throws -> Int64 {
        try db.execute(
            """
            INSERT INTO reflections (recorded_at, period, day, prompt_id, prompt_text, mood, text)
            VALUES (?, ?, ?, ?, ?, ?, ?)
            """,
            [
                reflection.recordedAt.timeIntervalSince1970, reflection.period, reflection.day,
                reflection.promptID, reflection.promptText, reflection.mood, reflection.text,
            ])
        return db.lastInsertedRowID
    }

    static func insert(_ urge: Urge, _ db: Session) throws -> Int64 {
        try db.execute(
            """
            INSERT INTO urges (recorded_at, period, day, intensity, "trigger", resisted, unsent_message, intensity_after)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            """,
            [
                urge.recordedAt.timeIntervalSince1970, urge.period, urge.day, urge.intensity,
                urge.trigger, urge.resisted, urge.unsentMessage, urge.intensityAfter,
            ])
        return db.lastInsertedRowID
    }

    static func insert(_ contact: Contact, _ db: Session) throws -> Int64 {
        try db.execute(
            """
            INSERT INTO contacts (recorded_at, period, day, kind, note, "trigger")
            VALUES (?, ?, ?, ?, ?, ?)
            """,
            [
                contact.recordedAt.timeIntervalSince1970, contact.period, contact.day, contact.kind.name,
                contact.note, contact.trigger,
            ])
        return db.lastInsertedRowID
    }

    static func insert(_ periodExtension: PeriodExtension, _ db: Session) throws -> Int64 {
        try db.execute(
            "INSERT INTO period_extensions (recorded_at, period, days) VALUES (?, ?, ?)",
            [periodExtension.recordedAt.timeIntervalSince1970, periodExtension.period, periodExtension.days])
        return db.lastInsertedRowID
    }

    static func insert(_ delivery: DeliveryRecord, _ db: Session) throws -> Int64 {
        try db.execute(
            """
            INSERT INTO deliveries (kind, period, day, prompt_id, due, delivered_at, late)
            VALUES (?, ?, ?, ?, ?, ?, ?)
            """,
            [
                delivery.kind.rawValue, delivery.period, delivery.day, delivery.promptID,
                delivery.due.timeIntervalSince1970, delivery.deliveredAt.timeIntervalSince1970, delivery.late,
            ])
        return db.lastInsertedRowID
    }

    // MARK: Reading

    /// The entries of `kinds` recorded at or after `since`, table by table (not yet merged).
    ///
    /// With `after`, only entries that sort after it (keyset pagination: each table is read
    /// from its (instant, id) index onwards, never from the start); with `limit`, at most that
    /// many from each table, so that their merge holds at least the first `limit` entries.
    /// Each entry comes with its cursor made of the values as stored: an instant turned into a
    /// `Date` and back can differ in its last bit (Date counts from 2001), and a cursor off by
    /// that would repeat or skip an entry at a page boundary.
    static func history(
        since: Date?, kinds: Set<HistoryKind>, after: HistoryCursor? = nil, limit: Int? = nil, path: String, _ db: Session
    ) throws -> [PagedHistoryEntry] {
        let bound = since?.timeIntervalSince1970 ?? -Double.infinity
        var entries: [PagedHistoryEntry] = []
        func add(_ cursor: HistoryCursor, _ entry: HistoryEntry) {
            entries.append(PagedHistoryEntry(entry: entry, cursor: cursor))
        }
        // SQLite reads LIMIT -1 as no limit.
        let rowLimit = limit ?? -1
        /// The arguments of the lower bound and `keysetClause` for the table of sort rank
        /// `table`: rows at or after `since` and strictly after the cursor. The lower bound
        /// starts the index range at the cursor, so a page costs its own rows, not those before
        /// it. Ids are integers, so "id >= i" (for tables sorting after the cursor's) is "id > i - 1".
        func keyset(_ table: Int) -> SQLiteArguments {
            guard let after else { return [bound, -Double.infinity, -Double.infinity, Int64.min] }
            let id = table > after.table ? after.id - 1 : after.id
            return [max(bound, after.instant), after.instant, after.instant, id]
        }
        if kinds.contains(.reflection) {
            let rows = try db.rows(
                """
                SELECT id, recorded_at, period, day, prompt_id, prompt_text, mood, text
                FROM reflections WHERE recorded_at >= ? AND \(keysetClause("recorded_at"))
                ORDER BY recorded_at, id LIMIT ?
                """,
                keyset(0) + [rowLimit])
            while let row = try rows.next() {
                add(
                    HistoryCursor(instant: try row.decode(Double.self, atIndex: 1), id: try row.decode(Int64.self, atIndex: 0), table: 0),
                    .reflection(
                        Reflection(
                            id: try row.decode(Int64.self, atIndex: 0),
                            recordedAt: Date(timeIntervalSince1970: try row.decode(Double.self, atIndex: 1)),
                            period: try row.decode(String.self, atIndex: 2),
                            day: try row.decode(Int.self, atIndex: 3),
                            promptID: try row.decode(String?.self, atIndex: 4),
                            promptText: try row.decode(String?.self, atIndex: 5),
                            mood: try row.decode(Int?.self, atIndex: 6),
                            text: try row.decode(String.self, atIndex: 7))))
            }
        }
        if kinds.contains(.urge) {
            let rows = try db.rows(
                """
                SELECT id, recorded_at, period, day, intensity, "trigger", resisted, unsent_message, intensity_after
                FROM urges WHERE recorded_at >= ? AND \(keysetClause("recorded_at"))
                ORDER BY recorded_at, id LIMIT ?
                """,
                keyset(1) + [rowLimit])
            while let row = try rows.next() {
                add(
                    HistoryCursor(instant: try row.decode(Double.self, atIndex: 1), id: try row.decode(Int64.self, atIndex: 0), table: 1),
                    .urge(
                        Urge(
                            id: try row.decode(Int64.self, atIndex: 0),
                            recordedAt: Date(timeIntervalSince1970: try row.decode(Double.self, atIndex: 1)),
                            period: try row.decode(String.self, atIndex: 2),
                            day: try row.decode(Int.self, atIndex: 3),
                            intensity: try row.decode(Int.self, atIndex: 4),
                            trigger: try row.decode(String?.self, atIndex: 5),
                            resisted: try row.decode(Bool.self, atIndex: 6),
                            unsentMessage: try row.decode(String?.self, atIndex: 7),
                            intensityAfter: try row.decode(Int?.self, atIndex: 8))))
            }
        }
        let slips = kinds.contains(.slip)
        let logistics = kinds.contains(.contact)
        if slips || logistics {
            let filter = slips && logistics ? "" : slips ? "AND kind = 'slip'" : "AND kind <> 'slip'"
            let rows = try db.rows(
                """
                SELECT id, recorded_at, period, day, kind, note, "trigger"
                FROM contacts WHERE recorded_at >= ? AND \(keysetClause("recorded_at")) \(filter)
                ORDER BY recorded_at, id LIMIT ?
                """,
                keyset(2) + [rowLimit])
            while let row = try rows.next() {
                add(
                    HistoryCursor(instant: try row.decode(Double.self, atIndex: 1), id: try row.decode(Int64.self, atIndex: 0), table: 2),
                    .contact(
                        Contact(
                            id: try row.decode(Int64.self, atIndex: 0),
                            recordedAt: Date(timeIntervalSince1970: try row.decode(Double.self, atIndex: 1)),
                            period: try row.decode(String.self, atIndex: 2),
                            day: try row.decode(Int.self, atIndex: 3),
                            kind: Contact.Kind(name: try row.decode(String.self, atIndex: 4)),
                            note: try row.decode(String?.self, atIndex: 5),
                            trigger: try row.decode(String?.self, atIndex: 6))))
            }
        }
        if kinds.contains(.extension) {
            let rows = try db.rows(
                """
                SELECT id, recorded_at, period, days
                FROM period_extensions WHERE recorded_at >= ? AND \(keysetClause("recorded_at"))
                ORDER BY recorded_at, id LIMIT ?
                """,
                keyset(3) + [rowLimit])
            while let row = try rows.next() {
                add(
                    HistoryCursor(instant: try row.decode(Double.self, atIndex: 1), id: try row.decode(Int64.self, atIndex: 0), table: 3),
                    .periodExtension(
                        PeriodExtension(
                            id: try row.decode(Int64.self, atIndex: 0),
                            recordedAt: Date(timeIntervalSince1970: try row.decode(Double.self, atIndex: 1)),
                            period: try row.decode(String.self, atIndex: 2),
                            days: try row.decode(Int.self, atIndex: 3))))
            }
        }
        let prompts = kinds.contains(.prompt)
        let milestones = kinds.contains(.milestone)
        if prompts || milestones {
            let filter = prompts && milestones ? "" : prompts ? "AND kind = 'prompt'" : "AND kind <> 'prompt'"
            let rows = try db.rows(
                """
                SELECT id, kind, period, day, prompt_id, due, delivered_at, late
                FROM deliveries WHERE delivered_at >= ? AND \(keysetClause("delivered_at")) \(filter)
                ORDER BY delivered_at, id LIMIT ?
                """,
                keyset(4) + [rowLimit])
            while let row = try rows.next() {
                let kindName = try row.decode(String.self, atIndex: 1)
                guard let kind = DeliveryKind(rawValue: kindName) else {
                    throw StoreError.unreadable(path: path, detail: "a delivery of unknown kind \"\(kindName)\"")
                }
                add(
                    HistoryCursor(instant: try row.decode(Double.self, atIndex: 6), id: try row.decode(Int64.self, atIndex: 0), table: 4),
                    .delivery(
                        DeliveryRecord(
                            id: try row.decode(Int64.self, atIndex: 0),
                            kind: kind,
                            period: try row.decode(String.self, atIndex: 2),
                            day: try row.decode(Int.self, atIndex: 3),
                            promptID: try row.decode(String?.self, atIndex: 4),
                            due: Date(timeIntervalSince1970: try row.decode(Double.self, atIndex: 5)),
                            deliveredAt: Date(timeIntervalSince1970: try row.decode(Double.self, atIndex: 6)),
                            late: try row.decode(Bool.self, atIndex: 7))))
            }
        }
        return entries
    }

    /// Rows after a cursor in (instant, id) order: the index on the instant (which carries the
    /// rowid, that is the id) serves both the condition and the order.
    private static func keysetClause(_ column: String) -> String {
        "(\(column) > ? OR (\(column) = ? AND id > ?))"
    }

    /// The scheduler's state, or nil before the first run was recorded.
    static func state(_ db: Session) throws -> JourneyState? {
        guard let firstRun = try meta(Double.self, MetaKey.firstRun, db) else { return nil }
        let handledThrough = try meta(Double.self, MetaKey.handledThrough, db)
        let importedCount = try meta(Int.self, MetaKey.importedDeliveryCount, db) ?? 0
        var recent: [String] = []
        if let json = try meta(String.self, MetaKey.importedRecentPromptIDs, db) {
            recent = (try? JSONDecoder().decode([String].self, from: Data(json.utf8))) ?? []
        }
        let limit = JourneyState.recentPromptLimit
        let delivered = try db.value(Int.self, "SELECT COUNT(*) FROM deliveries WHERE kind = 'prompt'") ?? 0
        let latest = try db.values(
            String.self,
            """
            SELECT prompt_id FROM deliveries WHERE kind = 'prompt' AND prompt_id IS NOT NULL
            ORDER BY id DESC LIMIT ?
            """,
            [limit])
        recent.append(contentsOf: latest.reversed())

        var histories: [String: PeriodHistory] = [:]
        let slips = try db.rows("SELECT period, recorded_at FROM contacts WHERE kind = 'slip' ORDER BY recorded_at, id")
        while let row = try slips.next() {
            let period = try row.decode(String.self, atIndex: 0)
            histories[period, default: .empty].slips.append(Date(timeIntervalSince1970: try row.decode(Double.self, atIndex: 1)))
        }
        let extensions = try db.rows("SELECT period, SUM(days) FROM period_extensions GROUP BY period")
        while let row = try extensions.next() {
            histories[try row.decode(String.self, atIndex: 0), default: .empty].extensionDays = try row.decode(Int.self, atIndex: 1)
        }
        let closures = try db.rows("SELECT period, MIN(recorded_at) FROM closures GROUP BY period")
        while let row = try closures.next() {
            histories[try row.decode(String.self, atIndex: 0), default: .empty].closedAt =
                Date(timeIntervalSince1970: try row.decode(Double.self, atIndex: 1))
        }
        let reflections = try db.rows("SELECT period, COUNT(*) FROM reflections GROUP BY period")
        while let row = try reflections.next() {
            histories[try row.decode(String.self, atIndex: 0), default: .empty].reflections = try row.decode(Int.self, atIndex: 1)
        }
        let urgesMet = try db.rows("SELECT period, COUNT(*) FROM urges WHERE resisted = 1 GROUP BY period")
        while let row = try urgesMet.next() {
            histories[try row.decode(String.self, atIndex: 0), default: .empty].urgesMet = try row.decode(Int.self, atIndex: 1)
        }

        var state = JourneyState(
            firstRun: Date(timeIntervalSince1970: firstRun),
            handledThrough: handledThrough.map { Date(timeIntervalSince1970: $0) },
            deliveryCount: importedCount + delivered,
            recentPromptIDs: Array(recent.suffix(limit)),
            periodHistories: histories)
        let answered = try db.rows(
            """
            SELECT prompt_id, MAX(recorded_at) FROM reflections WHERE prompt_id IS NOT NULL GROUP BY prompt_id
            """)
        while let row = try answered.next() {
            state.lastAnswered[try row.decode(String.self, atIndex: 0)] = Date(
                timeIntervalSince1970: try row.decode(Double.self, atIndex: 1))
        }
        let lastPrompt = try db.rows(
            """
            SELECT prompt_id, due FROM deliveries WHERE kind = 'prompt' AND prompt_id IS NOT NULL ORDER BY id DESC LIMIT 1
            """)
        if let row = try lastPrompt.next() {
            defer { lastPrompt.reset() }
            state.lastPromptDelivery = PromptDeliveryMark(
                promptID: try row.decode(String.self, atIndex: 0), due: Date(timeIntervalSince1970: try row.decode(Double.self, atIndex: 1))
            )
        }
        state.pauses = try pauses(db)
        return state
    }

    /// Every pause, oldest first, each ending at its "until" or when it was resumed.
    static func pauses(_ db: Session) throws -> [PauseWindow] {
        var windows: [PauseWindow] = []
        let rows = try db.rows(#"SELECT recorded_at, "until", ended_at FROM pauses ORDER BY recorded_at, id"#)
        while let row = try rows.next() {
            let start = try row.decode(Double.self, atIndex: 0)
            let until = try row.decode(Double.self, atIndex: 1)
            let end = min(until, try row.decode(Double?.self, atIndex: 2) ?? until)
            if end > start {
                windows.append(PauseWindow(start: Date(timeIntervalSince1970: start), end: Date(timeIntervalSince1970: end)))
            }
        }
        return windows
    }

    static func meta<Value: SQLiteColumnValue>(_ type: Value.Type, _ key: String, _ db: Session) throws -> Value? {
        try db.value(Value.self, "SELECT value FROM meta WHERE key = ?", [key])
    }
}
