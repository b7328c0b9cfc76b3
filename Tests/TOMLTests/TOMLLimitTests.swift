import TOML
import Testing

/// Nesting is bounded at `TOMLParser.maximumDepth` levels below the root, whichever way the
/// document nests: arrays, inline tables, dotted keys or headers.
@Suite("TOML limits")
struct TOMLLimitTests {
    private let limit = TOMLParser.maximumDepth
    private let tooDeep = "arrays, inline tables and tables are nested more than 128 levels deep"

    @Test func theLimitIs128() {
        #expect(limit == 128)
    }

    /// `a = ` then `depth` nested arrays: the arrays sit 1 to `depth` levels below the root.
    private func arrays(_ depth: Int) -> String {
        "a = " + String(repeating: "[", count: depth) + String(repeating: "]", count: depth)
    }

    @Test func arrays() throws {
        _ = try TOMLParser.parse(arrays(limit))
        #expect(throws: TOMLError(.nestingTooDeep(limit: 128), at: TOMLPosition(line: 1, column: 5 + limit))) {
            try TOMLParser.parse(arrays(limit + 1))
        }
    }

    @Test func inlineTables() throws {
        func tables(_ depth: Int) -> String {
            "a = " + Array(repeating: "{b = ", count: depth - 1).joined() + "{}" + String(repeating: "}", count: depth - 1)
        }
        _ = try TOMLParser.parse(tables(limit))
        let error = try #require(throws: TOMLError.self) { try TOMLParser.parse(tables(limit + 1)) }
        #expect(error.kind == .nestingTooDeep(limit: 128))
        #expect(error.message == tooDeep)
    }

    @Test func dottedKeysAndHeaders() throws {
        let keys = { (count: Int) in (1...count).map { "k\($0)" }.joined(separator: ".") }
        // A dotted key of n parts makes n - 1 tables: 128 tables deep is the most.
        _ = try TOMLParser.parse(keys(limit + 1) + " = 1")
        #expect(throws: TOMLError.self) { try TOMLParser.parse(keys(limit + 2) + " = 1") }
        #expect(throws: TOMLError.self) { try TOMLParser.parse(keys(limit + 1) + " = []") }
        _ = try TOMLParser.parse("[" + keys(limit) + "]")
        let error = try #require(throws: TOMLError.self) { try TOMLParser.parse("[" + keys(limit + 1) + "]") }
        #expect(error.kind == .nestingTooDeep(limit: 128))
        // Reported at the part of the key that goes past the limit.
        #expect(error.column == 1 + keys(limit).utf8.count + 2)
    }

    @Test func mixedNestingCountsEveryLevel() throws {
        // 100 tables by header, then arrays up to the limit.
        let header = "[" + (1...100).map { "t\($0)" }.joined(separator: ".") + "]\n"
        // `a` is a key of the 100th table: its arrays sit at levels 101 to 128.
        _ = try TOMLParser.parse(header + "a = " + String(repeating: "[", count: limit - 100) + String(repeating: "]", count: limit - 100))
        #expect(throws: TOMLError.self) {
            try TOMLParser.parse(header + "a = " + String(repeating: "[", count: limit - 99) + String(repeating: "]", count: limit - 99))
        }
    }

    @Test func deepInputIsRefusedNotCrashed() {
        // Far past the limit: refused at the limit instead of exhausting the stack.
        #expect(throws: TOMLError.self) { try TOMLParser.parse("a = " + String(repeating: "[", count: 100_000)) }
        #expect(throws: TOMLError.self) { try TOMLParser.parse("a = " + String(repeating: "{b=", count: 100_000)) }
    }
}
