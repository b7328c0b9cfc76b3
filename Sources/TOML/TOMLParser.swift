/// Reads a TOML 1.0.0 document into a `TOMLTable` whose every key, value and table knows
/// where it was written.
///
/// ```swift
/// let table = try TOMLParser.parse("[owner]\nname = \"Tom\"\n")
/// table["owner"]?.table?["name"]?.position  // 2:8
/// ```
///
/// Limits: tables (whether made by headers, dotted keys or inline tables) and arrays sit at
/// most `maximumDepth` (128) levels below the root, so that a hostile or broken document
/// cannot exhaust the stack of the parser or of code that walks the result; a table at the
/// limit may still hold strings, numbers and dates. The document's size is limited only by
/// memory.
public struct TOMLParser {
    /// How deep tables and arrays may nest below the root: in `a.b.c = [[1]]` the tables
    /// `a` and `b` are at levels 1 and 2, the arrays at levels 3 and 4.
    public static let maximumDepth = 128

    /// Parses `text`, a whole document.
    public static func parse(_ text: String) throws(TOMLError) -> TOMLTable {
        // A String is valid UTF-8 already: no need to check its bytes again.
        try parse(validBytes: Array(text.utf8))
    }

    /// Parses the bytes of a whole document, which must be UTF-8 (a byte-order mark at the
    /// start is skipped).
    public static func parse(bytes: [UInt8]) throws(TOMLError) -> TOMLTable {
        if let bad = firstInvalidUTF8(bytes) {
            var scanner = TOMLScanner(Array(bytes[..<bad]))
            scanner.advance(by: bad)
            throw TOMLError(.invalidUTF8, at: scanner.position)
        }
        return try parse(validBytes: bytes)
    }

    private static func parse(validBytes bytes: [UInt8]) throws(TOMLError) -> TOMLTable {
        var parser = TOMLParser(bytes: bytes)
        try parser.parseDocument()
        return parser.finish(TOMLParser.root)
    }

    private var scanner: TOMLScanner
    /// Every table being built, by number. Tables are reached again by later headers and
    /// dotted keys, so until `finish` they are kept here and named by their number: plain
    /// values in one array, with no object, reference count or run-time exclusivity check
    /// per table (a config has 10,000 of them).
    private var nodes: [TableNode]
    /// The arrays of tables made by `[[headers]]`, by number.
    private var arrays: [ArrayOfTablesNode] = []
    /// The table that key/value lines go into: the root, or the last header's.
    private var current: Int
    /// The root's number in `nodes`.
    private static let root = 0

    private init(bytes: [UInt8]) {
        scanner = TOMLScanner(bytes)
        nodes = [TableNode(origin: .root, position: TOMLPosition(line: 1, column: 1), depth: 0)]
        current = Self.root
    }

    /// A new table below `parent`, refused past `maximumDepth` (reported at `at`).
    private mutating func makeNode(_ origin: TOMLTable.Origin, position: TOMLPosition, parent: Int, at: TOMLPosition) throws(TOMLError)
        -> Int
    {
        let depth = nodes[parent].depth
        guard depth < Self.maximumDepth else { throw TOMLError(.nestingTooDeep(limit: Self.maximumDepth), at: at) }
        nodes.append(TableNode(origin: origin, position: position, depth: depth + 1))
        return nodes.count - 1
    }

    /// The finished table of node `id`; called once per node, when the document (or the
    /// inline table) has been read. The node gives up its slots, so that their memory is
    /// free for the next table's entries.
    private mutating func finish(_ id: Int) -> TOMLTable {
        let slots = nodes[id].takeSlots()
        var entries: [TOMLTable.Entry] = []
        entries.reserveCapacity(slots.count)
        for slot in slots {
            switch slot.value {
            case let .value(value):
                entries.append(.init(key: slot.key, value: value))
            case let .table(child):
                let position = nodes[child].position
                entries.append(.init(key: slot.key, value: TOMLValue(.table(finish(child)), at: position)))
            case let .tables(array):
                let elements = arrays[array].elements
                var values: [TOMLValue] = []
                values.reserveCapacity(elements.count)
                for element in elements {
                    let position = nodes[element].position
                    values.append(TOMLValue(.table(finish(element)), at: position))
                }
                entries.append(.init(key: slot.key, value: TOMLValue(.array(values), at: arrays[array].position)))
            }
        }
        // Keys are distinct: `insert` is only reached after `slot(_:)` found none.
        return TOMLTable(entries: entries, at: nodes[id].position, origin: nodes[id].origin)
    }

    // MARK: - Document

    private mutating func parseDocument() throws(TOMLError) {
        while true {
            scanner.skipWhitespace()
            guard let byte = scanner.peek() else { return }
            if byte == UInt8(ascii: "#") {
                try scanner.skipComment()
            } else if try scanner.consumeNewline() {
                continue
            } else if byte == UInt8(ascii: "[") {
                try parseHeader()
                try endLine(after: "the header")
            } else {
                try parseKeyValue(into: current)
                try endLine(after: "the value")
            }
        }
    }

    /// After a header or key/value pair: only whitespace and a comment may end the line.
    private mutating func endLine(after: String) throws(TOMLError) {
        scanner.skipWhitespace()
        if scanner.peek() == UInt8(ascii: "#") { try scanner.skipComment() }
        if scanner.atEnd { return }
        if try scanner.consumeNewline() { return }
        if let byte = scanner.peek(), isForbiddenControl(byte) { throw scanner.unexpected("the end of the line") }
        throw TOMLError(.extraAfterLine(found: scanner.describeNext, after: after), at: scanner.position)
    }

    // MARK: - Keys

    /// `part(.part)*`, whitespace allowed around the dots.
    private mutating func parseDottedKey() throws(TOMLError) -> DottedKey {
        var key = DottedKey(parents: [], last: try scanner.scanSimpleKey())
        while true {
            scanner.skipWhitespace()
            guard scanner.peek() == UInt8(ascii: ".") else { return key }
            scanner.advance()
            scanner.skipWhitespace()
            key.parents.append(key.last)
            key.last = try scanner.scanSimpleKey()
        }
    }

    /// `a.b.c` as a person would write it again, quoting parts that need quotes.
    private static func display(_ keys: some Collection<TOMLKey>) -> String {
        keys.map { key in
            !key.name.isEmpty && key.name.utf8.allSatisfy(isBareKeyByte) ? key.name : "\"" + key.name + "\""
        }.joined(separator: ".")
    }

    // MARK: - Headers

    /// `[a.b]` or `[[a.b]]`: makes the named table (or a new element of the named array of
    /// tables) the current one.
    private mutating func parseHeader() throws(TOMLError) {
        let start = scanner.position
        scanner.advance()
        let isArray = scanner.peek() == UInt8(ascii: "[")
        if isArray { scanner.advance() }
        scanner.skipWhitespace()
        let keys = try parseDottedKey()
        scanner.skipWhitespace()
        guard scanner.peek() == UInt8(ascii: "]") else {
            throw scanner.unexpected(isArray ? "']]' to close the header" : "']' to close the header")
        }
        scanner.advance()
        if isArray {
            guard scanner.peek() == UInt8(ascii: "]") else { throw scanner.unexpected("']]' to close the header") }
            scanner.advance()
        }

        // Every part but the last: walk into existing tables (the last element of an array
        // of tables), creating missing ones as implicit tables.
        var table = Self.root
        for (index, key) in keys.parents.enumerated() {
            if let slot = nodes[table].slot(key.name) {
                switch slot.value {
                case let .table(child):
                    table = child
                case let .tables(array):
                    table = arrays[array].elements[arrays[array].elements.count - 1]
                case let .value(value):
                    throw TOMLError(
                        .notExtendable(key: Self.display(keys.parents[...index]), what: Self.describe(value), first: slot.key.position),
                        at: key.position)
                }
            } else {
                let child = try makeNode(.implicit, position: key.position, parent: table, at: key.position)
                nodes[table].insert(key, .table(child))
                table = child
            }
        }

        let last = keys.last
        // Only messages need the name as written: worked out when one is made.
        var name: String { Self.display(keys.all) }
        if isArray {
            if let slot = nodes[table].slot(last.name) {
                switch slot.value {
                case let .tables(array):
                    let element = try makeNode(.header, position: start, parent: table, at: last.position)
                    arrays[array].elements.append(element)
                    current = element
                case let .table(child):
                    throw TOMLError(
                        .notExtendable(key: name, what: "a table, not an array of tables", first: nodes[child].position), at: start)
                case let .value(value):
                    throw TOMLError(.notExtendable(key: name, what: Self.describe(value), first: slot.key.position), at: start)
                }
            } else {
                let element = try makeNode(.header, position: start, parent: table, at: last.position)
                arrays.append(ArrayOfTablesNode(position: start, elements: [element]))
                nodes[table].insert(last, .tables(arrays.count - 1))
                current = element
            }
            return
        }
        if let slot = nodes[table].slot(last.name) {
            switch slot.value {
            case let .table(child) where nodes[child].origin == .implicit:
                // Named before only on the way to a sub-table: this is its definition.
                nodes[child].origin = .header
                nodes[child].position = start
                current = child
            case let .table(child):
                throw TOMLError(.tableRedefined(table: name, first: nodes[child].position), at: start)
            case let .tables(array):
                throw TOMLError(
                    .notExtendable(key: name, what: "an array of tables, written [[\(name)]]", first: arrays[array].position), at: start)
            case let .value(value):
                throw TOMLError(.notExtendable(key: name, what: Self.describe(value), first: slot.key.position), at: start)
            }
        } else {
            let child = try makeNode(.header, position: start, parent: table, at: last.position)
            nodes[table].insert(last, .table(child))
            current = child
        }
    }

    // MARK: - Key/value pairs

    /// `key = value` into `table` (the current table, or an inline table being read).
    private mutating func parseKeyValue(into table: Int) throws(TOMLError) {
        let keys = try parseDottedKey()
        scanner.skipWhitespace()
        guard scanner.peek() == UInt8(ascii: "=") else {
            if scanner.atEnd || scanner.atNewline || scanner.peek() == UInt8(ascii: "#") {
                throw TOMLError(.missingEquals(key: Self.display(keys.all)), at: scanner.position)
            }
            throw scanner.unexpected("'=' after the key '\(Self.display(keys.all))'")
        }
        scanner.advance()
        scanner.skipWhitespace()
        if scanner.atEnd || scanner.atNewline || scanner.peek() == UInt8(ascii: "#") {
            throw TOMLError(.missingValue(key: Self.display(keys.all)), at: scanner.position)
        }
        let value = try parseValue(depth: nodes[table].depth + keys.count)
        try insert(keys, value, into: table)
    }

    /// Puts `value` at the dotted `keys` below `table`, creating the tables the dots name.
    /// Dotted keys may pass through tables that dotted keys created (or that headers only
    /// named on the way), never through a table with its own header, an inline table or an
    /// array.
    private mutating func insert(_ keys: DottedKey, _ value: TOMLValue, into table: Int) throws(TOMLError) {
        var table = table
        for (index, key) in keys.parents.enumerated() {
            if let slot = nodes[table].slot(key.name) {
                switch slot.value {
                case let .table(child) where nodes[child].origin == .dottedKey || nodes[child].origin == .implicit:
                    nodes[child].origin = .dottedKey
                    table = child
                case let .table(child):
                    throw TOMLError(
                        .notExtendable(
                            key: Self.display(keys.parents[...index]), what: "a table with its own [header]", first: nodes[child].position),
                        at: key.position)
                case let .tables(array):
                    throw TOMLError(
                        .notExtendable(
                            key: Self.display(keys.parents[...index]), what: "an array of tables", first: arrays[array].position),
                        at: key.position)
                case let .value(value):
                    throw TOMLError(
                        .notExtendable(key: Self.display(keys.parents[...index]), what: Self.describe(value), first: slot.key.position),
                        at: key.position)
                }
            } else {
                let child = try makeNode(.dottedKey, position: key.position, parent: table, at: key.position)
                nodes[table].insert(key, .table(child))
                table = child
            }
        }
        let last = keys.last
        if let slot = nodes[table].slot(last.name) {
            throw TOMLError(.duplicateKey(key: Self.display(keys.all), first: slot.key.position), at: last.position)
        }
        nodes[table].insert(last, .value(value))
    }

    private static func describe(_ value: TOMLValue) -> String {
        switch value.content {
        case .table: return "an inline table"
        case .array: return "an array"
        default: return value.kindDescription
        }
    }

    // MARK: - Values

    /// A value that sits `depth` levels below the root.
    private mutating func parseValue(depth: Int) throws(TOMLError) -> TOMLValue {
        let start = scanner.position
        guard let byte = scanner.peek() else { throw scanner.unexpected("a value") }
        switch byte {
        case UInt8(ascii: "\""):
            let text = scanner.looksAt("\"\"\"") ? try scanner.scanMultilineString(literal: false) : try scanner.scanBasicString()
            return TOMLValue(.string(text), at: start)
        case UInt8(ascii: "'"):
            let text = scanner.looksAt("'''") ? try scanner.scanMultilineString(literal: true) : try scanner.scanLiteralString()
            return TOMLValue(.string(text), at: start)
        case UInt8(ascii: "["):
            return try parseArray(depth: depth)
        case UInt8(ascii: "{"):
            return try parseInlineTable(depth: depth)
        default:
            let (text, start) = scanner.scanBareValue()
            guard !text.isEmpty else { throw scanner.unexpected("a value") }
            return TOMLValue(try TOMLBareValue.parse(text, at: start), at: start)
        }
    }

    /// At `[`: values separated by commas; newlines and comments may come between them, and
    /// a comma may follow the last.
    private mutating func parseArray(depth: Int) throws(TOMLError) -> TOMLValue {
        let start = scanner.position
        guard depth <= Self.maximumDepth else { throw TOMLError(.nestingTooDeep(limit: Self.maximumDepth), at: start) }
        scanner.advance()
        var elements: [TOMLValue] = []
        while true {
            try scanner.skipWhitespaceNewlinesAndComments()
            if scanner.peek() == UInt8(ascii: "]") {
                scanner.advance()
                return TOMLValue(.array(elements), at: start)
            }
            elements.append(try parseValue(depth: depth + 1))
            try scanner.skipWhitespaceNewlinesAndComments()
            if scanner.peek() == UInt8(ascii: ",") {
                scanner.advance()
            } else if scanner.peek() == UInt8(ascii: "]") {
                scanner.advance()
                return TOMLValue(.array(elements), at: start)
            } else {
                throw scanner.unexpected("',' or ']' after an array element")
            }
        }
    }

    /// At `{`: `key = value` pairs separated by commas, all on one line.
    private mutating func parseInlineTable(depth: Int) throws(TOMLError) -> TOMLValue {
        let start = scanner.position
        guard depth <= Self.maximumDepth else { throw TOMLError(.nestingTooDeep(limit: Self.maximumDepth), at: start) }
        scanner.advance()
        nodes.append(TableNode(origin: .inline, position: start, depth: depth))
        let table = nodes.count - 1
        scanner.skipWhitespace()
        if scanner.peek() == UInt8(ascii: "}") {
            scanner.advance()
            return TOMLValue(.table(finish(table)), at: start)
        }
        while true {
            scanner.skipWhitespace()
            if scanner.atNewline || scanner.peek() == UInt8(ascii: "\r") {
                throw TOMLError(.newlineInInlineTable, at: scanner.position)
            }
            try parseKeyValue(into: table)
            scanner.skipWhitespace()
            switch scanner.peek() {
            case UInt8(ascii: ","):
                scanner.advance()
                scanner.skipWhitespace()
                if scanner.peek() == UInt8(ascii: "}") {
                    throw TOMLError(.trailingCommaInInlineTable, at: scanner.position)
                }
            case UInt8(ascii: "}"):
                scanner.advance()
                return TOMLValue(.table(finish(table)), at: start)
            default:
                if scanner.atNewline || scanner.peek() == UInt8(ascii: "#") {
                    throw TOMLError(.newlineInInlineTable, at: scanner.position)
                }
                throw scanner.unexpected("',' or '}' in the inline table")
            }
        }
    }
}

// MARK: - The tree while it is being built

/// A key as written before `=` or in a header: `a.b.c` is parents `a`, `b` and last `c`. Most
/// keys have no dots, and then nothing is allocated for the parents.
private struct DottedKey {
    var parents: [TOMLKey]
    var last: TOMLKey

    var count: Int { parents.count + 1 }
    /// Every part, for messages.
    var all: [TOMLKey] { parents + [last] }
}

/// A table under construction, kept in `TOMLParser.nodes` until `finish`.
private struct TableNode {
    var origin: TOMLTable.Origin
    var position: TOMLPosition
    /// Levels below the root (the root is 0).
    let depth: Int
    private var slots: [Slot] = []
    /// Each key's place in `slots`, once there are too many to scan (see `TOMLKeyIndex`).
    private var index: [String: Int] = [:]

    init(origin: TOMLTable.Origin, position: TOMLPosition, depth: Int) {
        self.origin = origin
        self.position = position
        self.depth = depth
    }

    func slot(_ name: String) -> Slot? {
        guard let at = TOMLKeyIndex.find(name, in: slots, index: index) else { return nil }
        return slots[at]
    }

    mutating func insert(_ key: TOMLKey, _ value: SlotValue) {
        // Room for a few keys at once: most tables are small, and growing one slot at a
        // time reallocated twice for a table of two keys.
        if slots.capacity == 0 { slots.reserveCapacity(4) }
        slots.append(Slot(key: key, value: value))
        TOMLKeyIndex.added(to: &index, entries: slots)
    }

    /// The slots, leaving none behind.
    mutating func takeSlots() -> [Slot] {
        let taken = slots
        slots = []
        index = [:]
        return taken
    }
}

private struct Slot: TOMLKeyed {
    var key: TOMLKey
    var value: SlotValue
}

private enum SlotValue {
    /// A finished value: scalars, arrays and inline tables, which nothing may extend.
    case value(TOMLValue)
    /// A table that headers or dotted keys may still add to: its number in `nodes`.
    case table(Int)
    /// An array of tables made by `[[headers]]`, which later headers append to: its number
    /// in `arrays`.
    case tables(Int)
}

/// An array of tables under construction: the numbers of its tables in `nodes`.
private struct ArrayOfTablesNode {
    let position: TOMLPosition
    var elements: [Int]
}
