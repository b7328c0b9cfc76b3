extension StringProtocol {
    /// The text without the white space (Unicode's White_Space property, line breaks included)
    /// at either end: what Foundation's `trimmingCharacters(in: .whitespacesAndNewlines)` does,
    /// on the standard library alone, because the modules the daemon links import no full
    /// Foundation (issue 15). Works on Unicode scalars as Foundation does, so a combining mark
    /// after a leading space stays.
    package func trimmingWhitespace() -> String {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }),
              let last = scalars.lastIndex(where: { !$0.properties.isWhitespace })
        else { return "" }
        return String(String.UnicodeScalarView(scalars[first...last]))
    }
}
