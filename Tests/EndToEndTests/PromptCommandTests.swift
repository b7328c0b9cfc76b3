import Foundation
import Glibc
import TestSupport
import Testing

/// `nocontact prompt` and `prompts` answer the same from the daemon and offline.
@Suite("prompt commands", .serialized, .enabled(if: Environment.isReady, "needs scripts/test (private journald)"))
struct PromptCommandTests {
    /// Today's prompt, a given day's prompt and the library agree online and offline; a bad
    /// theme is a usage error (exit 2) that names the valid themes.
    @Test func promptAndLibraryOnlineEqualOffline() throws {
        let sandbox = try Sandbox()
        defer { sandbox.remove() }
        try sandbox.writeConfig(
            DaemonEndToEndTests.config(period: "prompt-test") + """

                [[prompt]]
                text = "What did I learn today about how I listen?"
                theme = "listening"
                days = "8..30"
                """)
        let queries = [
            ["prompt", "--json"], ["prompt", "--day", "9", "--theme", "listening", "--json"], ["prompts", "--json"],
            ["prompts", "--theme", "gesture", "--json"],
        ]
        let notify = try NotifyReceiver(directory: sandbox.root)
        let daemon = try DaemonEndToEndTests.startDaemon(in: sandbox, notify: notify)
        let online = try queries.map { try run(Binaries.cli, $0, environment: sandbox.environment) }
        daemon.signal(SIGTERM)
        #expect(try daemon.waitForExit() == 0)
        let offline = try queries.map { try run(Binaries.cli, $0, environment: sandbox.environment) }
        for (daemonAnswer, localAnswer) in zip(online, offline) {
            #expect(daemonAnswer.status == 0)
            #expect(!daemonAnswer.stderr.contains("not running"))
            #expect(localAnswer.stderr.contains("not running"))
            #expect(daemonAnswer.stdout == localAnswer.stdout)
        }
        let library = try #require(try JSONSerialization.jsonObject(with: Data(online[2].stdout.utf8)) as? [[String: Any]])
        #expect(library.count >= 91)
        #expect(library.contains { $0["text"] as? String == "What did I learn today about how I listen?" })
        let gestures = try #require(try JSONSerialization.jsonObject(with: Data(online[3].stdout.utf8)) as? [[String: Any]])
        #expect(!gestures.isEmpty)
        #expect(gestures.allSatisfy { $0["theme"] as? String == "gesture" })
        let dayNine = try #require(try JSONSerialization.jsonObject(with: Data(online[1].stdout.utf8)) as? [String: [String: Any]])
        #expect(dayNine["prompt"]?["theme"] as? String == "listening")
        #expect(dayNine["prompt"]?["day"] as? Int == 9)

        let bad = try run(Binaries.cli, ["prompts", "--theme", "bogus"], environment: sandbox.environment)
        #expect(bad.status == 2)
        #expect(bad.stderr.contains("\"bogus\" is not a theme; choose one of: space, self-care"))
    }
}
