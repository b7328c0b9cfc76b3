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

@Suite("Config NUL bytes")
struct ConfigNULTests {
    /// A NUL byte is refused at its line and column, not taken as the end of the file.
    @Test func nulIsRefusedWhereItIs() {
        #expect(configErrors("timezone = \"UTC\"\nfoo\u{0}bar = 1\n") ==
            "cfg.toml:2:4: the file contains a NUL byte; a config is plain text (was it saved by the wrong program, or cut short?)")
    }

    /// What follows a NUL is not ignored: an invalid key after it would otherwise pass.
    @Test func textAfterNulIsNotIgnored() {
        #expect(configErrors("timezone = \"UTC\"\n\u{0}\nnot a key\n") != nil)
    }

    /// A file of NULs is not a valid, empty config.
    @Test func fileOfNULs() {
        #expect(configErrors(String(repeating: "\u{0}", count: 64)) ==
            "cfg.toml:1:1: the file contains a NUL byte; a config is plain text (was it saved by the wrong program, or cut short?)")
    }
}
