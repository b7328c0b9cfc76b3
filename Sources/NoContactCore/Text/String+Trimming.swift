/// Trimming without Foundation's `CharacterSet` (not in FoundationEssentials), with the same
/// character classes as `.whitespaces` and `.whitespacesAndNewlines`.
extension StringProtocol {
    /// Without leading and trailing spaces and tabs (Unicode space separators and U+0009),
    /// like `trimmingCharacters(in: .whitespaces)`.
    package func trimmingSpaces() -> String {
        trimming { $0 == "\t" || $0.properties.generalCategory == .spaceSeparator }
    }

    /// Without leading and trailing whitespace and line breaks, like
    /// `trimmingCharacters(in: .whitespacesAndNewlines)`.
    package func trimmingWhitespace() -> String {
        trimming { $0.properties.isWhitespace }
    }

    private func trimming(_ drop: (Unicode.Scalar) -> Bool) -> String {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !drop($0) }),
            let last = scalars.lastIndex(where: { !drop($0) })
        else { return "" }
        return String(String.UnicodeScalarView(scalars[first...last]))
    }
}
