import Foundation
import TestSupport
import Testing

/// Whether a tool is installed (the renderers and shells other than bash are optional).
private func installed(_ path: String) -> Bool { FileManager.default.isExecutableFile(atPath: path) }

private let manPages = ["nocontact.1", "nocontactd.8", "nocontact.toml.5"]

/// The man pages in man/ and the shell completions in completions/: current with the built
/// binaries, rendering without warnings, and working in the shells.
@Suite("generated docs", .enabled(if: Environment.isReady, "needs scripts/test (the built binaries)"))
struct GeneratedDocsTests {
    static let repository = ShippedFilesTests.repository
    /// A fixed locale, so that the renderers and shells behave the same everywhere.
    static var environment: [String: String] {
        var environment = ProcessInfo.processInfo.environment
        environment["LC_ALL"] = "C.UTF-8"
        environment["NOCONTACT_BIN_DIR"] = Binaries.directory
        return environment
    }

    /// The subcommand names of `program` and the long options of each, from the parser itself.
    static func commandLine(_ program: String) throws -> (subcommands: [String], longOptions: [String: [String]]) {
        let dump = try run(program, ["--experimental-dump-help"])
        guard dump.status == 0,
            let root = try JSONSerialization.jsonObject(with: Data(dump.stdout.utf8)) as? [String: Any],
            let command = root["command"] as? [String: Any]
        else { throw E2EError("\(program) --experimental-dump-help failed: \(dump.stderr)") }
        func longOptions(_ command: [String: Any]) -> [String] {
            let arguments = command["arguments"] as? [[String: Any]] ?? []
            return arguments.filter { $0["shouldDisplay"] as? Bool ?? true }.flatMap { argument in
                (argument["names"] as? [[String: String]] ?? []).filter { $0["kind"] == "long" }.compactMap { $0["name"] }.map { "--\($0)" }
            }
        }
        let subcommands = (command["subcommands"] as? [[String: Any]] ?? []).filter { $0["shouldDisplay"] as? Bool ?? true }
        var options = ["": longOptions(command)]
        for subcommand in subcommands {
            if let name = subcommand["commandName"] as? String { options[name] = longOptions(subcommand) }
        }
        return (subcommands.compactMap { $0["commandName"] as? String }, options)
    }

    /// `scripts/generate-docs --check` passes: what is committed is what the binaries generate.
    @Test func committedFilesAreCurrent() throws {
        let result = try run(
            "/usr/bin/env", ["python3", "\(Self.repository)/scripts/generate-docs", "--check"], environment: Self.environment)
        #expect(result.status == 0, "\(result.stderr)")
    }

    /// groff, as man(1) runs it, formats every page without a single warning.
    @Test(.enabled(if: installed("/usr/bin/groff"), "needs groff"), arguments: manPages)
    func pageRendersWithoutWarnings(page: String) throws {
        let path = "\(Self.repository)/man/\(page)"
        let result = try run("/usr/bin/groff", ["-mandoc", "-ww", "-z", "-Tutf8", path], environment: Self.environment)
        #expect(result.status == 0)
        #expect(result.stderr.isEmpty, "\(result.stderr)")
        if installed("/usr/bin/man") {
            let man = try run(
                "/usr/bin/man", ["-l", path],
                environment: Self.environment.merging(["MANWIDTH": "80", "MANPAGER": "cat", "PAGER": "cat"]) { $1 })
            #expect(man.status == 0)
            #expect(man.stdout.contains("NAME"))
            #expect(man.stderr.isEmpty, "\(man.stderr)")
        }
    }

    /// `mandoc -T lint` finds no warning and no error in any page (style notes aside).
    @Test(.enabled(if: installed("/usr/bin/mandoc"), "needs mandoc (apt-get install mandoc)"), arguments: manPages)
    func pagePassesMandocLint(page: String) throws {
        let result = try run(
            "/usr/bin/mandoc", ["-T", "lint", "-W", "warning", "\(Self.repository)/man/\(page)"], environment: Self.environment)
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        #expect(result.stdout.isEmpty, "\(result.stdout)")
    }

    /// nocontact.toml(5) describes every table and key of the shipped config, which has them all.
    @Test func configPageHasEveryKey() throws {
        let example = ShippedFilesTests.everySettingOn(
            try String(contentsOfFile: "\(Self.repository)/config/nocontact.toml", encoding: .utf8))
        let page = try String(contentsOfFile: "\(Self.repository)/man/nocontact.toml.5", encoding: .utf8)
        var keys: Set<String> = []
        var tables: Set<String> = []
        for line in example.split(separator: "\n").map({ $0.trimmingCharacters(in: .whitespaces) }) where !line.hasPrefix("#") {
            if line.hasPrefix("[") {
                tables.insert(line)
            } else if let equals = line.firstIndex(of: "=") {
                keys.insert(line[..<equals].trimmingCharacters(in: .whitespaces))
            }
        }
        #expect(keys.count >= 15)
        for key in keys.sorted() {
            #expect(page.contains(".It Ic \(key) "), "man/nocontact.toml.5 does not describe \(key)")
        }
        for table in tables.sorted() {
            #expect(page.contains(".Ss \(table)\\&\n"), "man/nocontact.toml.5 has no section for \(table)")
        }
    }

    /// The bash completions are valid bash, register for their command, and offer every
    /// subcommand after `nocontact ` and every long option after `nocontact COMMAND --`.
    @Test func bashCompletionOffersCommandsAndOptions() throws {
        for program in ["nocontact", "nocontactd"] {
            let file = "\(Self.repository)/completions/\(program).bash"
            let syntax = try run("/bin/bash", ["-n", file])
            #expect(syntax.status == 0, "\(syntax.stderr)")
            let (subcommands, options) = try Self.commandLine("\(Binaries.directory)/\(program)")
            #expect(program != "nocontact" || subcommands.contains("days"))
            #expect(options[""]?.contains("--version") == true)
            // Completes each line given as an argument; prints "line<TAB>offer" per offer.
            let complete = #"""
                source "$1" || exit 1
                complete -p "$2" >/dev/null || exit 1
                shift 2
                for line in "$@"; do
                    read -ra COMP_WORDS <<<"$line"
                    [[ "$line" == *" " ]] && COMP_WORDS+=("")
                    COMP_CWORD=$((${#COMP_WORDS[@]} - 1)); COMP_LINE="$line"; COMP_POINT=${#line}
                    COMPREPLY=()
                    "_${COMP_WORDS[0]}" "${COMP_WORDS[0]}" "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD-1]}"
                    for offer in "${COMPREPLY[@]}"; do printf '%s\t%s\n' "$line" "$offer"; done
                done
                """#
            let lines = ["\(program) ", "\(program) --"] + subcommands.map { "\(program) \($0) --" }
            let result = try run(
                "/bin/bash", ["--norc", "--noprofile", "-c", complete, "bash", file, program] + lines, environment: Self.environment)
            #expect(result.status == 0, "\(result.stderr)")
            var offers: [String: Set<String>] = [:]
            for entry in result.stdout.split(separator: "\n") {
                let parts = entry.split(separator: "\t", maxSplits: 1).map(String.init)
                if parts.count == 2 { offers[parts[0], default: []].insert(parts[1]) }
            }
            #expect(
                offers["\(program) ", default: []].isSuperset(of: subcommands), "offered: \(offers["\(program) ", default: []].sorted())")
            #expect(offers["\(program) --", default: []].isSuperset(of: options[""] ?? []))
            for subcommand in subcommands where subcommand != "help" {
                let offered = offers["\(program) \(subcommand) --", default: []]
                #expect(offered.isSuperset(of: options[subcommand] ?? []), "\(program) \(subcommand) -- offered \(offered.sorted())")
            }
        }
    }

    /// The fish completions parse, and `complete -C` offers every subcommand and option.
    @Test(.enabled(if: installed("/usr/bin/fish"), "needs fish (apt-get install fish)"))
    func fishCompletionOffersCommandsAndOptions() throws {
        for program in ["nocontact", "nocontactd"] {
            let file = "\(Self.repository)/completions/\(program).fish"
            let syntax = try run("/usr/bin/fish", ["--no-config", "-n", file])
            #expect(syntax.status == 0, "\(syntax.stderr)")
            let (subcommands, options) = try Self.commandLine("\(Binaries.directory)/\(program)")
            func offers(_ line: String) throws -> Set<String> {
                let result = try run(
                    "/usr/bin/fish", ["--no-config", "-c", "source $argv[1]; complete -C $argv[2]", file, line],
                    environment: Self.environment)
                #expect(result.status == 0, "\(result.stderr)")
                return Set(result.stdout.split(separator: "\n").map { String($0.split(separator: "\t")[0]) })
            }
            #expect(try offers("\(program) ").isSuperset(of: subcommands))
            #expect(try offers("\(program) --").isSuperset(of: options[""] ?? []))
            if let subcommand = subcommands.first(where: { $0 != "help" }) {
                #expect(try offers("\(program) \(subcommand) --").isSuperset(of: options[subcommand] ?? []))
            }
        }
    }

    /// The zsh completions parse (`zsh -n`). Completing in zsh needs a terminal (zpty), so
    /// what they offer is left to the bash and fish tests: all three come from the same parser.
    @Test(.enabled(if: installed("/usr/bin/zsh"), "needs zsh (apt-get install zsh)"))
    func zshCompletionParses() throws {
        for program in ["nocontact", "nocontactd"] {
            let file = "\(Self.repository)/completions/_\(program)"
            let text = try String(contentsOfFile: file, encoding: .utf8)
            #expect(text.hasPrefix("#compdef \(program)\n"))
            let syntax = try run("/usr/bin/zsh", ["-n", file])
            #expect(syntax.status == 0, "\(syntax.stderr)")
        }
    }
}
