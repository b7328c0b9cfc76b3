// libFuzzer entry point for the TOML parser, built by scripts/fuzz-toml (not by SwiftPM).
// The parser's sources are compiled into this module, so no import is needed.
//
// Besides crashes, it checks what must hold for every input: every position in the tree and
// every error position lies inside the document, and a parsed document parses the same way
// again from a String (the parser must not depend on how the bytes arrive).

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTOML(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    let lines = bytes.reduce(1) { $0 + ($1 == UInt8(ascii: "\n") ? 1 : 0) }
    func check(_ position: TOMLPosition) {
        precondition(position.line >= 1 && position.line <= lines, "line \(position.line) outside 1...\(lines)")
        precondition(position.column >= 1 && position.column <= size + 1, "column \(position.column) past the input")
    }
    func walk(_ table: TOMLTable) -> Int {
        check(table.position)
        var count = 1
        for entry in table.entries {
            check(entry.key.position)
            precondition(table[entry.key.name] != nil, "key \(entry.key.name) not found by name")
            count += walk(entry.value)
        }
        return count
    }
    func walk(_ value: TOMLValue) -> Int {
        check(value.position)
        switch value.content {
        case let .table(table): return walk(table)
        case let .array(elements): return elements.reduce(1) { $0 + walk($1) }
        default:
            _ = value.kindDescription
            return 1
        }
    }
    do {
        let table = try TOMLParser.parse(bytes: bytes)
        let count = walk(table)
        if let text = String(validating: bytes, as: UTF8.self) {
            do {
                let again = try TOMLParser.parse(text)
                precondition(walk(again) == count, "parsing the same text as a String gave another tree")
            } catch {
                preconditionFailure("parsing the same text as a String failed: \(error)")
            }
        }
    } catch {
        check(error.position)
        precondition(!error.message.isEmpty)
        _ = error.description
    }
    return 0
}
