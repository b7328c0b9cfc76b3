import Varlink

/// nocontactd's `--help`, and the same description as JSON for scripts/generate-docs.
package enum DaemonHelp {
    static let abstract = "Keeps you company through a period of no contact: prompts and milestones on time, in the journal."

    static let discussion = [
        "Runs in the foreground, as systemd expects (Type=notify). Without a config file it runs on the built-in default: one open-ended period that starts at the first run, prompts at 09:00 and 21:00. SIGHUP reloads the config (an invalid one is refused and the running one kept); SIGTERM stops it.",
        "Exit status: 0 on a clean stop, 1 on a failure, 2 on a config error.",
    ]

    /// The width help is wrapped to, as most terminals and man(1) show it.
    static let width = 80
    /// Where an option's help starts on its line.
    static let helpColumn = 26

    /// `USAGE: nocontactd [--config <file>] ...`
    package static var usage: String {
        "USAGE: nocontactd " + DaemonOption.shown.map { "[\(label($0))]" }.joined(separator: " ")
    }

    /// The text of `nocontactd --help`.
    package static var text: String {
        var lines = wrap("OVERVIEW: \(abstract)", width: width)
        for paragraph in discussion {
            lines.append("")
            lines += wrap(paragraph, width: width)
        }
        lines += ["", usage, "", "OPTIONS:"]
        for option in DaemonOption.shown + DaemonOption.standard {
            let name = option.name == "help" ? "-h, --help" : label(option)
            let head = "  " + name
            var help = wrap(option.help, width: width - 1 - helpColumn).map { String(repeating: " ", count: helpColumn) + $0 }
            if head.count + 2 <= helpColumn, !help.isEmpty {
                help[0] = head + String(repeating: " ", count: helpColumn - head.count) + help[0].dropFirst(helpColumn)
                lines += help
            } else {
                lines += [head] + help
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// `--config <file>`, `--check`.
    static func label(_ option: DaemonOption) -> String {
        "--\(option.name)" + (option.valueName.map { " <\($0)>" } ?? "")
    }

    /// Breaks text at spaces into lines of at most `width` characters (a longer word gets a line
    /// of its own).
    static func wrap(_ text: String, width: Int) -> [String] {
        var lines: [String] = []
        var line = ""
        for word in text.split(separator: " ") {
            if line.isEmpty {
                line = String(word)
            } else if line.count + 1 + word.count <= width {
                line += " " + word
            } else {
                lines.append(line)
                line = String(word)
            }
        }
        if !line.isEmpty { lines.append(line) }
        return lines
    }

    // MARK: For scripts/generate-docs

    /// The command line as swift-argument-parser's `--experimental-dump-help` describes one
    /// (the fields scripts/generate-docs and the docs tests read), so that the man page is made
    /// the same way for both programs; written by the varlink module's JSON writer.
    package static var json: String {
        func name(_ kind: String, _ name: String) -> JSONValue { .object(["kind": .string(kind), "name": .string(name)]) }
        func argument(_ option: DaemonOption) -> JSONValue {
            var fields: [String: JSONValue] = [
                "kind": .string(option.valueName == nil ? "flag" : "option"),
                "names": .array(option.name == "help" ? [name("short", "h"), name("long", "help")] : [name("long", option.name)]),
                "preferredName": name("long", option.name),
                "abstract": .string(option.help),
                "isOptional": .bool(true),
                "isRepeating": .bool(false),
                "shouldDisplay": .bool(!option.hidden),
            ]
            if let valueName = option.valueName { fields["valueName"] = .string(valueName) }
            return .object(fields)
        }
        let hidden = DaemonOption.parsed.filter(\.hidden)
        let command: JSONValue = .object([
            "commandName": .string("nocontactd"),
            "abstract": .string(abstract),
            "discussion": .string(discussion.joined(separator: "\n\n")),
            "shouldDisplay": .bool(true),
            "arguments": .array((DaemonOption.shown + DaemonOption.standard + hidden).map(argument)),
        ])
        // Strings and booleans only: nothing the writer refuses.
        return (JSONValue.object(["serializationVersion": .int(0), "command": command]).compactJSON ?? "{}") + "\n"
    }
}
