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
        #expect(
            configErrors("[[prompt]]\ntext = \"\(text)\"\ntheme = \"space\"\n")
                == "cfg.toml:2:8: the prompt's text is 2100 bytes long in UTF-8; keep it to 2000 or fewer")
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
        #expect(
            configErrors("timezone = \"UTC\"\nfoo\u{0}bar = 1\n")
                == "cfg.toml:2:4: the file contains a NUL byte; a config is plain text (was it saved by the wrong program, or cut short?)")
    }

    /// What follows a NUL is not ignored: an invalid key after it would otherwise pass.
    @Test func textAfterNulIsNotIgnored() {
        #expect(configErrors("timezone = \"UTC\"\n\u{0}\nnot a key\n") != nil)
    }

    /// A file of NULs is not a valid, empty config.
    @Test func fileOfNULs() {
        #expect(
            configErrors(String(repeating: "\u{0}", count: 64))
                == "cfg.toml:1:1: the file contains a NUL byte; a config is plain text (was it saved by the wrong program, or cut short?)")
    }
}

/// How many periods, schedule entries and prompts one config may hold.
@Suite("Config count limits")
struct ConfigCountLimitTests {
    static func periods(_ count: Int) -> String {
        (0..<count).map { "[[period]]\nname = \"p\($0)\"\nstart = 2026-11-20\n" }.joined(separator: "\n")
    }

    static func prompts(_ count: Int) -> String {
        (0..<count).map { "[[prompt]]\ntext = \"q\($0)?\"\ntheme = \"space\"\n" }.joined(separator: "\n")
    }

    @Test func periodsUpToTheLimitAreAccepted() throws {
        #expect(configErrors(Self.periods(ConfigLimits.maximumPeriods)) == nil)
        let over = configErrors(Self.periods(ConfigLimits.maximumPeriods + 1)) ?? ""
        // Each period takes 4 lines: the 1001st starts at line 4001.
        #expect(
            over
                == "cfg.toml:4001:1: a config holds at most 1000 [[period]] tables, and this is number 1001 of 1001; remove the ones that have ended"
        )
    }

    @Test func scheduleEntriesUpToTheLimitAreAccepted() {
        func config(_ count: Int) -> String {
            validPeriod + "[prompts]\nschedule = [" + Array(repeating: "\"09:00\"", count: count).joined(separator: ", ") + "]\n"
        }
        #expect(configErrors(config(ConfigLimits.maximumScheduleEntries)) == nil)
        let over = configErrors(config(ConfigLimits.maximumScheduleEntries + 1)) ?? ""
        #expect(over.hasPrefix("cfg.toml:5:") && over.contains("schedule holds at most 1000 times, not 1001"))
    }

    @Test func promptsUpToTheLimitAreAccepted() {
        #expect(configErrors(validPeriod + Self.prompts(ConfigLimits.maximumPrompts)) == nil)
        let over = configErrors(validPeriod + Self.prompts(ConfigLimits.maximumPrompts + 1)) ?? ""
        #expect(over.contains("a config holds at most 10000 [[prompt]] tables, and this is number 10001 of 10001"))
    }
}
