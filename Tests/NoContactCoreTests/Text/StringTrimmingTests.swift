import NoContactCore
import Testing

/// The Foundation-free trimming (Core, the service and the daemon use it), against what
/// `trimmingCharacters(in: .whitespacesAndNewlines)` and `(in: .whitespaces)` gave before.
@Suite("Whitespace trimming")
struct WhitespaceTrimmingTests {
    @Test(arguments: [
        ("  a reason  ", "a reason"),
        ("\n\t two words \r\n", "two words"),
        ("inner  space\tstays", "inner  space\tstays"),
        ("\u{00A0}\u{2003}no-break and em spaces\u{3000}", "no-break and em spaces"),
        ("\u{2028}line separator\u{85}", "line separator"),
        ("   \n\t", ""),
        ("", ""),
        ("ünïcödé 🌱", "ünïcödé 🌱"),
    ])
    func trims(input: String, expected: String) {
        #expect(input.trimmingWhitespace() == expected)
        #expect(input[...].trimmingWhitespace() == expected)
    }

    /// Spaces and tabs only: line breaks stay.
    @Test func trimmingSpacesKeepsLineBreaks() {
        #expect(" \t\u{00A0}two words\n ".trimmingSpaces() == "two words\n")
        #expect("\nkept\n".trimmingSpaces() == "\nkept\n")
    }

    /// Scalars, not characters: a combining mark after a leading space is one character with
    /// it, yet Foundation kept the mark, and so do we.
    @Test func keepsACombiningMarkAfterASpace() {
        #expect(" \u{0301}x ".trimmingWhitespace().unicodeScalars.map(\.value) == [0x301, 0x78])
    }
}
