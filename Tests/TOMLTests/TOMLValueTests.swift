import TOML
import Testing

/// Values of every TOML 1.0 kind read as the specification says.
@Suite("TOML values")
struct TOMLValueTests {
    private func value(_ text: String) throws -> TOMLValue {
        try #require(try TOMLParser.parse("v = " + text)["v"])
    }

    @Test func strings() throws {
        #expect(try value(#""tab\there \"q\" \\ \u00E9 \U0001F600""#).string == "tab\there \"q\" \\ é 😀")
        #expect(try value(#"'C:\Users\no escapes'"#).string == #"C:\Users\no escapes"#)
        #expect(try value("\"\"\"\nfirst\r\nsecond\"\"\"").string == "first\nsecond")
        // A backslash at the end of a line joins it to the next, dropping the whitespace.
        #expect(try value("\"\"\"one \\  \n\n    two\"\"\"").string == "one two")
        // Up to two quotes may sit just inside the closing ones.
        #expect(try value("\"\"\"say \"\"hi\"\"\"\"\"").string == "say \"\"hi\"\"")
        #expect(try value("'''it''s'''''").string == "it''s''")
        #expect(try value("''").string == "")
    }

    @Test func integers() throws {
        #expect(try value("+1_000").integer == 1000)
        #expect(try value("-9223372036854775808").integer == .min)
        #expect(try value("9223372036854775807").integer == .max)
        #expect(try value("0xDEAD_beef").integer == 0xDEAD_BEEF)
        #expect(try value("0o755").integer == 0o755)
        #expect(try value("0b1101").integer == 13)
        #expect(try value("-0").integer == 0)
    }

    @Test func floats() throws {
        #expect(try value("6.626e-34").float == 6.626e-34)
        #expect(try value("-2E+2_2").float == -2e22)
        #expect(try value("3_141.5927").float == 3141.5927)
        #expect(try value("-inf").float == -.infinity)
        #expect(try value("+nan").float?.isNaN == true)
        #expect(try value("0e0").float == 0)
    }

    @Test func booleans() throws {
        #expect(try value("true").boolean == true)
        #expect(try value("false").boolean == false)
    }

    @Test func datesAndTimes() throws {
        guard case let .offsetDateTime(odt) = try value("1979-05-27 07:32:00.999999-07:00").content else {
            Issue.record("not an offset date-time")
            return
        }
        #expect(odt.offsetMinutes == -420)
        #expect(odt.time.nanosecond == 999_999_000)
        #expect(odt.description == "1979-05-27T07:32:00.999999-07:00")
        guard case let .localDateTime(ldt) = try value("2024-02-29t23:59:60").content else {
            Issue.record("not a local date-time")
            return
        }
        #expect(ldt.description == "2024-02-29T23:59:60")
        guard case let .localDate(date) = try value("1979-05-27").content else {
            Issue.record("not a local date")
            return
        }
        #expect(date == TOMLLocalDate(year: 1979, month: 5, day: 27))
        guard case let .localTime(time) = try value("00:32:00.1234567891").content else {
            Issue.record("not a local time")
            return
        }
        // Digits past nanoseconds are dropped, as the specification allows.
        #expect(time == TOMLLocalTime(hour: 0, minute: 32, second: 0, nanosecond: 123_456_789))
        guard case let .offsetDateTime(utc) = try value("1979-05-27T07:32:00z").content else {
            Issue.record("not an offset date-time")
            return
        }
        #expect(utc.description == "1979-05-27T07:32:00Z")
    }

    @Test func arraysAndInlineTables() throws {
        let array = try #require(try value("[ 1, 'two', [3.0], {k = true}, ] # done").array)
        #expect(array.count == 4)
        #expect(array[0].integer == 1)
        #expect(array[1].string == "two")
        #expect(array[2].array?.first?.float == 3)
        #expect(array[3].table?["k"]?.boolean == true)
        let table = try #require(try value("{ a.b = 1, a.c = 2, \"q k\" = {} }").table)
        #expect(table["a"]?.table?.keys.map(\.name) == ["b", "c"])
        #expect(table["q k"]?.table?.isEmpty == true)
        #expect(try value("[\n  1, # one\n\n  2\n]").array?.count == 2)
    }

    /// Small tables are searched by a scan and large ones through an index: both must find
    /// every key, keep the written order and refuse a key set twice.
    @Test(arguments: [1, 8, 9, 40])
    func tablesOfEverySize(keys: Int) throws {
        let names = (0..<keys).map { "k\($0)" }
        let lines = names.enumerated().map { "\($1) = \($0)" }.joined(separator: "\n")
        let root = try TOMLParser.parse(lines + "\nu = {" + lines.replacing("\n", with: ", ") + "}\n[t]\n" + lines + "\n")
        let header = try #require(root["t"]?.table)
        let inline = try #require(root["u"]?.table)
        for table in [root, header, inline] {
            #expect(table.keys.map(\.name).filter { $0.hasPrefix("k") } == names)
            for (number, name) in names.enumerated() {
                #expect(table[name]?.integer == Int64(number))
            }
            #expect(table["absent"] == nil)
        }
        let duplicate = lines + "\nk\(keys - 1) = 0"
        #expect(throws: TOMLError.self) { try TOMLParser.parse(duplicate) }
        #expect(throws: TOMLError.self) { try TOMLParser.parse("[t]\n" + duplicate) }

        var built = TOMLTable(at: TOMLPosition(line: 1, column: 1), origin: .root)
        let first = TOMLPosition(line: 1, column: 1)
        let second = TOMLPosition(line: 2, column: 1)
        for name in names {
            let added = built.insert(TOMLKey(name, at: first), TOMLValue(.boolean(true), at: first))
            #expect(added)
        }
        for name in names {
            let added = built.insert(TOMLKey(name, at: second), TOMLValue(.boolean(false), at: second))
            #expect(!added)
            #expect(built[name]?.boolean == true)
        }
        #expect(built.count == keys)
    }

    @Test func kindDescriptions() throws {
        #expect(try value("1").kindDescription == "an integer")
        #expect(try value("'x'").kindDescription == "a string")
        #expect(try value("{}").kindDescription == "a table")
        #expect(try value("1979-05-27").kindDescription == "a local date")
    }
}
