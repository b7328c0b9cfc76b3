import Foundation
import Glibc
import NoContactCore
import NoContactExport
import NoContactService
import NoContactStore
import TestSupport
import Testing

/// Reflections, urges, slips, contacts and exports through the real CLI, against the running
/// daemon and offline, with the real store.
@Suite("journey end to end", .serialized, .enabled(if: Environment.isReady, "needs scripts/test (private journald)"))
struct JourneyEndToEndTests {
    static func config(period: String) -> String {
        """
        timezone = "UTC"

        [[period]]
        name = "\(period)"
        start = \(LocalDate(Date().addingTimeInterval(-9 * 86_400), in: DaemonEndToEndTests.utcZone))
        days = 30
        allow = ["children"]
        """
    }

    static func cli(
        _ sandbox: Sandbox, _ arguments: [String], environment extra: [String: String] = [:], standardInput: StandardInput = .nullDevice
    ) throws -> (status: Int32, stdout: String, stderr: String) {
        try run(Binaries.cli, arguments, environment: sandbox.environment.merging(extra) { $1 }, standardInput: standardInput)
    }

    static func json(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    /// Every recording command works the same against the daemon and offline; a slip restarts
    /// the count but keeps the days before; logistics contact never does; an unknown kind is
    /// refused with a hint; reflection text never reaches the journal.
    @Test(arguments: [true, false])
    func recordingFlows(throughDaemon: Bool) throws {
        let sandbox = try Sandbox()
        defer { sandbox.remove() }
        let period = DaemonEndToEndTests.uniqueName("journey")
        try sandbox.writeConfig(Self.config(period: period))
        let notify = try NotifyReceiver(directory: sandbox.root)
        let daemon = throughDaemon ? try DaemonEndToEndTests.startDaemon(in: sandbox, notify: notify) : nil
        let secret = "private words \(UUID().uuidString)"

        let reflect = try Self.cli(sandbox, ["reflect", "--text", secret, "--mood", "4", "--json"])
        #expect(reflect.status == 0)
        #expect(reflect.stderr.contains("not running") == !throughDaemon)
        let reflected = try Self.json(reflect.stdout)
        #expect((reflected["progress"] as? [String: Any])?["day"] as? Int == 10)

        let urge = try Self.cli(sandbox, ["urge", "--intensity", "4", "--trigger", "our song", "--json"])
        #expect(urge.status == 0)
        #expect((try Self.json(urge.stdout)["message"] as? String)?.hasPrefix("9 days of space so far") == true)

        let logistics = try Self.cli(sandbox, ["contact", "--kind", "children", "--note", "pickup at 5", "--json"])
        #expect(logistics.status == 0)
        #expect((try Self.json(logistics.stdout)["progress"] as? [String: Any])?["day"] as? Int == 10)

        let refused = try Self.cli(sandbox, ["contact", "--kind", "birthday"])
        #expect(refused.status == 2)
        #expect(refused.stderr.contains("allows children, not \"birthday\""))
        #expect(refused.stderr.contains("nocontact slip"))

        // Not a terminal: no confirmation is asked.
        let slip = try Self.cli(sandbox, ["slip", "--note", "sent a text", "--trigger", "late evening", "--json"])
        #expect(slip.status == 0)
        let slipped = try Self.json(slip.stdout)
        #expect((slipped["progress"] as? [String: Any])?["day"] as? Int == 1)
        #expect(slipped["total_days_of_space"] as? Int == 9)
        #expect((slipped["message"] as? String)?.contains("The 9 days of space before it still count") == true)

        let extend = try Self.cli(sandbox, ["extend", "15", "--json"])
        #expect(extend.status == 0)
        #expect((try Self.json(extend.stdout)["progress"] as? [String: Any])?["days_total"] as? Int == 45)

        let stats = try Self.cli(sandbox, ["stats", "--json"])
        let report = try #require((try JSONSerialization.jsonObject(with: Data(stats.stdout.utf8)) as? [[String: Any]])?.first)
        #expect(report["reflections"] as? Int == 1)
        #expect(report["urges_resisted"] as? Int == 1)
        #expect(report["logistics_contacts"] as? Int == 1)
        let periodStats = try #require(report["stats"] as? [String: Any])
        #expect(periodStats["runs"] as? Int == 2)
        #expect(periodStats["longest_run_days"] as? Int == 9)

        let history = try Self.cli(sandbox, ["history", "--kind", "reflection", "--kind", "slip", "--json"])
        let entries = try #require(try JSONSerialization.jsonObject(with: Data(history.stdout.utf8)) as? [[String: Any]])
        #expect(entries.map { $0["type"] as? String } == ["reflection", "contact"])
        #expect(entries.first?["text"] as? String == secret)

        if let daemon {
            daemon.signal(SIGTERM)
            #expect(try daemon.waitForExit() == 0)
            _ = try waitForJournalEntries(["_PID=\(daemon.pid)", "MESSAGE=stopping"])
        }
        let leaked = try run("/usr/bin/journalctl", ["-o", "export", "--no-pager"])
        #expect(!leaked.stdout.contains(secret))
        #expect(!leaked.stdout.contains("pickup at 5"))
    }

    /// The JSON export reads back to what the store holds, every field included (instants to
    /// the microsecond); the Markdown one reads as a document; both files are private (0600)
    /// and never overwrite anything.
    @Test func exportRoundTrips() throws {
        let sandbox = try Sandbox()
        defer { sandbox.remove() }
        try sandbox.writeConfig(Self.config(period: "Sam"))
        _ = try Self.cli(
            sandbox, ["reflect", "--text", "Line one\nLine two: \"quoted\" and --- dashes\n---\n# not a comment", "--mood", "2"])
        _ = try Self.cli(sandbox, ["reflect", "--prompt", "space-01", "--text", "ünïcödé ✓"])
        _ = try Self.cli(sandbox, ["urge", "--intensity", "5", "--acted-on-it"])
        _ = try Self.cli(sandbox, ["contact", "--kind", "children"])
        _ = try Self.cli(sandbox, ["slip"])
        _ = try Self.cli(sandbox, ["extend", "3"])
        let stored = try JourneyStore(directory: "\(sandbox.root)/state/nocontact").history(since: nil, kinds: nil)
        #expect(stored.count == 6)

        for format in ["json", "markdown"] {
            let path = "\(sandbox.root)/export.\(format)"
            let export = try Self.cli(sandbox, ["export", "--format", format, "--output", path])
            #expect(export.status == 0)
            var status = stat()
            #expect(stat(path, &status) == 0)
            #expect(status.st_mode & 0o777 == 0o600)
            let text = try String(contentsOfFile: path, encoding: .utf8)
            if format == "json" {
                // Version 2 keeps instants to the microsecond (RFC 3339); all else is exact.
                #expect(try JourneyExport.readJSON(text).map(Self.toMicroseconds) == stored.map(Self.toMicroseconds))
            } else {
                #expect(text.hasPrefix("# "))
                #expect(text.contains("Line one  \nLine two: \"quoted\" and --- dashes  \n\\---  \n\\# not a comment\n"))
                #expect(text.contains("ünïcödé ✓"))
                #expect(!text.contains("recorded_at"))
            }
            let again = try Self.cli(sandbox, ["export", "--format", format, "--output", path])
            #expect(again.status == 1)
            #expect(again.stderr.contains("nothing is overwritten"))
        }
    }

    /// `entry` with its instants rounded to the microsecond, as RFC 3339 in the export keeps them.
    static func toMicroseconds(_ entry: HistoryEntry) -> HistoryEntry {
        // Whole seconds apart from the fraction, as RFC3339.format rounds: the product of an
        // epoch and 10^6 is too coarse to round to the same microsecond.
        func round(_ date: Date) -> Date {
            let seconds = date.timeIntervalSince1970.rounded(.down)
            return Date(timeIntervalSince1970: seconds + ((date.timeIntervalSince1970 - seconds) * 1_000_000).rounded() / 1_000_000)
        }
        switch entry {
        case var .reflection(value):
            value.recordedAt = round(value.recordedAt)
            return .reflection(value)
        case var .urge(value):
            value.recordedAt = round(value.recordedAt)
            return .urge(value)
        case var .contact(value):
            value.recordedAt = round(value.recordedAt)
            return .contact(value)
        case var .periodExtension(value):
            value.recordedAt = round(value.recordedAt)
            return .periodExtension(value)
        case var .delivery(value):
            value.due = round(value.due)
            value.deliveredAt = round(value.deliveredAt)
            return .delivery(value)
        }
    }

    /// The editor flow: a private temporary file (0600) removed afterwards; an untouched answer
    /// is not saved; a written one is, without the # lines.
    @Test func editorFlow() throws {
        let sandbox = try Sandbox()
        defer { sandbox.remove() }
        try sandbox.writeConfig(Self.config(period: "Sam"))
        let seen = "\(sandbox.root)/seen"
        let writer = "\(sandbox.root)/writer.sh"
        try """
        #!/bin/sh
        stat -c %a "$1" > \(seen)
        echo "$1" >> \(seen)
        { echo "What I wrote"; cat "$1"; } > "$1.new" && cat "$1.new" > "$1" && rm "$1.new"
        """.write(toFile: writer, atomically: true, encoding: .utf8)
        let idle = "\(sandbox.root)/idle.sh"
        try "#!/bin/sh\nexit 0\n".write(toFile: idle, atomically: true, encoding: .utf8)
        chmod(writer, 0o755)
        chmod(idle, 0o755)

        // Standard input is a terminal, as when a person types the command: the editor is used.
        let untouched = try Self.cli(sandbox, ["reflect"], environment: ["EDITOR": idle], standardInput: .terminal)
        #expect(untouched.status == 1)
        #expect(untouched.stderr.contains("Nothing to save"))

        let written = try Self.cli(sandbox, ["reflect", "--json"], environment: ["EDITOR": writer], standardInput: .terminal)
        #expect(written.status == 0)
        let lines = try String(contentsOfFile: seen, encoding: .utf8).split(separator: "\n")
        #expect(lines.first == "600")
        let temporary = String(lines.last ?? "")
        #expect(temporary.hasPrefix("\(sandbox.root)/run/"))
        #expect(!FileManager.default.fileExists(atPath: temporary))
        let entries = try JourneyStore(directory: "\(sandbox.root)/state/nocontact").history(since: nil, kinds: [.reflection])
        guard case let .reflection(reflection)? = entries.first else {
            Issue.record("no reflection saved")
            return
        }
        #expect(entries.count == 1)
        #expect(reflection.text == "What I wrote")
    }

    /// Without a terminal on standard input no editor starts: piped text is the unsent message (vim took it as commands), /dev/null is nothing to save for reflect (it hung in the editor), and an empty unsent message is said to be not kept.
    @Test func noEditorWithoutTerminal() throws {
        let sandbox = try Sandbox()
        defer { sandbox.remove() }
        try sandbox.writeConfig(Self.config(period: "Sam"))
        let editorRan = "\(sandbox.root)/editor-ran"
        let editor = "\(sandbox.root)/editor.sh"
        try "#!/bin/sh\ntouch \(editorRan)\nexit 0\n".write(toFile: editor, atomically: true, encoding: .utf8)
        chmod(editor, 0o755)
        let environment = ["EDITOR": editor, "VISUAL": editor]

        let piped = try Self.cli(
            sandbox, ["urge", "--unsent"], environment: environment, standardInput: .text("I still think of you.\n:wq\n"))
        #expect(piped.status == 0, "\(piped.stderr)")
        let nothing = try Self.cli(sandbox, ["reflect"], environment: environment)
        #expect(nothing.status == 1)
        #expect(nothing.stderr.contains("Nothing to save"), "\(nothing.stderr)")
        let empty = try Self.cli(sandbox, ["urge", "--unsent"], environment: environment, standardInput: .text("\n  \n"))
        #expect(empty.status == 0)
        #expect(empty.stderr.contains("No unsent message was kept"), "\(empty.stderr)")
        #expect(!FileManager.default.fileExists(atPath: editorRan))

        let urges = try JourneyStore(directory: "\(sandbox.root)/state/nocontact").history(since: nil, kinds: [.urge])
        let messages = urges.compactMap { entry -> String?? in
            guard case let .urge(urge) = entry else { return nil }
            return .some(urge.unsentMessage)
        }
        #expect(messages.count == 2)
        #expect(messages.contains("I still think of you.\n:wq"))
        #expect(messages.contains(nil))
    }

    /// Crash safety: writers killed with SIGKILL at random moments during 1,000 reflections;
    /// every reflection the CLI reported as saved is there afterwards, and the database is sound.
    @Test func killedWritersLoseNothingReported() throws {
        let sandbox = try Sandbox()
        defer { sandbox.remove() }
        try sandbox.writeConfig(Self.config(period: "Sam"))
        var generator = SystemRandomNumberGenerator()
        var reported: [String] = []
        var kills = 0
        let total = 1000
        var index = 0
        while index < total {
            // Two writers at a time: the store must also take concurrent processes.
            let batch = (index..<min(total, index + 2)).map { "reflection \($0)" }
            index += batch.count
            var running: [(String, Process, Pipe)] = []
            for text in batch {
                let process = Process()
                process.executableURL = URL(fileURLWithPath: Binaries.cli)
                process.arguments = ["reflect", "--text", text, "--json"]
                process.environment = sandbox.environment
                let output = Pipe()
                process.standardOutput = output
                process.standardError = FileHandle.nullDevice
                process.standardInput = FileHandle.nullDevice
                try process.run()
                running.append((text, process, output))
            }
            // Kill about one writer in three, somewhere between start and a typical finish.
            for (_, process, _) in running where Int.random(in: 0..<3, using: &generator) == 0 {
                usleep(UInt32.random(in: 0...25_000, using: &generator))
                kill(process.processIdentifier, SIGKILL)
                kills += 1
            }
            for (text, process, output) in running {
                let data = output.fileHandleForReading.readDataToEndOfFile()
                process.waitUntilExit()
                if process.terminationReason == .exit, process.terminationStatus == 0,
                    (try? JSONSerialization.jsonObject(with: data) as? [String: Any])?["id"] != nil
                {
                    reported.append(text)
                }
            }
        }
        let store = try JourneyStore(directory: "\(sandbox.root)/state/nocontact")
        let saved = Set(
            try store.history(since: nil, kinds: [.reflection]).compactMap { entry -> String? in
                if case let .reflection(reflection) = entry { return reflection.text }
                return nil
            })
        let lost = reported.filter { !saved.contains($0) }
        print(
            "crash test: \(total) writers, \(kills) killed, \(reported.count) reported saved, \(saved.count) in the store, \(lost.count) lost"
        )
        #expect(lost.isEmpty)
        #expect(kills > 100)
        #expect(try store.integrityCheck() == "ok")
    }

    /// The daemon (delivering every second) and the offline CLI write the same store at once:
    /// every reflection and every delivery is kept, and the database stays sound.
    @Test func daemonAndOfflineCLIWriteTogether() throws {
        let sandbox = try Sandbox()
        defer { sandbox.remove() }
        try sandbox.writeConfig(Self.config(period: "Sam") + "\n[prompts]\nschedule = [\"*:*:*\"]\n")
        let notify = try NotifyReceiver(directory: sandbox.root)
        // No socket: the CLI cannot reach the daemon and writes the store itself.
        let daemon = try DaemonEndToEndTests.startDaemon(in: sandbox, notify: notify, extraArguments: ["--no-socket"])
        let store = try JourneyStore(directory: "\(sandbox.root)/state/nocontact")
        // Write until the daemon has also written several deliveries meanwhile (bounded).
        var attempted = 0
        var saved = 0
        let deadline = Date().addingTimeInterval(20)
        func deliveries() throws -> Int { try store.history(since: nil, kinds: [.prompt]).count }
        while try attempted < 40 || (deliveries() < 3 && Date() < deadline) {
            let result = try Self.cli(sandbox, ["reflect", "--text", "together \(attempted)", "--json"])
            attempted += 1
            if result.status == 0, result.stderr.contains("not running") { saved += 1 }
        }
        daemon.signal(SIGTERM)
        #expect(try daemon.waitForExit() == 0)
        let reflections = try store.history(since: nil, kinds: [.reflection])
        let prompts = try store.history(since: nil, kinds: [.prompt])
        #expect(saved == attempted)
        #expect(reflections.count == attempted)
        #expect(prompts.count >= 3)
        #expect(try store.integrityCheck() == "ok")
    }
}
