import Foundation
import Glibc
import NoContactCore
import NoContactService
import TestSupport
import Testing

/// The commands that need the daemon (`reload`, `watch`), typed errors through the CLI, and
/// how human output looks at a terminal and in a pipe.
@Suite("control commands end to end", .serialized, .enabled(if: Environment.isReady, "needs scripts/test (private journald)"))
struct ControlCommandsEndToEndTests {
    static func cli(_ sandbox: Sandbox, _ arguments: [String], environment extra: [String: String] = [:]) throws -> (
        status: Int32, stdout: String, stderr: String
    ) {
        try run(Binaries.cli, arguments, environment: sandbox.environment.merging(extra) { $1 })
    }

    /// `nocontact reload` puts a valid config in force and reports it; a broken one comes back
    /// as the config error (file:line:column, exit 2) while the running config stays.
    @Test func reloadThroughTheSocket() throws {
        let sandbox = try Sandbox()
        defer { sandbox.remove() }
        let first = DaemonEndToEndTests.uniqueName("reload-a")
        try sandbox.writeConfig(DaemonEndToEndTests.config(period: first))
        let notify = try NotifyReceiver(directory: sandbox.root)
        let daemon = try DaemonEndToEndTests.startDaemon(in: sandbox, notify: notify)
        _ = daemon

        let second = DaemonEndToEndTests.uniqueName("reload-b")
        try sandbox.writeConfig(DaemonEndToEndTests.config(period: second))
        let reloaded = try Self.cli(sandbox, ["reload", "--json"])
        #expect(reloaded.status == 0, "stderr: \(reloaded.stderr)")
        let report = try JSONDecoder().decode(ReloadReport.self, from: Data(reloaded.stdout.utf8))
        #expect(report.config == sandbox.configPath)
        #expect(report.next?.period == second)
        let reloading = try notify.wait(for: "RELOADING=1") { $0.contains("RELOADING=1") }
        let readyAgain = try notify.wait(for: "READY=1 after the reload", after: reloading.index) { $0.contains("READY=1") }
        #expect(try DaemonEndToEndTests.days(sandbox).periods.map(\.period) == [second])

        try sandbox.writeConfig(DaemonEndToEndTests.config(period: second) + "\nlenght = 3\n")
        let broken = try Self.cli(sandbox, ["reload"])
        #expect(broken.status == 2)
        #expect(broken.stderr.contains("\(sandbox.configPath):"), "stderr: \(broken.stderr)")
        #expect(broken.stderr.contains("lenght"))
        #expect(broken.stderr.contains("keeps the config it was running with"))
        #expect(try DaemonEndToEndTests.days(sandbox).periods.map(\.period) == [second])
        // The same reload path as SIGHUP: RELOADING=1, then READY=1 with the refusal in STATUS=.
        let refusing = try notify.wait(for: "RELOADING=1 for the broken config", after: readyAgain.index) { $0.contains("RELOADING=1") }
        try notify.wait(for: "READY=1 with the refusal in STATUS=", after: refusing.index) {
            $0.contains("READY=1") && $0.contains("STATUS=config error, still running the previous config: \(sandbox.configPath):")
        }
    }

    /// `reload` and `watch` need the daemon: a clear message and exit 69 (EX_UNAVAILABLE).
    @Test(arguments: [["reload"], ["watch"], ["watch", "--json"]])
    func commandsThatNeedTheDaemonSaySo(arguments: [String]) throws {
        let sandbox = try Sandbox()
        defer { sandbox.remove() }
        try sandbox.writeConfig(DaemonEndToEndTests.config(period: "Sam"))
        let result = try Self.cli(sandbox, arguments)
        #expect(result.status == 69)
        #expect(result.stderr.contains("needs nocontactd"), "stderr: \(result.stderr)")
        #expect(result.stderr.contains("systemctl --user start nocontactd"))
        #expect(result.stdout.isEmpty)
    }

    /// `nocontact watch` prints each delivery as it happens; --json gives one object per line.
    @Test func watchFollowsDeliveries() throws {
        let sandbox = try Sandbox()
        defer { sandbox.remove() }
        let period = DaemonEndToEndTests.uniqueName("watch")
        // Every second, so deliveries come while the test watches.
        try sandbox.writeConfig(DaemonEndToEndTests.config(period: period, schedule: "*:*:0/1"))
        let notify = try NotifyReceiver(directory: sandbox.root)
        let daemon = try DaemonEndToEndTests.startDaemon(in: sandbox, notify: notify)
        _ = daemon

        let watched = try Self.cli(sandbox, ["watch", "-n", "2", "--json"], environment: [:])
        #expect(watched.status == 0, "stderr: \(watched.stderr)")
        let lines = watched.stdout.split(separator: "\n")
        #expect(lines.count == 2)
        let events = try lines.map { try JSONDecoder().decode(DeliveryEvent.self, from: Data($0.utf8)) }
        #expect(events.allSatisfy { $0.period == period && $0.kind == "prompt" && !$0.text.isEmpty })
        #expect(events.count == 2 && events[0].dueUsec < events[1].dueUsec)

        let human = try Self.cli(sandbox, ["watch", "-n", "1"])
        #expect(human.status == 0)
        #expect(human.stdout.contains("Day 1 of 30"), "stdout: \(human.stdout)")
        #expect(human.stderr.contains("Watching"))
    }

    /// A period the config does not have is a typed error, through the daemon and offline.
    @Test(arguments: [true, false])
    func unknownPeriodIsNamed(throughDaemon: Bool) throws {
        let sandbox = try Sandbox()
        defer { sandbox.remove() }
        try sandbox.writeConfig(DaemonEndToEndTests.config(period: "Sam"))
        let notify = try NotifyReceiver(directory: sandbox.root)
        let daemon = throughDaemon ? try DaemonEndToEndTests.startDaemon(in: sandbox, notify: notify) : nil
        _ = daemon
        let result = try Self.cli(sandbox, ["urge", "--period", "Alex"])
        #expect(result.status == 2)
        #expect(result.stderr.contains("there is no period named \"Alex\"; yours: Sam"), "stderr: \(result.stderr)")
    }

    /// Colour only at a terminal, never with NO_COLOR or in a pipe.
    @Test func colourOnlyAtATerminal() throws {
        let sandbox = try Sandbox()
        defer { sandbox.remove() }
        try sandbox.writeConfig(DaemonEndToEndTests.config(period: "Sam"))
        let escape = "\u{1B}["
        let piped = try Self.cli(sandbox, ["days"])
        #expect(piped.status == 0)
        #expect(piped.stdout.contains("Sam: day 1 of 30"))
        #expect(!piped.stdout.contains(escape))

        // script(1) gives the command a pseudo-terminal as standard output.
        let command = "\(Binaries.cli) days"
        var terminal = sandbox.environment
        terminal["TERM"] = "xterm"
        // The runner's own NO_COLOR (swift test may set one) must not decide this case.
        terminal.removeValue(forKey: "NO_COLOR")
        let atTerminal = try run("/usr/bin/script", ["-qec", command, "/dev/null"], environment: terminal)
        #expect(atTerminal.status == 0)
        #expect(atTerminal.stdout.contains("\(escape)1mSam\(escape)0m: day 1 of 30"), "stdout: \(atTerminal.stdout.debugDescription)")

        var plain = terminal
        plain["NO_COLOR"] = "1"
        let noColour = try run("/usr/bin/script", ["-qec", command, "/dev/null"], environment: plain)
        #expect(noColour.status == 0)
        #expect(noColour.stdout.contains("Sam: day 1 of 30"))
        #expect(!noColour.stdout.contains(escape))
    }

    /// `calendar --json` gives the same elapses as the text form, and errors as objects.
    @Test func calendarJSON() throws {
        let result = try run(
            Binaries.cli, ["calendar", "--json", "--iterations", "2", "--base-time", "2026-03-28 12:00:00 UTC", "Sat 10:00", "25:00"],
            environment: ["TZ": "UTC"])
        #expect(result.status == 1)
        let entries = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]])
        #expect(entries.count == 2)
        #expect(entries[0]["normalized"] as? String == "Sat *-*-* 10:00:00")
        let elapses = try #require(entries[0]["elapses"] as? [[String: Any]])
        #expect(elapses.map { $0["local"] as? String } == ["Sat 2026-04-04 10:00:00 UTC", "Sat 2026-04-11 10:00:00 UTC"])
        #expect(entries[1]["expression"] as? String == "25:00")
        #expect(entries[1]["error"] is String)
    }
}
