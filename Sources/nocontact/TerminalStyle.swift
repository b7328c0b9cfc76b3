import Foundation
import Glibc
import NoContactPlatform
import NoContactService

/// Colour and weight for people reading at a terminal.
///
/// Only when standard output is a terminal, and never when `NO_COLOR` is set to anything
/// (no-color.org) or `TERM` is `dumb`: piped output and `--json` stay plain text.
struct TerminalStyle {
    let isEnabled: Bool

    /// The style for standard output of this process.
    static let standardOutput = TerminalStyle(
        isEnabled: wantsColour(isTerminal: isatty(STDOUT_FILENO) == 1, environment: ProcessEnvironment.current))

    /// The rule, apart from the process, so it reads as one place.
    static func wantsColour(isTerminal: Bool, environment: [String: String]) -> Bool {
        guard isTerminal else { return false }
        if let noColour = environment["NO_COLOR"], !noColour.isEmpty { return false }
        return environment["TERM"] != "dumb"
    }

    func bold(_ text: String) -> String { wrap(text, "1") }
    func dim(_ text: String) -> String { wrap(text, "2") }
    func green(_ text: String) -> String { wrap(text, "32") }
    func yellow(_ text: String) -> String { wrap(text, "33") }
    func cyan(_ text: String) -> String { wrap(text, "36") }

    /// `text` padded to `width` columns, then styled: padding first keeps columns aligned,
    /// because escape sequences take no room on screen.
    func padded(_ text: String, to width: Int, _ style: (TerminalStyle) -> (String) -> String) -> String {
        let padding = String(repeating: " ", count: max(0, width - text.count))
        return style(self)(text) + padding
    }

    private func wrap(_ text: String, _ code: String) -> String {
        isEnabled ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text
    }
}
