import Foundation
import Glibc
import NoContactCore
import NoContactService
import TestSupport
import Testing

/// The reference varlink implementation (PyPI `varlink` 31.0.0, in the venv scripts/test makes
/// and names in NOCONTACT_PYTHON) against the real running daemon: its command-line client and
/// its library, whose scanner must parse the interface description the daemon serves.
@Suite("varlink interop with the reference client", .serialized, .enabled(if: Environment.isReady, "needs scripts/test"))
struct VarlinkInteropEndToEndTests {
    static func python() throws -> String {
        let python = ProcessInfo.processInfo.environment["NOCONTACT_PYTHON"]
        return try #require(python, "scripts/test exports NOCONTACT_PYTHON (a venv with varlink 31.0.0)")
    }

    /// The reference library's client, in the modes the tests need (see the script).
    static let client = SupportScripts.path("varlink-client.py")

    /// `python -m varlink.cli ARGUMENTS...`
    static func cli(_ arguments: [String]) throws -> (status: Int32, stdout: String, stderr: String) {
        try run(python(), ["-m", "varlink.cli"] + arguments)
    }

    /// The parameters the CLI printed for a successful call (it prints them as JSON).
    static func printedObject(_ text: String) throws -> [String: Any] {
        let object = try JSONSerialization.jsonObject(with: Data(text.utf8))
        return try #require(object as? [String: Any], "the CLI printed a JSON object: \(text)")
    }

    /// `info` names the service and lists exactly our two interfaces; `help` prints our
    /// description byte for byte, which the reference client only does after its scanner
    /// parsed it (Interface(description) raises on any syntax it does not accept).
    @Test func infoAndHelp() throws {
        let daemon = try ControlSocketDaemon(prefix: "interop-info")
        let address = "unix:\(daemon.socketPath)"

        let info = try Self.cli(["info", address])
        #expect(info.status == 0, "stderr: \(info.stderr)")
        let lines = info.stdout.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
        #expect(lines.contains("Product: nocontactd"))
        #expect(lines.contains("Vendor: nocontact"))
        let interfaces = lines.drop { $0 != "Interfaces:" }.dropFirst()
        #expect(Set(interfaces) == ["org.varlink.service", "io.nocontact"], "info printed:\n\(info.stdout)")
        #expect(interfaces.count == 2)

        let help = try Self.cli(["help", "\(address)/io.nocontact"])
        #expect(help.status == 0, "stderr: \(help.stderr)")
        #expect(help.stdout == ControlInterface.description + "\n")
        // The file shipped in the repository is the description the daemon serves.
        let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let shipped = try String(contentsOf: repository.appendingPathComponent("varlink/io.nocontact.varlink"), encoding: .utf8)
        #expect(help.stdout.trimmingCharacters(in: .newlines) == shipped.trimmingCharacters(in: .newlines))

        let serviceHelp = try Self.cli(["help", "\(address)/org.varlink.service"])
        #expect(serviceHelp.status == 0, "stderr: \(serviceHelp.stderr)")
        #expect(serviceHelp.stdout.hasPrefix("# The Varlink Service Interface"))

        let unknown = try Self.cli(["help", "\(address)/com.example.nothing"])
        #expect(unknown.status != 0)
        #expect(unknown.stderr.contains("InterfaceNotFound"))
        #expect(unknown.stderr.contains("com.example.nothing"))

        #expect(try daemon.stop() == 0)
    }

    /// The reference scanner finds every method, type and error we declare, in order and with
    /// the right kind: nothing of the description is skipped, and no name is declared twice
    /// (the scanner keeps members in a dict, so a second member of the same name would
    /// silently replace the first).
    @Test func referenceScannerSeesEveryMember() throws {
        let daemon = try ControlSocketDaemon(prefix: "interop-scan")
        let result = try run(Self.python(), [Self.client, "unix:\(daemon.socketPath)", "members", "io.nocontact"])
        #expect(result.status == 0, "stderr: \(result.stderr)")
        let parsed = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String]])
        var declared: [[String]] = []
        for line in ControlInterface.description.split(separator: "\n") {
            let words = line.split(separator: " ", maxSplits: 2)
            guard words.count >= 2, ["method", "type", "error"].contains(words[0]) else { continue }
            let name = words[1].prefix { $0.isLetter || $0.isNumber || $0 == "_" }
            declared.append([String(words[0]), String(name)])
        }
        #expect(declared.count >= 12, "the description declares the methods, types and errors")
        #expect(Set(declared.map { $0[1] }).count == declared.count, "a name declared twice: \(declared)")
        #expect(parsed == declared)
        #expect(try daemon.stop() == 0)
    }

    /// `call` of Days, Status, Upcoming and Prompt prints the daemon's answers as JSON.
    @Test func callsPrintAnswers() throws {
        let daemon = try ControlSocketDaemon(prefix: "interop-call")
        let address = "unix:\(daemon.socketPath)"

        let days = try Self.cli(["call", "\(address)/io.nocontact.Days", "{}"])
        #expect(days.status == 0, "stderr: \(days.stderr)")
        #expect(days.stderr.isEmpty)
        #expect(daemon.days.matches(["parameters": try Self.printedObject(days.stdout)]), "Days printed \(days.stdout)")

        let status = try Self.cli(["call", "\(address)/io.nocontact.Status", "{}"])
        #expect(status.status == 0, "stderr: \(status.stderr)")
        let statusAnswer = try Self.printedObject(status.stdout)
        #expect(statusAnswer["config"] as? String == daemon.sandbox.configPath)
        // The configured "UTC"; Foundation on Linux may name the same zone "GMT".
        let zone = try #require(statusAnswer["timezone"] as? String)
        #expect(TimeZone(identifier: zone)?.secondsFromGMT() == 0, "timezone \(zone)")
        #expect(statusAnswer["version"] as? String == noContactVersion)
        #expect(daemon.days.matches(["parameters": ["periods": statusAnswer["periods"] ?? NSNull()]]), "Status periods: \(statusAnswer)")
        let channels = try #require(statusAnswer["channels"] as? [[String: Any]])
        #expect(channels.compactMap { $0["name"] as? String } == ["journal", "desktop", "command"])
        let next = try #require(statusAnswer["next"] as? [String: Any])
        #expect(next["period"] as? String == daemon.period)

        let upcoming = try Self.cli(["call", "\(address)/io.nocontact.Upcoming", #"{"count": 3}"#])
        #expect(upcoming.status == 0, "stderr: \(upcoming.stderr)")
        let events = try #require(try Self.printedObject(upcoming.stdout)["events"] as? [[String: Any]])
        #expect(events.count == 3)
        let dues = events.compactMap { $0["due_usec"] as? Int }
        #expect(dues.count == 3)
        #expect(dues == dues.sorted())
        #expect(dues.first.map { $0 > Int(Date().timeIntervalSince1970) * 1_000_000 } == true, "upcoming events lie ahead")
        #expect(events.allSatisfy { $0["period"] as? String == daemon.period })
        // The daily 09:00 schedule: the first upcoming prompt is at 09:00 UTC.
        let firstPrompt = try #require(events.first { $0["kind"] as? String == "prompt" })
        #expect((firstPrompt["due_usec"] as? Int).map { ($0 / 1_000_000) % 86_400 } == 9 * 3_600)
        #expect((firstPrompt["due"] as? String)?.contains("T09:00:00") == true)

        let prompt = try Self.cli(["call", "\(address)/io.nocontact.Prompt", "{}"])
        #expect(prompt.status == 0, "stderr: \(prompt.stderr)")
        let promptInfo = try #require(try Self.printedObject(prompt.stdout)["prompt"] as? [String: Any])
        let promptID = try #require(promptInfo["id"] as? String)
        #expect(PromptLibrary.builtin.prompt(id: promptID)?.text == promptInfo["text"] as? String)
        #expect(daemon.days.current.map(\.day).contains(promptInfo["day"] as? Int ?? -1), "\(promptInfo)")

        let dayPrompt = try Self.cli(["call", "\(address)/io.nocontact.Prompt", #"{"day": 30}"#])
        #expect(dayPrompt.status == 0, "stderr: \(dayPrompt.stderr)")
        #expect((try Self.printedObject(dayPrompt.stdout)["prompt"] as? [String: Any])?["day"] as? Int == 30)

        #expect(try daemon.stop() == 0)
    }

    /// Error replies reach the reference client as varlink errors. Its CLI prints them on
    /// standard error and nothing on standard output; note that varlink 31.0.0's `call`
    /// catches the error and still exits 0 (cli.py varlink_call), so the exit status is
    /// checked through the library, where the error is an exception.
    @Test func errorsReachTheReferenceClient() throws {
        let daemon = try ControlSocketDaemon(prefix: "interop-errors")
        let address = "unix:\(daemon.socketPath)"

        let zero = try Self.cli(["call", "\(address)/io.nocontact.Upcoming", #"{"count": 0}"#])
        #expect(zero.stdout.isEmpty)
        #expect(zero.stderr.contains("'error': 'org.varlink.service.InvalidParameter'"), "stderr: \(zero.stderr)")
        #expect(zero.stderr.contains("count"))

        let unknownMethod = try Self.cli(["call", "\(address)/io.nocontact.NoSuchMethod", "{}"])
        #expect(unknownMethod.stdout.isEmpty)
        #expect(unknownMethod.stderr.contains("'error': 'org.varlink.service.MethodNotFound'"), "stderr: \(unknownMethod.stderr)")
        #expect(unknownMethod.stderr.contains("'method': 'io.nocontact.NoSuchMethod'"))

        let unknownInterface = try Self.cli(["call", "\(address)/com.example.nothing.Do", "{}"])
        #expect(unknownInterface.stdout.isEmpty)
        #expect(unknownInterface.stderr.contains("org.varlink.service.InterfaceNotFound"), "stderr: \(unknownInterface.stderr)")

        // Through the library: the error is an exception of the right class and the
        // interpreter exits non-zero; a valid call on the same kind of client works.
        let failing = try run(Self.python(), [Self.client, address, "invalid"])
        #expect(failing.status == 3, "stderr: \(failing.stderr)")
        let error = try Self.printedObject(failing.stdout)
        #expect(error["error"] as? String == "org.varlink.service.InvalidParameter")
        #expect(((error["parameters"] as? [String: Any])?["parameter"] as? String)?.contains("count") == true)

        let working = try run(Self.python(), [Self.client, address, "ok"])
        #expect(working.status == 0, "stderr: \(working.stderr)")
        let answers = try Self.printedObject(working.stdout)
        #expect(daemon.days.matches(["parameters": try #require(answers["days"] as? [String: Any])]))
        #expect(((answers["upcoming"] as? [String: Any])?["events"] as? [Any])?.count == 3)

        // An uncaught error reply ends the interpreter with a traceback: non-zero.
        let uncaught = try run(Self.python(), [Self.client, address, "uncaught"])
        #expect(uncaught.status != 0)
        #expect(uncaught.stderr.contains("org.varlink.service.InvalidParameter"))

        try daemon.checkStillAnswers()
        #expect(try daemon.stop() == 0)
    }
}
