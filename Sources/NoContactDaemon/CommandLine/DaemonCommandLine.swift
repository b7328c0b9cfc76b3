/// nocontactd's command line, parsed by hand.
///
/// Six options need no parser library, and the daemon, which stays resident for weeks, is about
/// half a megabyte smaller at idle without one (BENCHMARKS.md, "The lean daemon"). The options
/// are data (`DaemonOption.all`): the parser, `--help`, the man page (`--experimental-dump-help`,
/// read by scripts/generate-docs) and the shell completions all come from that one list.
package struct DaemonCommandLine: Sendable, Equatable {
    /// `--config FILE`.
    package var config: String?
    /// `--state-dir DIR`.
    package var stateDirectory: String?
    /// `--socket PATH`.
    package var socket: String?
    /// `--no-socket`.
    package var noSocket = false
    /// `--check`: check the config and exit.
    package var check = false
    /// `--validate-config FILE`: the daemon's own isolated config check (not for people).
    package var validateConfig: String?

    package init() {}

    /// What the command line asks for.
    package enum Request: Sendable, Equatable {
        /// Run (or, with `--check`, check the config) with these options.
        case run(DaemonCommandLine)
        /// `-h`, `--help`.
        case help
        /// `--version`.
        case version
        /// `--experimental-dump-help`: the options as JSON for scripts/generate-docs.
        case dumpHelp
        /// `--generate-completion-script SHELL`.
        case completionScript(DaemonCompletionShell)
    }

    /// Parses the arguments after the program name.
    ///
    /// `--name VALUE` and `--name=VALUE` both work; an option given twice takes the last value,
    /// as systemd's tools do; `--` ends the options. Help and version win over everything else,
    /// so that `nocontactd --bogus --help` still helps.
    package static func parse(_ arguments: [String]) throws(DaemonUsageError) -> Request {
        if arguments.contains(where: { $0 == "-h" || $0 == "--help" }) { return .help }
        if arguments.contains("--version") { return .version }
        var result = DaemonCommandLine()
        var index = arguments.startIndex
        while index < arguments.endIndex {
            let argument = arguments[index]
            index += 1
            if argument == "--" {
                if index < arguments.endIndex { throw .unexpectedArgument(arguments[index]) }
                break
            }
            guard argument.hasPrefix("--") else { throw .unexpectedArgument(argument) }
            let body = argument.dropFirst(2)
            let name: String
            var inlineValue: String?
            if let equals = body.firstIndex(of: "=") {
                name = String(body[..<equals])
                inlineValue = String(body[body.index(after: equals)...])
            } else {
                name = String(body)
            }
            guard let option = DaemonOption.parsed.first(where: { $0.name == name }) else {
                throw .unknownOption(argument, suggestion: DaemonOption.closest(to: name).map { "--\($0.name)" })
            }
            guard let valueName = option.valueName else {
                if inlineValue != nil { throw .unexpectedValue(option: "--\(name)") }
                switch name {
                case "no-socket": result.noSocket = true
                case "check": result.check = true
                case "experimental-dump-help": return .dumpHelp
                default: break
                }
                continue
            }
            let value: String
            if let inlineValue {
                value = inlineValue
            } else if index < arguments.endIndex, !Self.looksLikeOption(arguments[index]) {
                value = arguments[index]
                index += 1
            } else {
                throw .missingValue(option: "--\(name) <\(valueName)>")
            }
            guard !value.isEmpty else { throw .missingValue(option: "--\(name) <\(valueName)>") }
            switch name {
            case "config": result.config = value
            case "state-dir": result.stateDirectory = value
            case "socket": result.socket = value
            case "validate-config": result.validateConfig = value
            case "generate-completion-script":
                guard let shell = DaemonCompletionShell(rawValue: value) else {
                    throw .invalidValue(value, option: "--\(name)", expected: DaemonCompletionShell.allCases.map(\.rawValue))
                }
                return .completionScript(shell)
            default: break
            }
        }
        return .run(result)
    }

    /// A following argument that is an option rather than a value: `--config --check` lacks
    /// the file (a lone `-` is a value).
    private static func looksLikeOption(_ argument: String) -> Bool {
        argument.hasPrefix("-") && argument != "-"
    }
}

/// What is wrong with a command line, worded for the person who typed it.
package enum DaemonUsageError: Error, Equatable, CustomStringConvertible {
    case unknownOption(String, suggestion: String?)
    case missingValue(option: String)
    case unexpectedValue(option: String)
    case invalidValue(String, option: String, expected: [String])
    case unexpectedArgument(String)

    package var description: String {
        switch self {
        case let .unknownOption(option, suggestion):
            return "unknown option '\(option)'" + (suggestion.map { "; did you mean '\($0)'?" } ?? "")
        case let .missingValue(option):
            return "missing value for '\(option)'"
        case let .unexpectedValue(option):
            return "'\(option)' takes no value"
        case let .invalidValue(value, option, expected):
            return "'\(value)' is not a value of '\(option)'; write one of: \(expected.joined(separator: ", "))"
        case let .unexpectedArgument(argument):
            return "unexpected argument '\(argument)': nocontactd takes options only"
        }
    }

    /// The whole message for standard error: the error, the usage line and where help is.
    package var message: String {
        "Error: \(description)\n\(DaemonHelp.usage)\n  See 'nocontactd --help' for more information."
    }
}
