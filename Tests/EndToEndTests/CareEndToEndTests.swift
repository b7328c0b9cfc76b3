import Foundation
import Glibc
import NoContactCore
import TestSupport
import Testing

/// The care commands through the real CLI, against the running daemon and offline: reasons,
/// support, acted-on and strong urges, the answer action, today's prompt, messages from them,
/// the letter and the readiness check, pause and resume, close; the guided urge pause on a real
/// pseudo-terminal; discreet mode in the journal; "this relationship hurt me" in the library.
@Suite("care end to end", .serialized, .enabled(if: Environment.isReady, "needs scripts/test (private journald)"))
struct CareEndToEndTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().path
    static let terminalSession = "\(repository)/Tests/EndToEndTests/Support/terminal-session.py"

    static func config(period: String, extra: String = "") -> String {
        JourneyEndToEndTests.config(period: period) + "\n" + extra
    }

    /// Every output a command printed, for the "'s period" check at the end.
    final class Transcript {
        var outputs: [String] = []
    }

    static func cli(
        _ sandbox: Sandbox, _ transcript: Transcript, _ arguments: [String], environment: [String: String] = [:]
    ) throws -> (status: Int32, stdout: String, stderr: String) {
        let result = try JourneyEndToEndTests.cli(sandbox, arguments, environment: environment)
        transcript.outputs.append(result.stdout + result.stderr)
        return result
    }

    static func object(_ text: String) throws -> [String: Any] {
        try JourneyEndToEndTests.json(text)
    }

    @Test(arguments: [true, false])
    func careCommands(throughDaemon: Bool) throws {
        let sandbox = try Sandbox()
        defer { sandbox.remove() }
        let period = DaemonEndToEndTests.uniqueName("care")
        try sandbox.writeConfig(
            Self.config(
                period: period,
                extra: """
                    [support]
                    people = [{ name = "Robin", how = "call 0170 555" }]
                    """))
        let notify = try NotifyReceiver(directory: sandbox.root)
        let daemon = throughDaemon ? try DaemonEndToEndTests.startDaemon(in: sandbox, notify: notify) : nil
        let transcript = Transcript()
        let secret = "private reason \(UUID().uuidString)"

        // Reasons: add, list, remove, all as JSON.
        #expect(try Self.cli(sandbox, transcript, ["reasons", "add", secret]).status == 0)
        #expect(try Self.cli(sandbox, transcript, ["reasons", "add", "I", "want", "calm", "evenings"]).status == 0)
        let listed = try Self.cli(sandbox, transcript, ["reasons", "--json"])
        let reasons = try #require(try JSONSerialization.jsonObject(with: Data(listed.stdout.utf8)) as? [[String: Any]])
        #expect(reasons.map { $0["text"] as? String } == [secret, "I want calm evenings"])
        #expect(reasons.map { $0["number"] as? Int } == [1, 2])
        let removed = try Self.cli(sandbox, transcript, ["reasons", "remove", "1", "--json"])
        #expect((try JSONSerialization.jsonObject(with: Data(removed.stdout.utf8)) as? [[String: Any]])?.count == 1)
        let missing = try Self.cli(sandbox, transcript, ["reasons", "remove", "7"])
        #expect(missing.status == 2 && missing.stderr.contains("no reason number 7"))

        // Support: the fixed text and the person's own people.
        let support = try Self.cli(sandbox, transcript, ["support"])
        #expect(support.status == 0)
        #expect(support.stdout.contains("emergency number") && support.stdout.contains("  Robin: call 0170 555"))
        #expect((try Self.object(try Self.cli(sandbox, transcript, ["support", "--json"]).stdout)["people"] as? [Any])?.count == 1)

        // An urge acted on: no praise, points to `nocontact slip`; a strong urge: support.
        let acted = try Self.object(try Self.cli(sandbox, transcript, ["urge", "--acted-on-it", "--json"]).stdout)
        let actedMessage = try #require(acted["message"] as? String)
        #expect(actedMessage.contains("`nocontact slip`") && actedMessage.contains("still count"))
        #expect(!actedMessage.contains("holding") && !actedMessage.contains("instead of following"))
        let strong = try Self.object(try Self.cli(sandbox, transcript, ["urge", "--intensity", "5", "--json"]).stdout)
        #expect((strong["message"] as? String)?.contains("nocontact support") == true)

        // Today's prompt stays the same after it is answered; the answer action names its prompt.
        func todaysPromptID() throws -> String? {
            (try Self.object(try Self.cli(sandbox, transcript, ["prompt", "--json"]).stdout)["prompt"] as? [String: Any])?["id"] as? String
        }
        let todayID = try #require(try todaysPromptID())
        let answered = try Self.object(try Self.cli(sandbox, transcript, ["reflect", "--text", "x", "--json"]).stdout)
        #expect(answered["prompt_id"] as? String == todayID)
        #expect(try todaysPromptID() == todayID)
        let fromNotification = try Self.cli(
            sandbox, transcript, ["reflect", "--text", "x", "--json"], environment: ["NOCONTACT_PROMPT_ID": "space-01"])
        #expect(fromNotification.status == 0)
        #expect(try Self.object(fromNotification.stdout)["prompt_id"] as? String == "space-01")
        let history = try Self.cli(sandbox, transcript, ["history", "--kind", "reflection", "--json"])
        #expect(history.stdout.contains("\"prompt_id\" : \"space-01\""))

        // They reached out: never a slip, the count goes on.
        let received = try Self.object(try Self.cli(sandbox, transcript, ["received", "--practical", "--json"]).stdout)
        #expect((received["message"] as? String)?.contains("not a slip") == true)
        #expect((received["progress"] as? [String: Any])?["day"] as? Int == 10)
        #expect(try Self.cli(sandbox, transcript, ["received", "--practical", "--personal"]).status == 2)

        // The letter comes back at the readiness check, with the reasons and the questions.
        #expect(try Self.cli(sandbox, transcript, ["letter", "--text", "Dear me, breathe."]).status == 0)
        let check = try Self.object(try Self.cli(sandbox, transcript, ["ready", "--json"]).stdout)
        #expect(check["letter"] as? String == "Dear me, breathe.")
        #expect(check["reasons"] as? [String] == ["I want calm evenings"])
        #expect((check["questions"] as? [Any])?.count == 6)
        let text = try Self.cli(sandbox, transcript, ["ready", "--text"])
        #expect(text.status == 0 && text.stdout.contains("nocontact extend DAYS") && text.stdout.contains("nocontact close"))

        // Pause: status and next say until when; nothing falls due inside; resume ends it.
        let paused = try Self.object(try Self.cli(sandbox, transcript, ["pause", "2d", "--json"]).stdout)
        #expect(paused["paused"] as? Bool == true)
        let pausedUntil = try #require(paused["until_usec"] as? Int64 ?? (paused["until_usec"] as? Int).map(Int64.init))
        let status = try Self.object(try Self.cli(sandbox, transcript, ["status", "--json"]).stdout)
        #expect(status["paused_until"] as? String == paused["until"] as? String)
        let next = try Self.cli(sandbox, transcript, ["next", "--json"])
        let events = try #require(try JSONSerialization.jsonObject(with: Data(next.stdout.utf8)) as? [[String: Any]])
        #expect(!events.isEmpty && events.allSatisfy { (($0["due_usec"] as? Int).map(Int64.init) ?? 0) >= pausedUntil })
        #expect(try Self.cli(sandbox, transcript, ["next"]).stdout.contains("Paused until"))
        let resumed = try Self.object(try Self.cli(sandbox, transcript, ["resume", "--json"]).stdout)
        #expect(resumed["paused"] as? Bool == false)
        #expect(try Self.object(try Self.cli(sandbox, transcript, ["status", "--json"]).stdout)["paused_until"] is NSNull)

        // Close: the period ends now as moving on; nothing more is scheduled.
        let closed = try Self.object(try Self.cli(sandbox, transcript, ["close", "--json"]).stdout)
        #expect((closed["message"] as? String)?.hasPrefix("Closed, as moving on") == true)
        #expect((closed["progress"] as? [String: Any])?["closed"] as? Bool == true)
        let afterClose = try Self.cli(sandbox, transcript, ["next", "--json"]).stdout
        #expect((try JSONSerialization.jsonObject(with: Data(afterClose.utf8)) as? [Any])?.isEmpty == true, "\(afterClose)")
        #expect(try Self.cli(sandbox, transcript, ["close"]).status == 2)

        for output in transcript.outputs {
            #expect(!output.contains("'s period"), "\(output)")
        }
        if let daemon {
            daemon.signal(SIGTERM)
            #expect(try daemon.waitForExit() == 0)
            // What the person wrote reaches no journal entry.
            let leaked = try run("/usr/bin/journalctl", ["-o", "json", "--no-pager", "--all", "_PID=\(daemon.pid)"])
            #expect(!leaked.stdout.contains(secret) && !leaked.stdout.contains("calm evenings") && !leaked.stdout.contains("breathe."))
        }
    }

    /// At a terminal `urge` pauses with the person's reasons, any key ends the pause, the
    /// re-rating is stored with the first rating, and an urge of 4 shows the support text.
    @Test func urgePausesAtATerminal() throws {
        let sandbox = try Sandbox()
        defer { sandbox.remove() }
        try sandbox.writeConfig(Self.config(period: DaemonEndToEndTests.uniqueName("pause")))
        let transcript = Transcript()
        #expect(try Self.cli(sandbox, transcript, ["reasons", "add", "I sleep better now"]).status == 0)
        let steps =
            #"[["expect","How strong is the urge"],["send","4\n"],["expect","I sleep better now"],["expect","Any key ends the pause"],["send","x"],["expect","How strong is it now"],["send","2\n"]]"#
        let session = try run(
            "/usr/bin/python3", [Self.terminalSession, steps, "--", Binaries.cli, "urge", "--pause", "10min"],
            environment: sandbox.environment, timeout: 60)
        #expect(session.status == 0, "\(session.stdout)")
        #expect(session.stdout.contains("10:00") || session.stdout.contains("9:59"))
        #expect(session.stdout.contains("It went from 4 to 2"))
        #expect(session.stdout.contains("emergency number"), "intensity 4 shows the support text")
        let history = try Self.cli(sandbox, transcript, ["history", "--kind", "urge", "--json"])
        #expect(history.stdout.contains("\"intensity\" : 4") && history.stdout.contains("\"intensity_after\" : 2"))

        // Ctrl-C skips a question and ends the pause early; the urge is still recorded.
        let interrupted =
            #"[["expect","How strong is the urge"],["send","\u0003"],["expect","Any key ends the pause"],["send","\u0003"],["expect","How strong is it now"],["send","\u0003"],["expect","days of space so far"]]"#
        let skipped = try run(
            "/usr/bin/python3", [Self.terminalSession, interrupted, "--", Binaries.cli, "urge", "--pause", "10min"],
            environment: sandbox.environment, timeout: 60)
        #expect(skipped.status == 0, "\(skipped.stdout)")
        let urges = try Self.cli(sandbox, transcript, ["history", "--kind", "urge", "--json"])
        #expect(urges.stdout.components(separatedBy: "\"type\" : \"urge\"").count == 3, "two urges recorded")

        // Off a terminal it records at once, without a pause.
        let piped = try Self.cli(sandbox, transcript, ["urge", "--intensity", "2", "--json"])
        #expect(piped.status == 0 && !piped.stdout.contains("Breathe slowly"))
    }

    /// `ready` at a terminal asks its questions one by one and keeps the answers.
    @Test func readyAsksOneQuestionAtATime() throws {
        let sandbox = try Sandbox()
        defer { sandbox.remove() }
        try sandbox.writeConfig(Self.config(period: DaemonEndToEndTests.uniqueName("ready")))
        let steps =
            #"[["expect","1/6"],["send","calm, mostly\n"],["expect","2/6"],["send","\n"],["expect","3/6"],["send","they said no\n"],["expect","4/6"],["send","\u0004"]]"#
        let session = try run(
            "/usr/bin/python3", [Self.terminalSession, steps, "--", Binaries.cli, "ready"], environment: sandbox.environment, timeout: 60)
        #expect(session.status == 0, "\(session.stdout)")
        #expect(session.stdout.contains("2 answers are saved"))
        let history = try run(Binaries.cli, ["history", "--kind", "reflection", "--json"], environment: sandbox.environment)
        #expect(history.stdout.contains("\"prompt_id\" : \"ready-01\"") && history.stdout.contains("\"prompt_id\" : \"ready-03\""))
        #expect(!history.stdout.contains("ready-02"))
    }

    /// Discreet mode: the period's name is in no journal field of a delivery, nor in any
    /// entry or status line of the daemon; the period shows as period-1.
    @Test func discreetModeKeepsTheNameOut() throws {
        let sandbox = try Sandbox()
        defer { sandbox.remove() }
        let period = DaemonEndToEndTests.uniqueName("Discreet")
        let due = Date(timeIntervalSince1970: (Date().timeIntervalSince1970 + 3).rounded(.down))
        let time = due.formatted(
            Date.VerbatimFormatStyle(
                format: "\(hour: .twoDigits(clock: .twentyFourHour, hourCycle: .zeroBased)):\(minute: .twoDigits):\(second: .twoDigits)",
                timeZone: .gmt, calendar: Calendar(identifier: .gregorian)))
        try sandbox.writeConfig(DaemonEndToEndTests.config(period: period, schedule: time) + "\n[delivery]\ndiscreet = true\n")
        let notify = try NotifyReceiver(directory: sandbox.root)
        let daemon = try DaemonEndToEndTests.startDaemon(in: sandbox, notify: notify)
        let entries = try waitForJournalEntries(["_PID=\(daemon.pid)", "NOCONTACT_KIND=prompt"])
        let entry = try #require(entries.first)
        #expect(entry["NOCONTACT_PERIOD"] as? String == "period-1")
        #expect(entry["NOCONTACT_TITLE"] as? String == "A question for today")
        daemon.signal(SIGTERM)
        #expect(try daemon.waitForExit() == 0)
        let all = try run("/usr/bin/journalctl", ["-o", "json", "--no-pager", "--all", "_PID=\(daemon.pid)"])
        #expect(all.stdout.contains("period-1"))
        #expect(!all.stdout.contains(period), "the name is in the journal")
        #expect(notify.messages.allSatisfy { !$0.contains(period) }, "the name is in STATUS=")
    }

    /// With hurt, the library has none of the prompts that ask for the other's view and at
    /// least 12 written for someone hurt; through the daemon and offline alike.
    @Test(arguments: [true, false])
    func hurtChangesTheLibrary(throughDaemon: Bool) throws {
        let sandbox = try Sandbox()
        defer { sandbox.remove() }
        try sandbox.writeConfig(Self.config(period: DaemonEndToEndTests.uniqueName("hurt"), extra: "[prompts]\nhurt = true\n"))
        let notify = try NotifyReceiver(directory: sandbox.root)
        let daemon = throughDaemon ? try DaemonEndToEndTests.startDaemon(in: sandbox, notify: notify) : nil
        let result = try run(Binaries.cli, ["prompts", "--json"], environment: sandbox.environment)
        let prompts = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]])
        let ids = Set(prompts.compactMap { $0["id"] as? String })
        for id in ["listening-04", "listening-05", "understanding-09", "apology-06"] { #expect(!ids.contains(id)) }
        #expect(prompts.filter { ($0["tags"] as? [String])?.contains("hurt") == true }.count >= 12)
        #expect(result.stderr.contains("not running") == !throughDaemon)
        if let daemon {
            daemon.signal(SIGTERM)
            #expect(try daemon.waitForExit() == 0)
        }
    }
}
