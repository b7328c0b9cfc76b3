import Foundation
import Glibc
import TestSupport
import Testing

/// All journal entries matching `matches` now (no waiting).
private func journalEntries(_ matches: [String]) throws -> [[String: Any]] {
    let result = try run("/usr/bin/journalctl", ["-o", "json", "--no-pager", "--all"] + matches)
    return result.stdout.split(separator: "\n").compactMap { line in
        (try? JSONSerialization.jsonObject(with: Data(line.utf8))) as? [String: Any]
    }
}

@Suite("unwritable store end to end", .serialized, .enabled(if: Environment.isReady, "needs scripts/test (private journald)"))
struct UnwritableStoreEndToEndTests {
    /// While another process holds the store's write lock, prompts due every second are delivered once each (they were delivered again at every wake-up), the failure is logged once and shown in STATUS=, and once the lock goes they are recorded.
    @Test func deliveriesNeverRepeatWhenRecordingFails() throws {
        let sandbox = try Sandbox()
        defer { sandbox.remove() }
        let period = DaemonEndToEndTests.uniqueName("e2e-unwritable")
        try sandbox.writeConfig(DaemonEndToEndTests.config(period: period, schedule: "*:*:0/1") + "\n[delivery]\ndesktop = false\n")
        let notify = try NotifyReceiver(directory: sandbox.root)
        let daemon = try DaemonEndToEndTests.startDaemon(in: sandbox, notify: notify)
        _ = try waitForJournalEntries(["NOCONTACT_PERIOD=\(period)", "NOCONTACT_KIND=prompt"])

        // sqlite3 takes the write lock and keeps it until told to commit.
        let lock = try SQLiteWriteLock(path: "\(sandbox.root)/state/nocontact/journey.sqlite")

        // A few more wake-ups while the lock is held (each write waits out the busy timeout).
        let failedSince = Date()
        try waitUntil("two more prompts were delivered while the store was locked", timeout: 40) {
            let entries = (try? journalEntries(["NOCONTACT_PERIOD=\(period)", "NOCONTACT_KIND=prompt"])) ?? []
            return entries.filter { entry in
                guard let stamp = (entry["__REALTIME_TIMESTAMP"] as? String).flatMap(Double.init) else { return false }
                return stamp / 1_000_000 > failedSince.timeIntervalSince1970
            }.count >= 2
        }
        #expect(
            (try? notify.wait(for: "STATUS= saying deliveries are not recorded", timeout: 1) {
                $0.contains("deliveries not recorded (kept in memory)")
            }) != nil)
        try lock.release()

        #expect(throws: Never.self) {
            try waitUntil("the kept deliveries were recorded", timeout: 30) {
                let messages = ((try? journalEntries(["SYSLOG_IDENTIFIER=nocontactd", "_PID=\(daemon.pid)"])) ?? []).compactMap {
                    $0["MESSAGE"] as? String
                }
                return messages.contains { $0.hasPrefix("recorded ") && $0.contains("kept in memory") }
            }
        }
        daemon.signal(SIGTERM)
        #expect(try daemon.waitForExit() == 0)

        let prompts = try journalEntries(["NOCONTACT_PERIOD=\(period)", "NOCONTACT_KIND=prompt"])
        let dues = prompts.compactMap { $0["NOCONTACT_DUE_USEC"] as? String }
        #expect(dues.count >= 3)
        #expect(Set(dues).count == dues.count, "a due time was delivered twice: \(dues.sorted())")
        let messages = try journalEntries(["SYSLOG_IDENTIFIER=nocontactd", "_PID=\(daemon.pid)"]).compactMap { $0["MESSAGE"] as? String }
        #expect(messages.filter { $0.hasPrefix("could not record what was delivered") }.count == 1)
        // The store has each of them once too.
        let history = try run(Binaries.cli, ["history", "--kind", "prompt", "--json"], environment: sandbox.environment)
        let recorded = try #require(try JSONSerialization.jsonObject(with: Data(history.stdout.utf8)) as? [[String: Any]])
        #expect(recorded.count == dues.count, "\(recorded.count) recorded, \(dues.count) delivered")
    }
}
