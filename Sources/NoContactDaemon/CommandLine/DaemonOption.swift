/// One option of nocontactd's command line, as the parser, `--help`, the man page and the shell
/// completions all see it.
package struct DaemonOption: Sendable, Equatable {
    /// What a shell offers for the value.
    package enum Completion: Sendable, Equatable {
        case none
        case file(extensions: [String])
        case directory
    }

    /// The long name, without the dashes.
    package let name: String
    /// The value's name in help (`<file>`); nil for a flag.
    package let valueName: String?
    /// One sentence for help and the man page.
    package let help: String
    package let completion: Completion
    /// Hidden options work but are not shown: they are for the daemon itself and for tools.
    package let hidden: Bool

    init(_ name: String, value valueName: String? = nil, help: String = "", completion: Completion = .none, hidden: Bool = false) {
        self.name = name
        self.valueName = valueName
        self.help = help
        self.completion = completion
        self.hidden = hidden
    }

    /// The options a person uses, in help order.
    package static let shown: [DaemonOption] = [
        DaemonOption(
            "config", value: "file", help: "The config file (default: $XDG_CONFIG_HOME/nocontact/config.toml).",
            completion: .file(extensions: ["toml"])),
        DaemonOption("state-dir", value: "dir", help: "Where state is kept (default: $XDG_STATE_HOME/nocontact).", completion: .directory),
        DaemonOption(
            "socket", value: "path", help: "The control socket (default: from the config, %t/nocontact/control.socket).",
            completion: .file(extensions: [])),
        DaemonOption("no-socket", help: "Do not open the control socket."),
        DaemonOption("check", help: "Check the config, print any errors, and exit (0 valid, 2 invalid)."),
    ]

    /// `--version` and `--help`: shown last, handled before everything else.
    package static let standard: [DaemonOption] = [
        DaemonOption("version", help: "Show the version."),
        DaemonOption("help", help: "Show help information."),
    ]

    /// Every option the parser takes (help and version are found before parsing).
    package static let parsed: [DaemonOption] =
        shown + [
            // Checks config text from standard input in a process of its own (IsolatedConfigCheck).
            DaemonOption("validate-config", value: "file", hidden: true),
            DaemonOption("experimental-dump-help", hidden: true),
            DaemonOption("generate-completion-script", value: "shell", hidden: true),
        ]

    /// The shown option nearest to a mistyped name, if one is near enough to be what was meant.
    static func closest(to name: String) -> DaemonOption? {
        let candidates = (shown + standard).map { ($0, editDistance(name, $0.name)) }
        guard let best = candidates.min(by: { $0.1 < $1.1 }), best.1 <= max(2, best.0.name.count / 3) else { return nil }
        return best.0
    }

    /// Levenshtein distance over Unicode scalars: small inputs, so the plain table is fine.
    private static func editDistance(_ left: String, _ right: String) -> Int {
        let a = Array(left.unicodeScalars)
        let b = Array(right.unicodeScalars)
        guard !a.isEmpty else { return b.count }
        guard !b.isEmpty else { return a.count }
        var previous = Array(0...b.count)
        for i in 1...a.count {
            var current = [i] + Array(repeating: 0, count: b.count)
            for j in 1...b.count {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            previous = current
        }
        return previous[b.count]
    }
}
