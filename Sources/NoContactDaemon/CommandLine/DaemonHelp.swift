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
        var lines = wrap("OVERVIEW: \(abstract)", width: width, indent: 0)
        for paragraph in discussion {
            lines.append("")
            lines += wrap(paragraph, width: width, indent: 0)
        }
        lines += ["", usage, "", "OPTIONS:"]
        for option in DaemonOption.shown + DaemonOption.standard {
            let name = option.name == "help" ? "-h, --help" : label(option)
            let head = "  " + name
            var help = wrap(option.help, width: width - 1 - helpColumn, indent: 0).map { String(repeating: " ", count: helpColumn) + $0 }
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
    static func wrap(_ text: String, width: Int, indent: Int) -> [String] {
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
        return lines.map { String(repeating: " ", count: indent) + $0 }
    }

    // MARK: For scripts/generate-docs

    /// The command line as swift-argument-parser's `--experimental-dump-help` describes one
    /// (the fields scripts/generate-docs and the docs tests read), so that the man page is made
    /// the same way for both programs.
    package static var json: String {
        func name(_ kind: String, _ name: String) -> String { #"{"kind":\#(quoted(kind)),"name":\#(quoted(name))}"# }
        func argument(_ option: DaemonOption) -> String {
            let names = option.name == "help" ? [name("short", "h"), name("long", "help")] : [name("long", option.name)]
            var fields = [
                #""kind":\#(quoted(option.valueName == nil ? "flag" : "option"))"#,
                #""names":[\#(names.joined(separator: ","))]"#,
                #""preferredName":\#(name("long", option.name))"#,
                #""abstract":\#(quoted(option.help))"#,
                #""isOptional":true"#,
                #""isRepeating":false"#,
                #""shouldDisplay":\#(!option.hidden)"#,
            ]
            if let valueName = option.valueName { fields.append(#""valueName":\#(quoted(valueName))"#) }
            return "{" + fields.joined(separator: ",") + "}"
        }
        let hidden = DaemonOption.parsed.filter(\.hidden)
        let arguments = (DaemonOption.shown + DaemonOption.standard + hidden).map(argument)
        let command = [
            #""commandName":"nocontactd""#,
            #""abstract":\#(quoted(abstract))"#,
            #""discussion":\#(quoted(discussion.joined(separator: "\n\n")))"#,
            #""shouldDisplay":true"#,
            #""arguments":[\#(arguments.joined(separator: ","))]"#,
        ]
        return #"{"serializationVersion":0,"command":{\#(command.joined(separator: ","))}}"# + "\n"
    }

    /// A JSON string literal.
    static func quoted(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}
