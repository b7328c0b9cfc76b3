import Testing
@testable import NoContactCore

@Suite("TOMLSourceLocator")
struct TOMLSourceLocatorTests {
    typealias Position = TOMLSourceLocator.Position

    static let text = """
        top = 1
        list = [
          1,
          # a comment with ] and , in it
          "x, ] y",

          [2, 3],
        ]
        inline = { k = 1, s = "v" }
        long = \"\"\"
        line "quoted" ]
        \"\"\"
        after = true
        [sec]
          u = 2 # trailing
        [[arr]]
        a = 1
        [[arr]]
        a = 2
        """

    /// Keys and values on plain lines are found at their first character.
    @Test func plainKeysAndValues() {
        let locator = TOMLSourceLocator(text: Self.text)
        #expect(locator.key("top") == Position(line: 1, column: 1))
        #expect(locator.value("top") == Position(line: 1, column: 7))
        #expect(locator.key("sec.u") == Position(line: 15, column: 3))
        #expect(locator.value("sec.u") == Position(line: 15, column: 7))
    }

    /// Elements of a multi-line array (past comments holding brackets, strings holding commas,
    /// and nested arrays) are found by index.
    @Test func multiLineArrayElements() {
        let locator = TOMLSourceLocator(text: Self.text)
        #expect(locator.key("list") == Position(line: 2, column: 1))
        #expect(locator.value("list") == Position(line: 2, column: 8))
        #expect(locator.value("list[0]") == Position(line: 3, column: 3))
        #expect(locator.value("list[1]") == Position(line: 5, column: 3))
        #expect(locator.value("list[2]") == Position(line: 7, column: 3))
        #expect(locator.value("list[2][1]") == Position(line: 7, column: 7))
        #expect(locator.value("list[3]") == nil)
    }

    /// Values of an inline table are found by dotted path.
    @Test func inlineTableValues() {
        let locator = TOMLSourceLocator(text: Self.text)
        #expect(locator.key("inline") == Position(line: 9, column: 1))
        #expect(locator.value("inline") == Position(line: 9, column: 10))
        #expect(locator.value("inline.k") == Position(line: 9, column: 16))
        #expect(locator.value("inline.s") == Position(line: 9, column: 23))
    }

    /// Keys of an inline table are found at their first character, like every other key.
    @Test
    func inlineTableKeys() {
        let locator = TOMLSourceLocator(text: Self.text)
        #expect(locator.key("inline.k") == Position(line: 9, column: 12))
        #expect(locator.key("inline.s") == Position(line: 9, column: 19))
    }

    /// A multi-line string is skipped whole, so the next key keeps its true line.
    @Test func multiLineStringIsSkipped() {
        let locator = TOMLSourceLocator(text: Self.text)
        #expect(locator.value("long") == Position(line: 10, column: 8))
        #expect(locator.key("after") == Position(line: 13, column: 1))
    }

    /// Tables of an array of tables are numbered in order, and table headers are located.
    @Test func arrayOfTablesAreNumbered() {
        let locator = TOMLSourceLocator(text: Self.text)
        #expect(locator.key("sec") == Position(line: 14, column: 1))
        #expect(locator.key("arr[0]") == Position(line: 16, column: 1))
        #expect(locator.key("arr[0].a") == Position(line: 17, column: 1))
        #expect(locator.key("arr[1]") == Position(line: 18, column: 1))
        #expect(locator.value("arr[1].a") == Position(line: 19, column: 5))
    }

    /// Columns count Unicode scalars, so text with accents and emoji does not shift positions.
    @Test func columnsCountScalars() {
        let locator = TOMLSourceLocator(text: "name = \"Zoë 🌱\"\ndays = 3\n")
        #expect(locator.value("days") == Position(line: 2, column: 8))
        let line = TOMLSourceLocator(text: "a = [\"é\", \"x\"]\n")
        #expect(line.value("a[1]") == Position(line: 1, column: 11))
    }
}
