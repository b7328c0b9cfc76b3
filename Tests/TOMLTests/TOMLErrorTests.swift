import TOML
import Testing

/// Each kind of error, with where it is reported and what it tells the person editing.
@Suite("TOML errors")
struct TOMLErrorTests {
    /// The error `text` fails with, printed as `line:column: message`.
    private func failure(_ text: String) -> String? {
        failure(bytes: Array(text.utf8))
    }

    private func failure(bytes: [UInt8]) -> String? {
        do {
            _ = try TOMLParser.parse(bytes: bytes)
            return nil
        } catch {
            return error.description
        }
    }

    private func kind(_ text: String) -> TOMLError.Kind? {
        do {
            _ = try TOMLParser.parse(text)
            return nil
        } catch {
            return error.kind
        }
    }

    @Test func invalidUTF8() {
        #expect(failure(bytes: Array("a = 1\nb = \"é".utf8) + [0xFF, 0x22]) == "2:7: this is not UTF-8 text; save the file as UTF-8")
        // An overlong encoding and an encoded surrogate are not UTF-8 either.
        #expect(failure(bytes: Array("s = \"".utf8) + [0xC0, 0xAF, 0x22])?.hasPrefix("1:6: this is not UTF-8") == true)
        #expect(failure(bytes: Array("s = \"".utf8) + [0xED, 0xA0, 0x80, 0x22])?.hasPrefix("1:6: this is not UTF-8") == true)
    }

    @Test func controlCharacters() {
        #expect(failure("# a\u{7F}b\n") == "1:4: control character U+007F is not allowed in a comment; remove it")
        #expect(
            failure("s = \"a\u{01}\"") == "1:7: control character U+0001 is not allowed in a string; write it as an escape such as \\u0001")
        #expect(failure("a = 1\u{0C}\n") == "1:6: control character U+000C is not allowed in the document; remove it")
        #expect(failure("a = \"\0\"") == "1:6: control character U+0000 is not allowed in a string; write it as an escape such as \\u0000")
        #expect(failure("\0") == "1:1: control character U+0000 is not allowed in the document; remove it")
        // Tab is the one control character allowed as it is.
        #expect(failure("s = \"a\tb\" # c\td") == nil)
    }

    @Test func loneCarriageReturn() {
        #expect(
            failure("a = 1\rb = 2") == "1:6: a carriage return must be followed by a line feed; save the file with LF or CRLF line endings")
        #expect(kind("# c\r\n") == nil)
    }

    @Test func unexpectedEnd() {
        #expect(failure("[table") == "1:7: the file ends where ']' to close the header should be")
        #expect(failure("a = [1,") == "1:8: the file ends where a value should be")
    }

    @Test func unexpectedCharacter() {
        #expect(failure("a = [1 2]") == "1:8: expected ',' or ']' after an array element, found '2'")
        #expect(failure("a.=1") == "1:3: expected a key (letters, digits, '_' and '-', or a quoted key), found '='")
        #expect(failure("a = {b = 1 c = 2}") == "1:12: expected ',' or '}' in the inline table, found 'c'")
    }

    @Test func missingEqualsAndValue() {
        #expect(failure("name\n") == "1:5: the key 'name' needs a value: write name = value")
        #expect(failure("a.\"b c\" = \n") == "1:11: the key 'a.\"b c\"' has no value after '='")
        #expect(failure("name x = 1") == "1:6: expected '=' after the key 'name', found 'x'")
    }

    @Test func extraAfterLine() {
        #expect(
            failure("a = 1 b = 2")
                == "1:7: 'b' cannot follow the value on the same line; put each key = value and each [header] on its own line, and start comments with #"
        )
        #expect(
            failure("[t] x")
                == "1:5: 'x' cannot follow the header on the same line; put each key = value and each [header] on its own line, and start comments with #"
        )
        #expect(failure("a = \"x\" // note")?.hasPrefix("1:9: '/' cannot follow the value") == true)
    }

    @Test func strings() {
        #expect(
            failure("s = \"abc\nd\"")
                == "1:9: this string is not closed before the end of the line; close it, or use \"\"\"triple quotes\"\"\" for text over several lines"
        )
        #expect(failure("s = '''abc") == "1:11: this string is never closed; add ''' where it should end")
        #expect(
            failure("s = \"a\\qb\"")
                == "1:7: \\q is not an escape TOML knows; the escapes are \\b \\t \\n \\f \\r \\\" \\\\ \\uXXXX \\UXXXXXXXX (write \\\\ for a backslash)"
        )
        #expect(
            failure("s = \"\\uD800\"")
                == "1:6: \\uD800 does not name a Unicode character; \\u takes 4 hex digits and \\U 8, outside D800–DFFF and at most 10FFFF")
        #expect(failure("s = \"\\U00110000\"")?.hasPrefix("1:6: \\U00110000 does not name") == true)
        #expect(failure("s = \"\\u12\"")?.hasPrefix("1:6: \\u12 does not name") == true)
        #expect(failure("s = \"\"\"a \\ b\"\"\"")?.hasPrefix("1:10: a backslash followed by a space is not an escape") == true)
        #expect(
            failure("s = \"\"\"a\"\"\"\"\"\"")
                == "1:14: expected the end of the string (at most two quotes can come right before the closing \"\"\"; escape the others), found more quotes"
        )
    }

    @Test func numbers() {
        #expect(failure("n = 07") == "1:5: '07' is not a valid number: leading zeros are not allowed (write 7, not 07)")
        #expect(failure("n = 1__0") == "1:5: '1__0' is not a valid number: an underscore must sit between two digits")
        #expect(failure("n = -0x1") == "1:5: '-0x1' is not a valid number: hexadecimal, octal and binary numbers cannot have a sign")
        #expect(failure("n = 0b102") == "1:5: '0b102' is not a valid number: '2' is not a binary digit")
        #expect(failure("n = 1.") == "1:5: '1.' is not a valid number: a decimal point needs digits on both sides (write 1.0, not 1.)")
        #expect(failure("n = 1e") == "1:5: '1e' is not a valid number: the exponent needs digits")
        #expect(
            failure("n = 9223372036854775808")
                == "1:5: 9223372036854775808 is too large for an integer; integers go from -9223372036854775808 to 9223372036854775807")
        #expect(failure("n = 0x8000000000000000")?.hasPrefix("1:5: 0x8000000000000000 is too large for an integer") == true)
        #expect(failure("n = 1e400") == "1:5: '1e400' is not a valid number: it is too large for a float")
    }

    @Test func datesAndTimes() {
        #expect(failure("d = 2023-02-29") == "1:5: '2023-02-29' is not a valid date or time: that month has no day 29")
        #expect(failure("d = 2023-13-01") == "1:5: '2023-13-01' is not a valid date or time: the month must be 01 to 12")
        #expect(failure("t = 07:32") == "1:5: '07:32' is not a valid date or time: write the time as HH:MM:SS (seconds are required)")
        #expect(failure("t = 24:00:00") == "1:5: '24:00:00' is not a valid date or time: the hour must be 00 to 23")
        #expect(
            failure("d = 1979-05-27T07:32:00+7:00")
                == "1:5: '1979-05-27T07:32:00+7:00' is not a valid date or time: the offset hour needs 2 digits")
        // The message shows the value as written, space and all.
        #expect(
            failure("d = 1979-05-27 07:32")
                == "1:5: '1979-05-27 07:32' is not a valid date or time: write the time as HH:MM:SS (seconds are required)")
        #expect(
            failure("d = 1979-05-27X07:32:00")
                == "1:5: '1979-05-27X07:32:00' is not a valid date or time: a date and a time are separated by 'T' or a space")
    }

    @Test func invalidValue() {
        #expect(failure("v = yes") == "1:5: 'yes' is not a value; put text in quotes (\"yes\"), and write true or false in lower case")
        #expect(failure("v = True") == "1:5: 'True' is not a value; put text in quotes (\"True\"), and write true or false in lower case")
        #expect(failure("v = =") == "1:5: expected a value, found '='")
    }

    @Test func duplicateKeys() {
        #expect(failure("a = 1\na = 2") == "2:1: 'a' is already set at line 1, column 1; a key can be set only once in a table")
        #expect(failure("a.b = 1\na.b = 2") == "2:3: 'a.b' is already set at line 1, column 3; a key can be set only once in a table")
        #expect(failure("a = 1\n\"a\" = 2")?.hasPrefix("2:1: 'a' is already set") == true)
        #expect(failure("t = {a = 1, a = 2}") == "1:13: 'a' is already set at line 1, column 6; a key can be set only once in a table")
        // A table made by a header is a key of its parent like any other.
        #expect(failure("[a.b]\n[a]\nb = 1")?.hasPrefix("3:1: 'b' is already set at line 1, column 4") == true)
    }

    @Test func tableRedefinition() {
        #expect(failure("[t]\nx = 1\n[t]") == "3:1: table [t] is already defined at line 1, column 1; put all of its keys under one header")
        // A table made by dotted keys cannot get a header later.
        #expect(
            failure("[f]\napple.color = 1\n[f.apple]")
                == "3:1: table [f.apple] is already defined at line 2, column 1; put all of its keys under one header")
        // ... but a header may add a sub-table to it.
        #expect(failure("[f]\napple.color = 1\n[f.apple.texture]\nsmooth = true") == nil)
        // Naming a table on the way to another does not define it.
        #expect(failure("[a.b]\n[a]\n[a.c]") == nil)
    }

    @Test func notExtendable() {
        #expect(failure("a = 1\n[a.b]") == "2:2: 'a' is an integer (line 1, column 1), so nothing more can be added to it here")
        #expect(
            failure("t = {x = 1}\nt.y = 2") == "2:1: 't' is an inline table (line 1, column 1), so nothing more can be added to it here")
        #expect(failure("t = {x = 1}\n[t]") == "2:1: 't' is an inline table (line 1, column 1), so nothing more can be added to it here")
        #expect(
            failure("t = {x = {y = 1}, x.z = 2}")
                == "1:19: 'x' is an inline table (line 1, column 6), so nothing more can be added to it here")
        #expect(failure("a = []\n[[a]]") == "2:1: 'a' is an array (line 1, column 1), so nothing more can be added to it here")
        #expect(
            failure("[a]\n[[a]]")
                == "2:1: 'a' is a table, not an array of tables (line 1, column 1), so nothing more can be added to it here")
        #expect(
            failure("[[a]]\n[a]")
                == "2:1: 'a' is an array of tables, written [[a]] (line 1, column 1), so nothing more can be added to it here")
        #expect(
            failure("[a.b]\nz = 9\n[a]\nb.t = 1")
                == "4:1: 'b' is a table with its own [header] (line 1, column 1), so nothing more can be added to it here")
        // A header reaches into the last table of an array of tables.
        #expect(failure("[[a]]\n[a.b]\n[[a]]\n[a.b]") == nil)
    }

    @Test func inlineTablesStayOnOneLine() {
        #expect(
            failure("t = { a = 1,\n b = 2 }")
                == "1:13: an inline table { ... } must stay on one line; use a [table] header for a longer table")
        #expect(failure("t = { a = 1, }") == "1:14: an inline table cannot end with a comma; remove the comma before '}'")
    }

    @Test func theErrorCarriesLineAndColumn() throws {
        let error = try #require(throws: TOMLError.self) { try TOMLParser.parse("ok = 1\n  bad = nope") }
        #expect(error.line == 2)
        #expect(error.column == 9)
        #expect(error.position == TOMLPosition(line: 2, column: 9))
        #expect(error.kind == .invalidValue(text: "nope"))
    }
}
