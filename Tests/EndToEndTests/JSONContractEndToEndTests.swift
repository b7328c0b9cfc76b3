import Foundation
import Glibc
import TestSupport
import Testing

/// The `--json` contract: JSON on standard output whatever the outcome, usage errors that name
/// the command and option they are about.
@Suite("JSON contract end to end", .serialized, .enabled(if: Environment.isReady, "needs scripts/test (private journald)"))
struct JSONContractEndToEndTests {
    static func object(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any], "not a JSON object: \(text)")
    }

    /// `check --json` prints {"valid": true|false, "errors": [...]} on standard output, also when invalid (exit 2).
    @Test func checkJSON() throws {
        let sandbox = try Sandbox()
        defer { sandbox.remove() }
        try sandbox.writeConfig(DaemonEndToEndTests.config(period: "Sam"))
        let valid = try run(Binaries.cli, ["check", "--json"], environment: sandbox.environment)
        #expect(valid.status == 0)
        let good = try Self.object(valid.stdout)
        #expect(good["valid"] as? Bool == true)
        #expect((good["errors"] as? [Any])?.isEmpty == true)

        try sandbox.writeConfig("lenght = 3\n")
        let invalid = try run(Binaries.cli, ["check", "--json"], environment: sandbox.environment)
        #expect(invalid.status == 2)
        let bad = try Self.object(invalid.stdout)
        #expect(bad["valid"] as? Bool == false)
        let errors = try #require(bad["errors"] as? [[String: Any]])
        #expect(errors.count == 1)
        #expect(errors.first?["file"] as? String == sandbox.configPath)
        #expect(errors.first?["line"] as? Int == 1)
        #expect(errors.first?["column"] as? Int == 1)
        #expect((errors.first?["message"] as? String)?.contains("lenght") == true)
    }

    /// `reload --json` refused for a broken config prints the same object on standard output (exit 2).
    @Test func reloadJSONOnFailure() throws {
        let daemon = try ControlSocketDaemon(prefix: "e2e-reload-json")
        try daemon.sandbox.writeConfig("lenght = 3\n")
        let refused = try run(Binaries.cli, ["reload", "--json"], environment: daemon.sandbox.environment)
        #expect(refused.status == 2)
        let report = try Self.object(refused.stdout)
        #expect(report["valid"] as? Bool == false)
        let errors = try #require(report["errors"] as? [[String: Any]])
        #expect(errors.first?["file"] as? String == daemon.sandbox.configPath)
        #expect(errors.first?["line"] as? Int == 1)
        #expect(try daemon.stop() == 0)
    }

    /// Usage errors name the command and option: export refuses --json, history's bad values print history's usage, next --count 0 names --count.
    @Test func usageErrorsNameTheirCommand() throws {
        let sandbox = try Sandbox()
        defer { sandbox.remove() }
        let export = try run(Binaries.cli, ["export", "--json"], environment: sandbox.environment)
        #expect(export.status == 2)
        #expect(export.stdout.isEmpty)
        #expect(export.stderr.contains("--format json"), "\(export.stderr)")
        for arguments in [["history", "--kind", "bogus"], ["history", "--since", "yesterday"]] {
            let history = try run(Binaries.cli, arguments, environment: sandbox.environment)
            #expect(history.status == 2)
            #expect(history.stderr.contains("Usage: nocontact history"), "\(arguments): \(history.stderr)")
        }
        let next = try run(Binaries.cli, ["next", "--count", "0"], environment: sandbox.environment)
        #expect(next.status == 2)
        #expect(next.stderr.contains("--count must be from 1"), "\(next.stderr)")
    }
}
