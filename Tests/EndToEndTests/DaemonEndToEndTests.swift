import Foundation
import Glibc
import NoContactCore
import NoContactService
import TestSupport
import Testing

/// The built nocontactd and nocontact against a real journald, sd_notify receiver and socket.
/// scripts/test runs these inside a private mount namespace with its own systemd-journald.
@Suite("nocontactd end to end", .serialized, .enabled(if: Environment.isReady, "needs scripts/test (private journald)"))
struct DaemonEndToEndTests {
    /// A config whose single period has a name unique to this run, so journal queries never
    /// see entries of earlier runs.
    static func config(period: String, schedule: String = "09:00", days: Int = 30) -> String {
        let today = LocalDate(Date(), in: utcZone)
        return """
            timezone = "UTC"

            [[period]]
            name = "\(period)"
            start = \(today)
            days = \(days)

            [prompts]
            schedule = ["\(schedule)"]
            """
    }

    /// The zone of the sandbox configs (`timezone = "UTC"`).
    static let utcZone = Zone.utc

    static func uniqueName(_ prefix: String) -> String {
        "\(prefix)-\(UUID().uuidString.prefix(8))"
    }

    /// Starts the daemon on the sandbox's config with a notify receiver, waiting for READY=1.
    static func startDaemon(in sandbox: Sandbox, notify: NotifyReceiver, extraArguments: [String] = []) throws -> TestProcess {
        var environment = sandbox.environment
        environment["NOTIFY_SOCKET"] = notify.path
        let daemon = try TestProcess(
            Binaries.daemon, ["--config", sandbox.configPath] + extraArguments,
            environment: environment, directory: sandbox.root)
        try notify.wait(for: "READY=1") { $0.split(separator: "\n").contains("READY=1") }
        return daemon
    }

    static func days(_ sandbox: Sandbox, extraArguments: [String] = []) throws -> (periods: [PeriodProgress], stderr: String, status: Int32)
    {
        let result = try run(Binaries.cli, ["days", "--json"] + extraArguments, environment: sandbox.environment)
        let periods = result.status == 0 ? try JSONDecoder().decode([PeriodProgress].self, from: Data(result.stdout.utf8)) : []
        return (periods, result.stderr, result.status)
    }

    /// A prompt due 2 s after start reaches the journal on time with every field, the socket
    /// answers `days --json`, sd_notify sees READY/STATUS, and SIGTERM exits 0 removing the socket.
    @Test func promptReachesJournalOnTime() throws {
        let sandbox = try Sandbox()
        defer { sandbox.remove() }
        let period = Self.uniqueName("e2e-prompt")
        // Whole seconds keep the expression simple; 2-3 s ahead leaves time to start.
        let due = Date(timeIntervalSince1970: (Date().timeIntervalSince1970 + 3).rounded(.down))
        let time = due.formatted(
            Date.VerbatimFormatStyle(
                format: "\(hour: .twoDigits(clock: .twentyFourHour, hourCycle: .zeroBased)):\(minute: .twoDigits):\(second: .twoDigits)",
                timeZone: .gmt, calendar: Calendar(identifier: .gregorian)))
        try sandbox.writeConfig(Self.config(period: period, schedule: time))
        let notify = try NotifyReceiver(directory: sandbox.root)
        let daemon = try Self.startDaemon(in: sandbox, notify: notify)

        let ready = try notify.wait(for: "READY=1 with STATUS") { $0.contains("READY=1") }
        #expect(ready.message.contains("STATUS=\(period): day 1 of 30"))
        #expect(ready.message.contains("next milestone at"))

        let entries = try waitForJournalEntries(["SYSLOG_IDENTIFIER=nocontactd", "NOCONTACT_PERIOD=\(period)", "NOCONTACT_KIND=prompt"])
        let entry = try #require(entries.first)
        #expect(entries.count == 1)
        #expect(entry["MESSAGE_ID"] as? String == "6f1d2a4c8b3e4f5a9c0d1e2f3a4b5c6d")
        #expect(entry["PRIORITY"] as? String == "5")
        #expect(entry["NOCONTACT_DAY"] as? String == "1")
        #expect(entry["NOCONTACT_LATE"] as? String == "0")
        let promptID = try #require(entry["NOCONTACT_PROMPT_ID"] as? String)
        let library = PromptLibrary.builtin
        let prompt = library.prompt(id: promptID)
        #expect(prompt != nil, "the delivered prompt id \(promptID) is in the built-in library")
        #expect(entry["MESSAGE"] as? String == "Day 1 of 30 · a question for today: \(prompt?.text ?? "?")")
        // Day 1 is a milestone: it arrives with the day's first prompt, just before it.
        let milestones = try waitForJournalEntries(["NOCONTACT_PERIOD=\(period)", "NOCONTACT_KIND=milestone"])
        #expect(milestones.count == 1)
        #expect(milestones.first?["MESSAGE_ID"] as? String == "7a2e3b5d9c4f4a6b8d1e2f3a4b5c6d7e")
        #expect(milestones.first?["NOCONTACT_DUE_USEC"] as? String == entry["NOCONTACT_DUE_USEC"] as? String)
        let dueUsec = try #require(Int64(entry["NOCONTACT_DUE_USEC"] as? String ?? ""))
        #expect(dueUsec == Int64(due.timeIntervalSince1970) * 1_000_000)
        let loggedAt = try #require(Int64(entry["__REALTIME_TIMESTAMP"] as? String ?? ""))
        let latency = loggedAt - dueUsec
        print("due -> journal latency: \(Double(latency) / 1000) ms")
        #expect(latency >= 0)
        #expect(latency < 50_000)

        // After the delivery the status moves on to the next prompt.
        try notify.wait(for: "STATUS after the delivery", after: ready.index) { $0.hasPrefix("STATUS=") }

        let days = try Self.days(sandbox)
        #expect(days.status == 0)
        #expect(!days.stderr.contains("not running"))
        #expect(days.periods.map(\.period) == [period])
        #expect(days.periods.first?.day == 1)
        #expect(days.periods.first?.daysLeft == 30)

        daemon.signal(SIGTERM)
        #expect(try daemon.waitForExit() == 0)
        try notify.wait(for: "STOPPING=1") { $0.contains("STOPPING=1") }
        #expect(!FileManager.default.fileExists(atPath: sandbox.socketPath))
    }

    /// SIGHUP with a broken config keeps the running config (and says why); a valid one is taken.
    @Test func reloadKeepsOldConfigWhenNewOneIsBroken() throws {
        let sandbox = try Sandbox()
        defer { sandbox.remove() }
        let first = Self.uniqueName("e2e-reload")
        try sandbox.writeConfig(Self.config(period: first))
        let notify = try NotifyReceiver(directory: sandbox.root)
        let daemon = try Self.startDaemon(in: sandbox, notify: notify)
        let ready = try notify.wait(for: "READY=1") { $0.contains("READY=1") }

        try sandbox.writeConfig("bogus = 1\n" + Self.config(period: first))
        daemon.signal(SIGHUP)
        let reloading = try notify.wait(for: "RELOADING=1", after: ready.index) { $0.contains("RELOADING=1") }
        #expect(reloading.message.contains("MONOTONIC_USEC="))
        let readyAgain = try notify.wait(for: "READY=1 after reload", after: reloading.index) { $0.contains("READY=1") }
        let kept = try waitForJournalEntries(["SYSLOG_IDENTIFIER=nocontactd", "_PID=\(daemon.pid)", "PRIORITY=3"])
        let message = try #require(kept.last?["MESSAGE"] as? String)
        #expect(message.contains("the running config stays in use"))
        #expect(message.contains("\(sandbox.configPath):1:1: unknown key \"bogus\" in the top level"))
        #expect(try Self.days(sandbox).periods.map(\.period) == [first])

        let second = Self.uniqueName("e2e-reloaded")
        try sandbox.writeConfig(Self.config(period: second))
        daemon.signal(SIGHUP)
        try notify.wait(for: "READY=1 after the second reload", after: readyAgain.index) { $0.contains("READY=1") }
        #expect(try Self.days(sandbox).periods.map(\.period) == [second])

        daemon.signal(SIGTERM)
        #expect(try daemon.waitForExit() == 0)
    }

    /// The CLI's offline answer equals the daemon's for the same config and state.
    @Test func offlineAnswerEqualsDaemonAnswer() throws {
        let sandbox = try Sandbox()
        defer { sandbox.remove() }
        // The built-in default (no config file): its period starts at the first run, from state.
        let notify = try NotifyReceiver(directory: sandbox.root)
        var environment = sandbox.environment
        environment["NOTIFY_SOCKET"] = notify.path
        let daemon = try TestProcess(Binaries.daemon, [], environment: environment, directory: sandbox.root)
        try notify.wait(for: "READY=1") { $0.contains("READY=1") }
        let online = try Self.days(sandbox)
        #expect(online.status == 0)
        #expect(!online.stderr.contains("not running"))
        #expect(online.periods.map(\.period) == ["them"])
        let onlineStatus = try run(Binaries.cli, ["status", "--json"], environment: sandbox.environment)

        daemon.signal(SIGTERM)
        #expect(try daemon.waitForExit() == 0)

        let offline = try Self.days(sandbox)
        #expect(offline.status == 0)
        #expect(offline.stderr.contains("nocontactd is not running"))
        #expect(offline.periods == online.periods)
        let offlineStatus = try run(Binaries.cli, ["status", "--json"], environment: sandbox.environment)
        var onlineAnswer = try JSONDecoder().decode(ServiceStatus.self, from: Data(onlineStatus.stdout.utf8))
        let offlineAnswer = try JSONDecoder().decode(ServiceStatus.self, from: Data(offlineStatus.stdout.utf8))
        // Only the daemon knows its delivery channels; the rest is the same answer.
        #expect(onlineAnswer.channels.map(\.name) == ["journal", "desktop", "command"])
        #expect(offlineAnswer.channels.isEmpty)
        onlineAnswer.channels = []
        #expect(offlineAnswer == onlineAnswer)
    }

    /// `nocontact check` and `nocontactd --check` exit 2 and name file, line and column.
    @Test func checkReportsConfigErrors() throws {
        let sandbox = try Sandbox()
        defer { sandbox.remove() }
        try sandbox.writeConfig(
            """
            [[period]]
            name = "Sam"
            start = 2026-11-20
            dayz = 30
            """)
        let cli = try run(Binaries.cli, ["check", "--config", sandbox.configPath], environment: sandbox.environment)
        #expect(cli.status == 2)
        #expect(cli.stderr.contains("\(sandbox.configPath):4:1: unknown key \"dayz\" in [[period]]; did you mean \"days\"?"))
        let daemon = try run(Binaries.daemon, ["--check", "--config", sandbox.configPath], environment: sandbox.environment)
        #expect(daemon.status == 2)
        #expect(daemon.stderr == cli.stderr)

        try sandbox.writeConfig(Self.config(period: "Sam"))
        #expect(try run(Binaries.cli, ["check", "--config", sandbox.configPath], environment: sandbox.environment).status == 0)
        #expect(try run(Binaries.daemon, ["--check", "--config", sandbox.configPath], environment: sandbox.environment).status == 0)
    }

    /// With no journal at all the daemon says so once and delivers to standard error instead.
    @Test func fallsBackToStandardErrorWithoutJournal() throws {
        let sandbox = try Sandbox()
        defer { sandbox.remove() }
        let period = Self.uniqueName("e2e-nojournal")
        let due = Date(timeIntervalSince1970: (Date().timeIntervalSince1970 + 2).rounded(.down))
        let time = due.formatted(
            Date.VerbatimFormatStyle(
                format: "\(hour: .twoDigits(clock: .twentyFourHour, hourCycle: .zeroBased)):\(minute: .twoDigits):\(second: .twoDigits)",
                timeZone: .gmt, calendar: Calendar(identifier: .gregorian)))
        try sandbox.writeConfig(Self.config(period: period, schedule: time))
        let notify = try NotifyReceiver(directory: sandbox.root)
        var environment = sandbox.environment
        environment["NOTIFY_SOCKET"] = notify.path
        // A mount namespace of its own hides journald's socket from this daemon only.
        let daemon = try TestProcess(
            "/usr/bin/unshare",
            [
                "-m", "--propagation", "private", "sh", "-c", "mount -t tmpfs tmpfs /run/systemd && exec \"$0\" \"$@\"", Binaries.daemon,
                "--config", sandbox.configPath,
            ],
            environment: environment, directory: sandbox.root)
        let ready = try notify.wait(for: "READY=1") { $0.contains("READY=1") }
        try notify.wait(for: "STATUS after the delivery", after: ready.index) { $0.hasPrefix("STATUS=") }
        daemon.signal(SIGTERM)
        #expect(try daemon.waitForExit() == 0)
        let stderr = daemon.standardError
        #expect(stderr.components(separatedBy: "cannot log to the journal").count == 2)
        #expect(stderr.contains("Day 1 of 30 · a question for today: "))
        // Nothing of this daemon reached the journal.
        let leaked = try run("/usr/bin/journalctl", ["-o", "json", "--no-pager", "NOCONTACT_PERIOD=\(period)"])
        #expect(leaked.stdout.isEmpty)
    }
}
