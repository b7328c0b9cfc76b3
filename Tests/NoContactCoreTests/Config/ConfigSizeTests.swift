import Testing
@testable import NoContactCore

@Suite("Config size limits")
struct ConfigSizeTests {
    /// A prompt of few characters but many bytes (each character carries combining marks) is refused by its UTF-8 size, at the value.
    @Test func promptTextOverTwoThousandBytes() {
        // 100 characters (grapheme clusters) of 21 bytes each: "e" and ten combining acute accents.
        let character = "e" + String(repeating: "\u{0301}", count: 10)
        let text = String(repeating: character, count: 100)
        #expect(text.count == 100)
        #expect(configErrors("[[prompt]]\ntext = \"\(text)\"\ntheme = \"space\"\n") ==
            "cfg.toml:2:8: the prompt's text is 2100 bytes long in UTF-8; keep it to 2000 or fewer")
    }

    /// 500 characters of 2000 bytes exactly are accepted.
    @Test func promptTextOfTwoThousandBytes() {
        let text = String(repeating: "🌱", count: 500)
        #expect(text.utf8.count == 2000)
        #expect(configErrors("[[prompt]]\ntext = \"\(text)\"\ntheme = \"space\"\n") == nil)
    }
}
