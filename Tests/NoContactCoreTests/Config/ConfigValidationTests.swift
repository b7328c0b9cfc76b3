import Foundation
import Testing

@testable import NoContactCore

/// Every validation error, with its exact text and place (`file:line:column: message`).
@Suite("Config validation errors")
struct ConfigValidationTests {
    // MARK: TOML syntax

    /// A syntax error is reported at the parser's position with its explanation.
    @Test func syntaxErrorHasPosition() {
        #expect(
            configErrors("timezone = \"Europe/Berlin\"\nname = \n")
                == "cfg.toml:2:8: this is not valid TOML: the key 'name' has no value after '='")
    }

    /// An unterminated string is a syntax error on its own line.
    @Test func unterminatedStringIsSyntaxError() {
        #expect(
            configErrors("[[period]]\nname = \"Sam\n")
                == "cfg.toml:2:12: this is not valid TOML: this string is not closed before the end of the line; close it, or use \"\"\"triple quotes\"\"\" for text over several lines"
        )
    }

    /// A key written twice is a syntax error at the second one, naming where the first is.
    @Test func duplicateKeyIsSyntaxError() {
        #expect(
            configErrors("[prompts]\norder = \"phased\"\norder = \"shuffle\"\n")
                == "cfg.toml:3:1: this is not valid TOML: 'order' is already set at line 2, column 1; a key can be set only once in a table"
        )
    }

    // MARK: Unknown keys

    /// An unknown top-level key is reported at the key with the nearest valid key.
    @Test func unknownTopLevelKeySuggests() {
        #expect(
            configErrors("timezon = \"Europe/Berlin\"\n")
                == "cfg.toml:1:1: unknown key \"timezon\" in the top level; did you mean \"timezone\"?")
    }

    /// An unknown key in [[period]] is reported with the nearest period key.
    @Test func unknownPeriodKeySuggests() {
        #expect(configErrors(validPeriod + "dayz = 30\n") == "cfg.toml:4:1: unknown key \"dayz\" in [[period]]; did you mean \"days\"?")
    }

    /// An unknown key in [prompts] is reported at its (indented) column with a suggestion.
    @Test func unknownPromptsKeySuggests() {
        #expect(
            configErrors("[prompts]\n  catchup = \"all\"\n")
                == "cfg.toml:2:3: unknown key \"catchup\" in [prompts]; did you mean \"catch_up\"?")
    }

    /// An unknown key with no close match lists every valid key of its section.
    @Test func unknownKeyWithoutMatchListsValidKeys() {
        #expect(
            configErrors("[socket]\ncolour = \"blue\"\n")
                == "cfg.toml:2:1: unknown key \"colour\" in [socket]; valid keys are: enabled, path")
        #expect(
            configErrors("foo = 1\n")
                == "cfg.toml:1:1: unknown key \"foo\" in the top level; valid keys are: timezone, period, prompts, prompt, delivery, socket, support"
        )
    }

    /// Unknown keys in [[prompt]] and [delivery] are reported too.
    @Test func unknownKeysInPromptAndDelivery() {
        #expect(
            configErrors("[[prompt]]\ntext = \"Why?\"\ntheme = \"space\"\nday = 3\n")
                == "cfg.toml:4:1: unknown key \"day\" in [[prompt]]; did you mean \"days\"?")
        #expect(
            configErrors("[delivery]\njournl = true\n") == "cfg.toml:2:1: unknown key \"journl\" in [delivery]; did you mean \"journal\"?")
    }

    /// An unknown key inside an inline table is reported at the key itself.
    @Test
    func unknownKeyInInlineTablePointsAtKey() {
        #expect(
            configErrors("socket = { enabled = true, pth = \"/x\" }\n")
                == "cfg.toml:1:28: unknown key \"pth\" in [socket]; did you mean \"path\"?")
    }

    // MARK: [[period]]

    /// A period without a name is reported at its [[period]] header.
    @Test func missingName() {
        #expect(
            configErrors("[[period]]\nstart = 2026-11-20\n")
                == "cfg.toml:1:1: this [[period]] needs a name: who you are giving space to, like: name = \"Sam\"")
    }

    /// A blank name is reported at the value.
    @Test func emptyName() {
        #expect(
            configErrors("[[period]]\nname = \"  \"\nstart = 2026-11-20\n")
                == "cfg.toml:2:8: the period's name is empty; write who you are giving space to, like: name = \"Sam\"")
    }

    /// A name that is not text says so and what was found.
    @Test func nameOfWrongType() {
        #expect(
            configErrors("[[period]]\nname = 7\nstart = 2026-11-20\n")
                == "cfg.toml:2:8: name must be text in quotes, like: name = \"Sam\" (found a whole number)")
    }

    /// A name longer than 64 characters is refused with its length.
    @Test func nameTooLong() {
        let name = String(repeating: "a", count: 65)
        #expect(
            configErrors("[[period]]\nname = \"\(name)\"\nstart = 2026-11-20\n")
                == "cfg.toml:2:8: the period's name is 65 characters long; keep it to 64 or fewer")
    }

    /// A second period with the same name points at itself and mentions the line of the first.
    @Test func duplicateNames() {
        let text = """
            [[period]]
            name = "Sam"
            start = 2026-11-20

            [[period]]
            name = "Sam"
            start = 2026-12-01
            """
        #expect(configErrors(text) == "cfg.toml:6:8: another period is already named \"Sam\" (line 2); give each period its own name")
    }

    /// A period without a start is reported at its header.
    @Test func missingStart() {
        #expect(
            configErrors("[[period]]\nname = \"Sam\"\n") == "cfg.toml:1:1: this [[period]] needs a start date, like: start = 2026-11-20")
    }

    /// A quoted date-looking start says to remove the quotes, showing the date.
    @Test func startAsQuotedDate() {
        #expect(
            configErrors("[[period]]\nname = \"Sam\"\nstart = \"2026-11-20\"\n")
                == "cfg.toml:3:9: write the date without quotes, like: start = 2026-11-20")
    }

    /// A quoted start that is no date at all says so and shows the form.
    @Test func startAsQuotedGarbage() {
        #expect(
            configErrors("[[period]]\nname = \"Sam\"\nstart = \"last week\"\n")
                == "cfg.toml:3:9: \"last week\" is not a date; write the day of the last contact without quotes, like: start = 2026-11-20")
        #expect(
            configErrors("[[period]]\nname = \"Sam\"\nstart = \"2026-02-30\"\n")
                == "cfg.toml:3:9: \"2026-02-30\" is not a date; write the day of the last contact without quotes, like: start = 2026-11-20")
    }

    /// A start with a zone offset (or Z) is refused: the configured timezone is used.
    @Test(arguments: ["2026-11-20T18:30:00+01:00", "2026-11-20T18:30:00Z"])
    func startWithOffset(start: String) {
        #expect(
            configErrors("[[period]]\nname = \"Sam\"\nstart = \(start)\n")
                == "cfg.toml:3:9: write the start without a zone offset, like: start = 2026-11-20T18:30:00; the configured timezone is used"
        )
    }

    /// A start of another type (a number, a time) names what was found.
    @Test func startOfWrongType() {
        #expect(
            configErrors("[[period]]\nname = \"Sam\"\nstart = 20261120\n")
                == "cfg.toml:3:9: start must be a date, like: start = 2026-11-20 (found a whole number)")
        #expect(
            configErrors("[[period]]\nname = \"Sam\"\nstart = 18:30:00\n")
                == "cfg.toml:3:9: start must be a date, like: start = 2026-11-20 (found a time)")
    }

    /// days of the wrong type names the type found.
    @Test func daysWrongType() {
        #expect(
            configErrors(validPeriod + "days = \"30\"\n")
                == "cfg.toml:4:8: days must be a whole number, the length in days, like: days = 30 (found text)")
        #expect(
            configErrors(validPeriod + "days = 30.0\n")
                == "cfg.toml:4:8: days must be a whole number, the length in days, like: days = 30 (found a decimal number)")
    }

    /// days outside 1...3650 names the range and the value.
    @Test(arguments: [0, 3651, -5])
    func daysOutOfRange(days: Int) {
        #expect(
            configErrors(validPeriod + "days = \(days)\n")
                == "cfg.toml:4:8: days must be between 1 and 3650, the length in days (found \(days))")
    }

    /// A milestone after the period's end points at that list element.
    @Test func milestoneAfterEnd() {
        #expect(
            configErrors(validPeriod + "days = 10\nmilestones = [3, 7, 14]\n")
                == "cfg.toml:5:21: milestone day 14 is after the end of this 10-day period; remove it or make days longer")
    }

    /// A milestone that is not a whole number from 1 is reported at its element.
    @Test func milestoneNotPositive() {
        #expect(
            configErrors(validPeriod + "milestones = [7, 0]\n")
                == "cfg.toml:4:18: each entry of milestones must be a whole number from 1 to 3650, like: milestones = [7, 14, 30]")
        #expect(
            configErrors(validPeriod + "milestones = 7\n")
                == "cfg.toml:4:14: milestones must be a list of whole numbers, like: milestones = [7, 14, 30] (found a whole number)")
    }

    /// A kind of allowed contact that is not one lowercase word is reported at its element.
    @Test func badAllowKind() {
        #expect(
            configErrors(validPeriod + "allow = [\"children\", \"Bills!\"]\n")
                == "cfg.toml:4:22: \"Bills!\" is not a kind of contact; use one short lowercase word, like \"children\" or \"bills\"")
        #expect(
            configErrors(validPeriod + "allow = [\"\"]\n")
                == "cfg.toml:4:10: \"\" is not a kind of contact; use one short lowercase word, like \"children\" or \"bills\"")
    }

    /// allow entries that are not text name the type found.
    @Test func allowEntryOfWrongType() {
        #expect(
            configErrors(validPeriod + "allow = [\"bills\", 3]\n")
                == "cfg.toml:4:19: each entry of allow must be text in quotes, like: allow = [\"children\", \"bills\"] (found a whole number)"
        )
    }

    /// `[period]` with single brackets is explained at its header.
    @Test func periodWithSingleBrackets() {
        #expect(
            configErrors("[period]\nname = \"Sam\"\nstart = 2026-11-20\n")
                == "cfg.toml:1:1: periods are written as [[period]] tables (two brackets), each with a name and a start")
    }

    // MARK: [prompts]

    /// A bad hour points inside the string, at the hour, and says what systemd would accept.
    @Test func scheduleHourOutOfRange() {
        #expect(
            configErrors("[prompts]\nschedule = [\"08:30\", \"25:00\"]\n")
                == "cfg.toml:2:23: \"25:00\" is not a calendar expression systemd accepts: hour 25 is out of range 0..23; write one like \"21:00\" or \"Mon..Fri 08:30\""
        )
    }

    /// Each bad entry of one schedule list is reported at its own column inside its string.
    @Test func scheduleErrorsPointInsideEachString() {
        #expect(
            configErrors("[prompts]\nschedule = [\"08:30\", \"25:00\", \"Mon..Fry 21:00\"]\n") == """
                cfg.toml:2:23: "25:00" is not a calendar expression systemd accepts: hour 25 is out of range 0..23; write one like "21:00" or "Mon..Fri 08:30"
                cfg.toml:2:37: "Mon..Fry 21:00" is not a calendar expression systemd accepts: expected a weekday (Mon..Sun) after '.', found 'Fry'; write one like "21:00" or "Mon..Fri 08:30"
                """)
    }

    /// In the `*-*-* HH:MM:SS` form and a single string, the column still points at the bad field.
    @Test func scheduleColumnInsideCalendarForm() {
        #expect(
            configErrors("[prompts]\nschedule = \"*-*-* 21:60:00\"\n")
                == "cfg.toml:2:22: \"*-*-* 21:60:00\" is not a calendar expression systemd accepts: minute 60 is out of range 0..59; write one like \"21:00\" or \"Mon..Fri 08:30\""
        )
    }

    /// An empty expression is reported at the start of the string.
    @Test func scheduleEmpty() {
        #expect(
            configErrors("[prompts]\nschedule = [\"\"]\n")
                == "cfg.toml:2:14: \"\" is not a calendar expression systemd accepts: the expression is empty; write e.g. '*-*-* 09:00' or 'daily'; write one like \"21:00\" or \"Mon..Fri 08:30\""
        )
    }

    /// A schedule of the wrong type, or a list entry of the wrong type, names what was found.
    @Test func scheduleOfWrongType() {
        #expect(
            configErrors("[prompts]\nschedule = 9\n")
                == "cfg.toml:2:12: schedule must be a list of texts in quotes, like: schedule = [\"08:30\", \"21:00\"] (found a whole number)"
        )
        #expect(
            configErrors("[prompts]\nschedule = [\"08:30\", 9]\n")
                == "cfg.toml:2:22: each entry of schedule must be text in quotes, like: schedule = [\"08:30\", \"21:00\"] (found a whole number)"
        )
    }

    /// A misspelt order suggests the nearest and lists the choices.
    @Test func badOrderSuggests() {
        #expect(
            configErrors("[prompts]\norder = \"phasd\"\n")
                == "cfg.toml:2:9: \"phasd\" is not a valid order; did you mean \"phased\"? choose one of: phased, sequential, shuffle")
    }

    /// An order with no close match only lists the choices.
    @Test func badOrderWithoutMatch() {
        #expect(
            configErrors("[prompts]\norder = \"random\"\n")
                == "cfg.toml:2:9: \"random\" is not a valid order; choose one of: phased, sequential, shuffle")
    }

    /// A misspelt catch_up suggests the nearest and lists the choices.
    @Test func badCatchUpSuggests() {
        #expect(
            configErrors("[prompts]\ncatch_up = \"lates\"\n")
                == "cfg.toml:2:12: \"lates\" is not a valid catch_up; did you mean \"latest\"? choose one of: none, latest, all")
    }

    /// builtin in quotes is refused as not a boolean.
    @Test func builtinNotBoolean() {
        #expect(
            configErrors("[prompts]\nbuiltin = \"yes\"\n") == "cfg.toml:2:11: builtin must be true or false, without quotes (found text)")
    }

    /// Quiet hours that are not a window say how to write one.
    @Test(arguments: ["22:30", "25:00-07:00", "22:30-7:3", "22.30-07.30", "22:30-07:30-08:00"])
    func badQuietHours(window: String) {
        #expect(
            configErrors("[prompts]\nquiet = \"\(window)\"\n")
                == "cfg.toml:2:9: \"\(window)\" is not a window of quiet hours; write start and end times, like: quiet = \"22:30-07:30\"")
    }

    /// Quiet hours that start and end at the same minute are refused.
    @Test func emptyQuietWindow() {
        #expect(
            configErrors("[prompts]\nquiet = \"07:00-07:00\"\n")
                == "cfg.toml:2:9: quiet hours \"07:00-07:00\" start and end at the same time; write a window, like \"22:30-07:30\", or remove the key"
        )
    }

    /// [prompts] written as a value instead of a table is explained at the value.
    @Test func promptsNotATable() {
        #expect(
            configErrors("prompts = \"daily\"\n") == "cfg.toml:1:11: prompts is a section; write it as a table on its own line: [prompts]")
    }

    /// [[prompts]] (two brackets) for a single section is explained at its header.
    @Test
    func promptsWrittenAsArrayOfTables() {
        #expect(
            configErrors("[[prompts]]\norder = \"phased\"\n")
                == "cfg.toml:1:1: prompts is a section; write it as a table on its own line: [prompts]")
    }

    // MARK: [[prompt]]

    /// A prompt without text is reported at its header.
    @Test func promptMissingText() {
        #expect(
            configErrors("[[prompt]]\ntheme = \"space\"\n")
                == "cfg.toml:1:1: this [[prompt]] needs a text, like: text = \"What did I learn today?\"")
    }

    /// A blank prompt text is reported at the value.
    @Test func promptEmptyText() {
        #expect(
            configErrors("[[prompt]]\ntext = \"\"\ntheme = \"space\"\n")
                == "cfg.toml:2:8: the prompt's text is empty; write the question you want to be asked")
    }

    /// A prompt text over 500 characters is refused with its length.
    @Test func promptTextTooLong() {
        let text = String(repeating: "x", count: 501)
        #expect(
            configErrors("[[prompt]]\ntext = \"\(text)\"\ntheme = \"space\"\n")
                == "cfg.toml:2:8: the prompt's text is 501 characters long; keep it to 500 or fewer")
    }

    /// A prompt without theme is reported at its header with every theme listed.
    @Test func promptMissingTheme() {
        #expect(
            configErrors("[[prompt]]\ntext = \"Why?\"\n")
                == "cfg.toml:1:1: this [[prompt]] needs a theme, one of: space, self-care, apology, understanding, change, growth, actions, listening, gesture, acceptance"
        )
    }

    /// A misspelt theme suggests the nearest one.
    @Test func promptBadTheme() {
        #expect(
            configErrors("[[prompt]]\ntext = \"Why?\"\ntheme = \"listenin\"\n")
                == "cfg.toml:3:9: \"listenin\" is not a valid theme; did you mean \"listening\"? choose one of: space, self-care, apology, understanding, change, growth, actions, listening, gesture, acceptance"
        )
    }

    /// A reversed range of days is explained at the value.
    @Test func promptReversedDayRange() {
        #expect(
            configErrors("[[prompt]]\ntext = \"Why?\"\ntheme = \"space\"\ndays = \"30..8\"\n")
                == "cfg.toml:4:8: \"30..8\" is not a range of days; the first day must be 1 or more and not after the last, like \"8..30\"")
        #expect(
            configErrors("[[prompt]]\ntext = \"Why?\"\ntheme = \"space\"\ndays = \"0..8\"\n")
                == "cfg.toml:4:8: \"0..8\" is not a range of days; the first day must be 1 or more and not after the last, like \"8..30\"")
    }

    /// days that are not a range, or a day before 1, say how to write them.
    @Test func promptDaysNotARange() {
        #expect(
            configErrors("[[prompt]]\ntext = \"Why?\"\ntheme = \"space\"\ndays = \"eight\"\n")
                == "cfg.toml:4:8: days must be a range of days of the period, like: days = \"8..30\"")
        #expect(
            configErrors("[[prompt]]\ntext = \"Why?\"\ntheme = \"space\"\ndays = 0\n")
                == "cfg.toml:4:8: days start at 1; write a day or a range, like: days = \"8..30\"")
    }

    /// `[prompt]` with single brackets is explained at its header.
    @Test func promptWithSingleBrackets() {
        #expect(
            configErrors("[prompt]\ntext = \"Why?\"\ntheme = \"space\"\n")
                == "cfg.toml:1:1: your own prompts are written as [[prompt]] tables (two brackets), each with a text and a theme")
    }

    // MARK: [delivery], [socket], timezone

    /// An empty command, or one with an empty program, is refused.
    @Test(arguments: ["[]", "[\"\", \"x\"]"])
    func emptyDeliveryCommand(command: String) {
        #expect(
            configErrors("[delivery]\ncommand = \(command)\n")
                == "cfg.toml:2:11: the command is empty; name a program and its arguments, like: command = [\"notify-send\", \"{title}\", \"{body}\"]"
        )
    }

    /// A command given as one string (not argv) is refused.
    @Test func deliveryCommandAsString() {
        #expect(
            configErrors("[delivery]\ncommand = \"notify-send hi\"\n")
                == "cfg.toml:2:11: command must be a list of texts in quotes, like: command = [\"notify-send\", \"{title}\", \"{body}\"] (found text)"
        )
    }

    /// A relative socket path is refused with the accepted prefixes.
    @Test func relativeSocketPath() {
        #expect(
            configErrors("[socket]\npath = \"nocontact.sock\"\n")
                == "cfg.toml:2:8: the socket path must be absolute; start it with /, %t/ (the runtime directory) or %h/ (home), like \"%t/nocontact/control.socket\""
        )
    }

    /// A socket path longer than a Unix socket allows is refused with its length.
    @Test func socketPathTooLong() {
        let path = "/" + String(repeating: "s", count: 100)
        #expect(
            configErrors("[socket]\npath = \"\(path)\"\n")
                == "cfg.toml:2:8: the socket path is 101 bytes long; Unix sockets allow about 100, so choose a shorter one")
    }

    /// socket.enabled in quotes is refused as not a boolean.
    @Test func socketEnabledNotBoolean() {
        #expect(configErrors("[socket]\nenabled = \"no\"\n") == "cfg.toml:2:11: enabled must be true or false, without quotes (found text)")
    }

    /// An unknown zone with a close match suggests it.
    @Test func unknownTimeZoneSuggests() {
        #expect(
            configErrors("timezone = \"Europe/Berlim\"\n")
                == "cfg.toml:1:12: \"Europe/Berlim\" is not a known time zone; did you mean \"Europe/Berlin\"?")
        #expect(
            configErrors("timezone = \"America/New_Yrok\"\n")
                == "cfg.toml:1:12: \"America/New_Yrok\" is not a known time zone; did you mean \"America/New_York\"?")
    }

    /// An unknown zone without a close match names an example.
    @Test func unknownTimeZoneWithoutMatch() {
        #expect(
            configErrors("timezone = \"Europe/Nowhere\"\n")
                == "cfg.toml:1:12: \"Europe/Nowhere\" is not a known time zone; use a name from the tz database, like \"Europe/Berlin\"")
    }

    /// A timezone that is not text names the type found.
    @Test func timeZoneOfWrongType() {
        #expect(
            configErrors("timezone = 1\n")
                == "cfg.toml:1:12: timezone must be text in quotes, like: timezone = \"Europe/Berlin\" (found a whole number)")
    }

    // MARK: Several at once

    /// Every problem of a file is reported in one ConfigError, one per line, in file order.
    @Test func severalErrorsReportedTogether() throws {
        let text = """
            timezone = "Mars/Olympus"
            colour = "blue"

            [[period]]
            name = ""
            start = "yesterday"
            days = 0

            [prompts]
            schedule = ["24:00"]
            order = "shufle"

            [[prompt]]
            theme = "hope"

            [socket]
            path = "relative.sock"
            """
        let expected = """
            cfg.toml:1:12: "Mars/Olympus" is not a known time zone; use a name from the tz database, like "Europe/Berlin"
            cfg.toml:2:1: unknown key "colour" in the top level; valid keys are: timezone, period, prompts, prompt, delivery, socket, support
            cfg.toml:5:8: the period's name is empty; write who you are giving space to, like: name = "Sam"
            cfg.toml:6:9: "yesterday" is not a date; write the day of the last contact without quotes, like: start = 2026-11-20
            cfg.toml:7:8: days must be between 1 and 3650, the length in days (found 0)
            cfg.toml:10:14: "24:00" is not a calendar expression systemd accepts: hour 24 is out of range 0..23; write one like "21:00" or "Mon..Fri 08:30"
            cfg.toml:11:9: "shufle" is not a valid order; did you mean "shuffle"? choose one of: phased, sequential, shuffle
            cfg.toml:13:1: this [[prompt]] needs a text, like: text = "What did I learn today?"
            cfg.toml:14:9: "hope" is not a valid theme; choose one of: space, self-care, apology, understanding, change, growth, actions, listening, gesture, acceptance
            cfg.toml:17:8: the socket path must be absolute; start it with /, %t/ (the runtime directory) or %h/ (home), like "%t/nocontact/control.socket"
            """
        #expect(configErrors(text) == expected)
        let issues = configIssues(text)
        #expect(issues.count == 10)
        #expect(issues.allSatisfy { $0.line != nil && $0.column != nil })
    }

    /// The file name given to the parser is the one printed.
    @Test func fileNameIsThePrefix() {
        do {
            _ = try ConfigParser.parse("foo = 1\n", file: "/home/u/.config/nocontact/config.toml", zones: testZones)
            Issue.record("expected an error")
        } catch {
            #expect(error.file == "/home/u/.config/nocontact/config.toml")
            #expect(error.description.hasPrefix("/home/u/.config/nocontact/config.toml:1:1: unknown key \"foo\""))
        }
    }

    /// An issue without a column prints the file and line only.
    @Test func issueDescriptionWithoutColumn() {
        let error = ConfigError(file: "f.toml", issues: [.init(line: 3, column: nil, message: "a")])
        #expect(error.description == "f.toml:3: a")
    }
}
