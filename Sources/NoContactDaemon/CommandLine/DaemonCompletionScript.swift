/// A shell nocontactd writes completions for (scripts/generate-docs keeps them in completions/).
package enum DaemonCompletionShell: String, Sendable, CaseIterable {
    case bash, zsh, fish
}

/// The completion scripts of nocontactd, made from `DaemonOption`: every option, and files,
/// `.toml` files or directories for the values.
package enum DaemonCompletionScript {
    package static func text(for shell: DaemonCompletionShell) -> String {
        switch shell {
        case .bash: bash
        case .zsh: zsh
        case .fish: fish
        }
    }

    private static var options: [DaemonOption] { DaemonOption.shown + DaemonOption.standard }

    private static var bash: String {
        var cases: [String] = []
        for option in DaemonOption.shown where option.valueName != nil {
            let offer =
                switch option.completion {
                case .directory: #"compgen -d -- "$cur""#
                case let .file(extensions) where !extensions.isEmpty:
                    (extensions.map { #"compgen -f -X '!*.\#($0)' -- "$cur""# } + [#"compgen -d -- "$cur""#]).joined(separator: "; ")
                case .file, .none: #"compgen -f -- "$cur""#
                }
            cases.append("        --\(option.name)) mapfile -t COMPREPLY < <(\(offer)); return ;;")
        }
        let words = options.flatMap { $0.name == "help" ? ["-h", "--help"] : ["--\($0.name)"] }.joined(separator: " ")
        return """
            # bash completion for nocontactd (written by nocontactd --generate-completion-script bash)
            _nocontactd() {
                local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD-1]}
                case $prev in
            \(cases.joined(separator: "\n"))
                esac
                mapfile -t COMPREPLY < <(compgen -W '\(words)' -- "$cur")
            }
            complete -o filenames -F _nocontactd nocontactd

            """
    }

    private static var zsh: String {
        func described(_ text: String) -> String {
            var out = ""
            for character in text {
                switch character {
                case "'": out += #"'\''"#
                case "[", "]", ":", "\\": out += "\\" + String(character)
                default: out.append(character)
                }
            }
            return out
        }
        var specs: [String] = []
        for option in options {
            let help = described(option.help)
            switch (option.name, option.valueName) {
            case ("help", _): specs.append("'(-h --help)'{-h,--help}'[\(help)]'")
            case let (name, nil): specs.append("'--\(name)[\(help)]'")
            case let (name, valueName?):
                let action =
                    switch option.completion {
                    case .directory: "_files -/"
                    case let .file(extensions) where !extensions.isEmpty:
                        "_files -g \"*.(\(extensions.joined(separator: "|")))\""
                    case .file, .none: "_files"
                    }
                specs.append("'--\(name)=[\(help)]:\(valueName):\(action)'")
            }
        }
        let header = [
            "#compdef nocontactd",
            "# zsh completion for nocontactd (written by nocontactd --generate-completion-script zsh)",
            "",
            "_arguments -s \\",
        ]
        // Every spec but the last continues the _arguments line.
        let lines = specs.enumerated().map { index, spec in "    " + spec + (index == specs.count - 1 ? "" : " \\") }
        return (header + lines).joined(separator: "\n") + "\n"
    }

    private static var fish: String {
        func quoted(_ text: String) -> String {
            "'" + text.replacing("\\", with: "\\\\").replacing("'", with: "\\'") + "'"
        }
        var lines = [
            "# fish completion for nocontactd (written by nocontactd --generate-completion-script fish)",
            "complete -c nocontactd -f",
        ]
        for option in options {
            var line = "complete -c nocontactd"
            if option.name == "help" { line += " -s h" }
            line += " -l \(option.name)"
            if option.valueName != nil {
                switch option.completion {
                case .directory: line += " -x -a '(__fish_complete_directories)'"
                case let .file(extensions) where !extensions.isEmpty:
                    line += " -x -a '(__fish_complete_suffix \(extensions.map { ".\($0)" }.joined(separator: " ")))'"
                case .file, .none: line += " -r -F"
                }
            }
            lines.append(line + " -d " + quoted(option.help))
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
