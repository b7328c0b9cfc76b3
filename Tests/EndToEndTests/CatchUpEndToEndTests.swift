import Foundation
import Glibc
import NoContactCore
import NoContactStore
import TestSupport
import Testing

/// Prompts that fell due while the daemon was stopped, with the daemon living ahead in time
/// through NOCONTACT_TIME_OFFSET (the system clock is never touched).
@Suite("catch-up after downtime", .serialized, .enabled(if: Environment.isReady, "needs scripts/test (private journald)"))
struct CatchUpEndToEndTests {
    static let interval: Int64 = 120

    /// Stopped across several due times and restarted: `latest` delivers exactly one late
    /// prompt, `none` none, `all` every one, each carrying its original due time.
    @Test(arguments: [CatchUpPolicy.none, .latest, .all])
    func deliversMissedPromptsByPolicy(policy: CatchUpPolicy) throws {
        let sandbox = try Sandbox()
        defer { sandbox.remove() }
        let period = DaemonEndToEndTests.uniqueName("e2e-catchup-\(policy.rawValue)")
        try sandbox.writeConfig(
            """
            timezone = "UTC"

            [[period]]
            name = "\(period)"
            start = \(LocalDate(Date(), in: DaemonEndToEndTests.utcZone))
            milestones = [29]

            [prompts]
            schedule = ["*:0/2:00"]
            catch_up = "\(policy.rawValue)"
            """)
        let notify = try NotifyReceiver(directory: sandbox.root)
        let first = try DaemonEndToEndTests.startDaemon(in: sandbox, notify: notify)
        first.signal(SIGTERM)
        #expect(try first.waitForExit() == 0)
        let stored = try JourneyStore(directory: "\(sandbox.root)/state/nocontact").loadState(now: Date())
        let handled = try #require(stored.handledThrough).timeIntervalSince1970

        // Live ahead: 90 s past a due time that is at least 4 due times after the last run, so
        // that no due time is within the on-time tolerance (60 s) and none is about to fall due.
        let last = Int64(handled)
        let target = ((last + 4 * Self.interval) / Self.interval + 1) * Self.interval + 90
        let missed = stride(from: (last / Self.interval + 1) * Self.interval, through: target, by: Int(Self.interval)).map { $0 }
        var environment = sandbox.environment
        environment["NOTIFY_SOCKET"] = notify.path
        environment["NOCONTACT_TIME_OFFSET"] = String(Double(target) - Date().timeIntervalSince1970)
        let second = try TestProcess(
            Binaries.daemon, ["--config", sandbox.configPath], environment: environment, directory: sandbox.root)
        try notify.wait(for: "READY=1 of the restarted daemon", after: notify.messages.count - 1) { $0.contains("READY=1") }
        second.signal(SIGTERM)
        #expect(try second.waitForExit() == 0)
        // The "stopping" entry comes after every delivery, so once it is readable all are.
        _ = try waitForJournalEntries(["SYSLOG_IDENTIFIER=nocontactd", "_PID=\(second.pid)", "MESSAGE=stopping"])

        let entries = try run("/usr/bin/journalctl", ["-o", "json", "--no-pager", "NOCONTACT_PERIOD=\(period)"]).stdout
            .split(separator: "\n").compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
        let dues = entries.compactMap { ($0["NOCONTACT_DUE_USEC"] as? String).flatMap(Int64.init) }
        let expected: [Int64]
        switch policy {
        case .none: expected = []
        case .latest: expected = [missed.last].compactMap { $0 }
        case .all: expected = missed
        }
        #expect(missed.count >= 4)
        #expect(dues == expected.map { $0 * 1_000_000 })
        #expect(entries.allSatisfy { $0["NOCONTACT_LATE"] as? String == "1" && $0["NOCONTACT_KIND"] as? String == "prompt" })
    }

    /// `nocontact next` lists upcoming events in order, the same from the daemon and offline.
    @Test func nextListsUpcomingEvents() throws {
        let sandbox = try Sandbox()
        defer { sandbox.remove() }
        try sandbox.writeConfig(DaemonEndToEndTests.config(period: "next-test", schedule: "*:0/5"))
        let notify = try NotifyReceiver(directory: sandbox.root)
        let daemon = try DaemonEndToEndTests.startDaemon(in: sandbox, notify: notify)
        let online = try run(Binaries.cli, ["next", "-n", "4", "--json"], environment: sandbox.environment)
        daemon.signal(SIGTERM)
        #expect(try daemon.waitForExit() == 0)
        let offline = try run(Binaries.cli, ["next", "-n", "4", "--json"], environment: sandbox.environment)
        #expect(online.status == 0)
        #expect(offline.stdout == online.stdout)
        let events = try #require(try JSONSerialization.jsonObject(with: Data(online.stdout.utf8)) as? [[String: Any]])
        let dues = events.compactMap { $0["due_usec"] as? Int64 }
        #expect(dues.count == 4)
        #expect(dues == dues.sorted())
        #expect(Set(dues).count == 4)
        #expect(try run(Binaries.cli, ["next", "-n", "0"], environment: sandbox.environment).status == 2)
    }
}
