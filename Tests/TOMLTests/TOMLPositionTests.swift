import TOML
import Testing

/// Every key, value and table carries the line and column where the document wrote it.
@Suite("TOML positions")
struct TOMLPositionTests {
    private func pos(_ line: Int, _ column: Int) -> TOMLPosition { TOMLPosition(line: line, column: column) }

    @Test func keysAndValuesOfTheRootTable() throws {
        let table = try TOMLParser.parse("title = \"x\"\n  count=  42 # comment\n")
        #expect(table.position == pos(1, 1))
        #expect(table.origin == .root)
        #expect(table.key("title")?.position == pos(1, 1))
        #expect(table["title"]?.position == pos(1, 9))
        #expect(table.key("count")?.position == pos(2, 3))
        #expect(table["count"]?.position == pos(2, 11))
        #expect(table.keys.map(\.name) == ["title", "count"])
    }

    @Test func headersDottedKeysAndImplicitTables() throws {
        let table = try TOMLParser.parse(
            """
            [a.b]
            x.y = 1
            [ a ]
            """)
        let a = try #require(table["a"]?.table)
        // `a` was first named on the way to [a.b], then defined by its own header on line 3.
        #expect(table.key("a")?.position == pos(1, 2))
        #expect(a.position == pos(3, 1))
        #expect(a.origin == .header)
        let b = try #require(a["b"]?.table)
        #expect(a.key("b")?.position == pos(1, 4))
        #expect(b.position == pos(1, 1))
        let x = try #require(b["x"]?.table)
        #expect(x.origin == .dottedKey)
        #expect(x.position == pos(2, 1))
        #expect(x.key("y")?.position == pos(2, 3))
        #expect(x["y"]?.position == pos(2, 7))
    }

    @Test func arraysOfTablesAndTheirElements() throws {
        let table = try TOMLParser.parse("[[p]]\nn = 1\n\n[[p]]\nn = 2\n")
        let p = try #require(table["p"])
        #expect(p.position == pos(1, 1))
        let elements = try #require(p.array)
        #expect(elements.map(\.position) == [pos(1, 1), pos(4, 1)])
        #expect(elements[1].table?["n"]?.position == pos(5, 5))
        #expect(elements[1].table?.key("n")?.position == pos(5, 1))
    }

    @Test func arrayElementsAndInlineTables() throws {
        let table = try TOMLParser.parse("a = [ 1,\n  \"two\", {k = 3} ]\nt = { x.y = 'z' }\n")
        let a = try #require(table["a"])
        #expect(a.position == pos(1, 5))
        #expect(a.array?.map(\.position) == [pos(1, 7), pos(2, 3), pos(2, 10)])
        #expect(a.array?[2].table?.key("k")?.position == pos(2, 11))
        #expect(a.array?[2].table?["k"]?.position == pos(2, 15))
        let t = try #require(table["t"]?.table)
        #expect(t.origin == .inline)
        #expect(t.position == pos(3, 5))
        #expect(t["x"]?.table?.key("y")?.position == pos(3, 9))
        #expect(t["x"]?.table?["y"]?.position == pos(3, 13))
    }

    @Test func columnsCountUnicodeScalars() throws {
        // é is 2 bytes and 😀 is 4 in UTF-8; each is one column.
        let table = try TOMLParser.parse("\"é😀\" = \"ü\"\nnext = 1\n")
        #expect(table["é😀"]?.position == pos(1, 8))
        #expect(table.key("next")?.position == pos(2, 1))
    }

    @Test func stringsReadInOneRunKeepTheColumn() throws {
        // Strings without escapes are skipped in one step: the columns after them must be
        // those of a scalar-by-scalar walk, with escapes, tabs and multi-byte characters.
        let table = try TOMLParser.parse("a = \"é\t😀\" # c\nb = 'ü😀'\nc = \"x\\té\"\nd = 1\n")
        #expect(table["a"]?.string == "é\t😀")
        #expect(table["b"]?.string == "ü😀")
        #expect(table["c"]?.string == "x\té")
        #expect(table.key("d")?.position == pos(4, 1))
        #expect(failurePosition("a = \"é\t😀\\n\" x") == pos(1, 13))
        #expect(failurePosition("b = 'ü😀' x") == pos(1, 10))
        #expect(failurePosition("c = \"ü😀\u{01}\"") == pos(1, 8))
    }

    private func failurePosition(_ text: String) -> TOMLPosition? {
        do {
            _ = try TOMLParser.parse(text)
            return nil
        } catch {
            return error.position
        }
    }

    @Test func byteOrderMarkAndCRLF() throws {
        let table = try TOMLParser.parse(bytes: [0xEF, 0xBB, 0xBF] + Array("a = 1\r\nb = 2\r\n".utf8))
        #expect(table.key("a")?.position == pos(1, 1))
        #expect(table["b"]?.position == pos(2, 5))
    }

    @Test func multilineStringsMoveLines() throws {
        let table = try TOMLParser.parse("s = \"\"\"\none\ntwo\"\"\"\nafter = true\n")
        #expect(table["s"]?.string == "one\ntwo")
        #expect(table.key("after")?.position == pos(4, 1))
        #expect(table["after"]?.position == pos(4, 9))
    }
}
