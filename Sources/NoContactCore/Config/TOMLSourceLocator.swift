/// Finds where keys and values sit in TOML text, by key path such as `period[1].days` or
/// `prompts.schedule[0]`.
///
/// TOMLKit reports positions for syntax errors only; the values it returns carry none. Config
/// validation needs line and column for semantic errors too, so this small scanner walks the
/// (already successfully parsed) text once and records where each key and value starts.
public struct TOMLSourceLocator: Sendable {
    /// A 1-based line and column (columns count Unicode scalars).
    public struct Position: Sendable, Equatable {
        public var line: Int
        public var column: Int
    }

    private var keyPositions: [String: Position] = [:]
    private var valuePositions: [String: Position] = [:]

    public init(text: String) {
        var scanner = Scanner(text: text)
        var tablePrefix = ""
        var arrayCounts: [String: Int] = [:]
        while true {
            scanner.skipBlankLinesAndComments()
            guard let current = scanner.current else { break }
            let start = scanner.position
            if current == "[" {
                let isArrayOfTables = scanner.peek(1) == "["
                scanner.advance(isArrayOfTables ? 2 : 1)
                let name = scanner.readKeyPath()
                if isArrayOfTables {
                    let index = arrayCounts[name, default: 0]
                    arrayCounts[name] = index + 1
                    tablePrefix = "\(name)[\(index)]"
                    // The first header also stands for the whole array (e.g. [[prompts]] written
                    // where [prompts] was meant).
                    if index == 0 {
                        keyPositions[name] = start
                        valuePositions[name] = start
                    }
                } else {
                    tablePrefix = name
                }
                keyPositions[tablePrefix] = start
                valuePositions[tablePrefix] = start
            } else {
                let key = scanner.readKeyPath()
                let path = tablePrefix.isEmpty ? key : "\(tablePrefix).\(key)"
                keyPositions[path] = start
                scanner.skipSpaces()
                if scanner.current == "=" { scanner.advance(1) }
                scanner.skipSpaces()
                readValue(&scanner, path: path)
            }
            scanner.skipToEndOfLine()
        }
    }

    /// Where the key at `path` is written (for a table: its header).
    public func key(_ path: String) -> Position? { keyPositions[path] }

    /// Where the value at `path` starts (for a table: its header).
    public func value(_ path: String) -> Position? { valuePositions[path] ?? keyPositions[path] }

    private mutating func readValue(_ scanner: inout Scanner, path: String) {
        valuePositions[path] = scanner.position
        switch scanner.current {
        case "\"", "'":
            scanner.skipString()
        case "[":
            scanner.advance(1)
            var index = 0
            while true {
                scanner.skipBlankLinesAndComments()
                guard let current = scanner.current else { return }
                if current == "]" { scanner.advance(1); return }
                let before = scanner.offset
                readValue(&scanner, path: "\(path)[\(index)]")
                index += 1
                scanner.skipBlankLinesAndComments()
                if scanner.current == "," { scanner.advance(1) }
                if scanner.offset == before { scanner.advance(1) }  // never loop on odd input
            }
        case "{":
            scanner.advance(1)
            while true {
                scanner.skipSpaces()
                guard let current = scanner.current, current != "\n" else { return }
                if current == "}" { scanner.advance(1); return }
                let before = scanner.offset
                let keyStart = scanner.position
                let key = scanner.readKeyPath()
                let keyPath = "\(path).\(key)"
                keyPositions[keyPath] = keyStart
                scanner.skipSpaces()
                if scanner.current == "=" { scanner.advance(1) }
                scanner.skipSpaces()
                readValue(&scanner, path: keyPath)
                scanner.skipSpaces()
                if scanner.current == "," { scanner.advance(1) }
                if scanner.offset == before { scanner.advance(1) }
            }
        default:
            while let current = scanner.current, !",]}\n#".unicodeScalars.contains(current) {
                scanner.advance(1)
            }
        }
    }
}

/// A cursor over TOML text that keeps track of line and column.
private struct Scanner {
    private let scalars: [Unicode.Scalar]
    private(set) var offset = 0
    private var line = 1
    private var column = 1

    init(text: String) { scalars = Array(text.unicodeScalars) }

    var current: Unicode.Scalar? { offset < scalars.count ? scalars[offset] : nil }
    var position: TOMLSourceLocator.Position { .init(line: line, column: column) }

    func peek(_ distance: Int) -> Unicode.Scalar? {
        offset + distance < scalars.count ? scalars[offset + distance] : nil
    }

    mutating func advance(_ count: Int) {
        for _ in 0..<count {
            guard let current else { return }
            if current == "\n" {
                line += 1
                column = 1
            } else {
                column += 1
            }
            offset += 1
        }
    }

    mutating func skipSpaces() {
        while current == " " || current == "\t" || current == "\r" { advance(1) }
    }

    mutating func skipToEndOfLine() {
        while let current, current != "\n" { advance(1) }
    }

    mutating func skipBlankLinesAndComments() {
        while let current {
            switch current {
            case " ", "\t", "\r", "\n": advance(1)
            case "#": skipToEndOfLine()
            default: return
            }
        }
    }

    /// Reads `a.b."c d"` and returns the segments joined with dots, quotes removed.
    mutating func readKeyPath() -> String {
        var segments: [String] = []
        while true {
            skipSpaces()
            guard let current else { break }
            if current == "\"" || current == "'" {
                segments.append(readQuotedKey(quote: current))
            } else {
                var segment = ""
                while let scalar = self.current, scalar.properties.isAlphabetic || ("0"..."9").contains(scalar)
                    || scalar == "_" || scalar == "-"
                {
                    segment.unicodeScalars.append(scalar)
                    advance(1)
                }
                segments.append(segment)
            }
            skipSpaces()
            guard self.current == "." else { break }
            advance(1)
        }
        skipSpaces()
        if self.current == "]" { advance(1) }
        if self.current == "]" { advance(1) }
        return segments.joined(separator: ".")
    }

    private mutating func readQuotedKey(quote: Unicode.Scalar) -> String {
        advance(1)
        var key = ""
        while let current, current != quote, current != "\n" {
            if quote == "\"", current == "\\", let next = peek(1) {
                key.unicodeScalars.append(next)
                advance(2)
                continue
            }
            key.unicodeScalars.append(current)
            advance(1)
        }
        advance(1)
        return key
    }

    /// Skips a basic, literal or multi-line string starting at the current quote.
    mutating func skipString() {
        guard let quote = current else { return }
        let isMultiLine = peek(1) == quote && peek(2) == quote
        advance(isMultiLine ? 3 : 1)
        while let current {
            if quote == "\"", current == "\\" {
                advance(2)
                continue
            }
            if current == quote {
                if !isMultiLine { advance(1); return }
                if peek(1) == quote, peek(2) == quote {
                    advance(3)
                    // A multi-line string may end with up to two extra quotes.
                    while self.current == quote { advance(1) }
                    return
                }
            }
            if current == "\n", !isMultiLine { return }
            advance(1)
        }
    }
}
