import Foundation
import Testing

@testable import NoContactDaemon

@Suite("nocontactd's command line")
struct DaemonCommandLineTests {
    private static func options(
        config: String? = nil, stateDirectory: String? = nil, socket: String? = nil, noSocket: Bool = false, check: Bool = false,
        validateConfig: String? = nil
    ) -> DaemonCommandLine.Request {
        var options = DaemonCommandLine()
        options.config = config
        options.stateDirectory = stateDirectory
        options.socket = socket
        options.noSocket = noSocket
        options.check = check
        options.validateConfig = validateConfig
        return .run(options)
    }

    static let accepted: [([String], DaemonCommandLine.Request)] = [
        ([], options()),
        (["--config", "a.toml"], options(config: "a.toml")),
        (["--config=a.toml"], options(config: "a.toml")),
        (["--config", "a.toml", "--config", "b.toml"], options(config: "b.toml")),
        (["--config", "-"], options(config: "-")),
        (["--config=--odd"], options(config: "--odd")),
        (["--state-dir", "/s", "--socket", "/r/c.socket"], options(stateDirectory: "/s", socket: "/r/c.socket")),
        (["--no-socket", "--check"], options(noSocket: true, check: true)),
        (["--validate-config", "/etc/x.toml"], options(validateConfig: "/etc/x.toml")),
        (["--check", "--"], options(check: true)),
        (["--help"], .help),
        (["-h", "--config"], .help),
        (["--bogus", "--help"], .help),
        (["--version"], .version),
        (["--experimental-dump-help"], .dumpHelp),
        (["--generate-completion-script", "fish"], .completionScript(.fish)),
        (["--generate-completion-script=zsh"], .completionScript(.zsh)),
    ]

    @Test(arguments: accepted)
    func accepts(arguments: [String], request: DaemonCommandLine.Request) throws {
        #expect(try DaemonCommandLine.parse(arguments) == request)
    }

    static let refused: [([String], DaemonUsageError)] = [
        (["--bogus"], .unknownOption("--bogus", suggestion: nil)),
        (["--confg", "a.toml"], .unknownOption("--confg", suggestion: "--config")),
        (["--nosocket"], .unknownOption("--nosocket", suggestion: "--no-socket")),
        (["-c"], .unexpectedArgument("-c")),
        (["extra"], .unexpectedArgument("extra")),
        (["--", "extra"], .unexpectedArgument("extra")),
        (["--config"], .missingValue(option: "--config <file>")),
        (["--config="], .missingValue(option: "--config <file>")),
        (["--config", "--check"], .missingValue(option: "--config <file>")),
        (["--check=yes"], .unexpectedValue(option: "--check")),
        (
            ["--generate-completion-script", "tcsh"],
            .invalidValue("tcsh", option: "--generate-completion-script", expected: ["bash", "zsh", "fish"])
        ),
    ]

    @Test(arguments: refused)
    func refuses(arguments: [String], error: DaemonUsageError) {
        #expect(throws: error) { try DaemonCommandLine.parse(arguments) }
    }

    @Test func usageErrorShowsTheUsageLineAndWhereHelpIs() {
        let message = DaemonUsageError.unknownOption("--confg", suggestion: "--config").message
        #expect(
            message == """
                Error: unknown option '--confg'; did you mean '--config'?
                USAGE: nocontactd [--config <file>] [--state-dir <dir>] [--socket <path>] [--no-socket] [--check]
                  See 'nocontactd --help' for more information.
                """)
    }

    @Test func helpListsEveryShownOptionWrappedToEightyColumns() {
        let help = DaemonHelp.text
        for option in DaemonOption.shown + DaemonOption.standard {
            #expect(help.contains("--\(option.name)"))
        }
        for option in DaemonOption.parsed where option.hidden {
            #expect(!help.contains("--\(option.name)"))
        }
        // The usage line stays whole, as swift-argument-parser printed it, so that it can be copied.
        #expect(help.split(separator: "\n").filter { !$0.hasPrefix("USAGE:") }.allSatisfy { $0.count <= 80 })
        #expect(help.contains("\n  -h, --help              Show help information.\n"))
    }

    @Test func dumpedHelpIsJSONThatReadsBack() throws {
        let root = try #require(try JSONSerialization.jsonObject(with: Data(DaemonHelp.json.utf8)) as? [String: Any])
        #expect(root["serializationVersion"] as? Int == 0)
        let command = try #require(root["command"] as? [String: Any])
        #expect(command["commandName"] as? String == "nocontactd")
        // The discussion's line breaks and the "$" and "%" of the defaults survive the escaping.
        #expect(command["discussion"] as? String == DaemonHelp.discussion.joined(separator: "\n\n"))
        let arguments = try #require(command["arguments"] as? [[String: Any]])
        #expect(
            arguments.compactMap { $0["abstract"] as? String }
                == (DaemonOption.shown + DaemonOption.standard + DaemonOption.parsed.filter(\.hidden)).map(\.help))
    }
}
