/// The lexical layer: walks the document's bytes, keeps the line and column, and reads the
/// pieces that have no structure inside them (keys, strings, numbers, dates, booleans,
/// whitespace, comments). `TOMLParser` puts them together.
///
/// The document is known to be valid UTF-8 before scanning starts (`validateUTF8`), so the
/// scanner can look at bytes: every byte that matters to TOML's grammar is ASCII, and bytes
/// of multi-byte characters only ever get copied.
package struct TOMLScanner {
    package let bytes: [UInt8]
    package private(set) var offset: Int
    package private(set) var position = TOMLPosition(line: 1, column: 1)

    /// Starts at the beginning of `bytes`, past a UTF-8 byte-order mark if there is one
    /// (editors on Windows write one; it is not part of the document).
    package init(_ bytes: [UInt8]) {
        self.bytes = bytes
        let bom: [UInt8] = [0xEF, 0xBB, 0xBF]
        offset = bytes.starts(with: bom) ? 3 : 0
    }

    package var atEnd: Bool { offset >= bytes.count }

    package func peek(_ ahead: Int = 0) -> UInt8? {
        offset + ahead < bytes.count ? bytes[offset + ahead] : nil
    }

    /// Moves past one byte, keeping line and column: a column is one Unicode scalar, so
    /// the continuation bytes of a multi-byte character do not count.
    package mutating func advance() {
        guard offset < bytes.count else { return }
        let byte = bytes[offset]
        offset += 1
        if byte == UInt8(ascii: "\n") {
            position.line += 1
            position.column = 1
        } else if byte & 0xC0 != 0x80 {
            position.column += 1
        }
    }

    package mutating func advance(by count: Int) {
        for _ in 0..<count { advance() }
    }

    /// Whether the next bytes are `text` (ASCII).
    package func looksAt(_ text: StaticString) -> Bool {
        let count = text.utf8CodeUnitCount
        guard offset + count <= bytes.count else { return false }
        return text.withUTF8Buffer { buffer in
            var at = 0
            while at < count {
                if bytes[offset + at] != buffer[at] { return false }
                at += 1
            }
            return true
        }
    }

    // MARK: - Whitespace, newlines, comments

    /// Skips spaces and tabs, the only whitespace TOML has within a line.
    package mutating func skipWhitespace() {
        while let byte = peek(), byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") {
            advance()
        }
    }

    /// Whether a newline (LF or CRLF) comes next.
    package var atNewline: Bool {
        peek() == UInt8(ascii: "\n") || (peek() == UInt8(ascii: "\r") && peek(1) == UInt8(ascii: "\n"))
    }

    /// Consumes one newline if there is one; a CR without LF is an error wherever it is.
    package mutating func consumeNewline() throws(TOMLError) -> Bool {
        if peek() == UInt8(ascii: "\n") {
            advance()
            return true
        }
        if peek() == UInt8(ascii: "\r") {
            guard peek(1) == UInt8(ascii: "\n") else { throw TOMLError(.loneCarriageReturn, at: position) }
            advance(by: 2)
            return true
        }
        return false
    }

    /// At `#`: skips the comment up to (not including) the end of its line. Control
    /// characters other than tab are refused, as the specification says.
    package mutating func skipComment() throws(TOMLError) {
        advance()
        while let byte = peek() {
            if byte == UInt8(ascii: "\n") { return }
            if byte == UInt8(ascii: "\r") {
                if peek(1) == UInt8(ascii: "\n") { return }
                throw TOMLError(.loneCarriageReturn, at: position)
            }
            if isForbiddenControl(byte) {
                throw TOMLError(.controlCharacter(scalar: UInt32(byte), context: "a comment"), at: position)
            }
            advance()
        }
    }

    /// Skips whitespace, newlines and comments: what may separate array elements.
    package mutating func skipWhitespaceNewlinesAndComments() throws(TOMLError) {
        while true {
            skipWhitespace()
            if peek() == UInt8(ascii: "#") {
                try skipComment()
            } else if try !consumeNewline() {
                return
            }
        }
    }

    /// The next character as a person would name it in a message: `'x'`, "a newline", "the
    /// end of the file".
    package var describeNext: String {
        guard let byte = peek() else { return "the end of the file" }
        switch byte {
        case UInt8(ascii: "\n"), UInt8(ascii: "\r"): return "the end of the line"
        case UInt8(ascii: "\t"): return "a tab"
        case UInt8(ascii: " "): return "a space"
        case UInt8(ascii: "'"): return "\"'\""
        case let byte where isForbiddenControl(byte):
            let hex = String(byte, radix: 16, uppercase: true)
            return "control character U+" + String(repeating: "0", count: 4 - hex.count) + hex
        default:
            // The whole character, even when it takes several bytes.
            var end = offset + 1
            while end < bytes.count, bytes[end] & 0xC0 == 0x80 { end += 1 }
            return "'" + String(decoding: bytes[offset..<end], as: UTF8.self) + "'"
        }
    }

    /// An error for an unexpected next character (or end of file) where `expected` belongs.
    package func unexpected(_ expected: String) -> TOMLError {
        if atEnd { return TOMLError(.unexpectedEnd(expected: expected), at: position) }
        if let byte = peek(), isForbiddenControl(byte), byte != UInt8(ascii: "\n"), byte != UInt8(ascii: "\r") {
            return TOMLError(.controlCharacter(scalar: UInt32(byte), context: "the document"), at: position)
        }
        if peek() == UInt8(ascii: "\r"), peek(1) != UInt8(ascii: "\n") {
            return TOMLError(.loneCarriageReturn, at: position)
        }
        return TOMLError(.unexpectedCharacter(found: describeNext, expected: expected), at: position)
    }

    // MARK: - Keys

    /// Reads one part of a key: bare (`A-Z a-z 0-9 _ -`), "basic" or 'literal'.
    package mutating func scanSimpleKey() throws(TOMLError) -> TOMLKey {
        let start = position
        guard let byte = peek() else { throw unexpected("a key") }
        if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'") {
            if looksAt("\"\"\"") || looksAt("'''") {
                throw TOMLError(
                    .unexpectedCharacter(
                        found: "a multi-line string", expected: "a key (keys are bare, \"quoted\" or 'quoted' on one line)"),
                    at: start)
            }
            let name = byte == UInt8(ascii: "\"") ? try scanBasicString() : try scanLiteralString()
            return TOMLKey(name, at: start)
        }
        // Bare keys are ASCII on one line: one column per byte.
        var end = offset
        while end < bytes.count, isBareKeyByte(bytes[end]) { end += 1 }
        guard end > offset else {
            throw unexpected("a key (letters, digits, '_' and '-', or a quoted key)")
        }
        let name = String(decoding: bytes[offset..<end], as: UTF8.self)
        position.column += end - offset
        offset = end
        return TOMLKey(name, at: start)
    }

    // MARK: - Strings

    /// At `"`: a basic string on one line, with escapes.
    package mutating func scanBasicString() throws(TOMLError) -> String {
        advance()
        // Most strings have no escapes: they are read as one run and decoded once.
        var text: [UInt8] = []
        var escaped = false
        while true {
            let run = skipPlainRun(escapes: true, closing: UInt8(ascii: "\""))
            guard let byte = peek() else { throw TOMLError(.unterminatedString(closing: "\""), at: position) }
            switch byte {
            case UInt8(ascii: "\""):
                advance()
                if !escaped { return String(decoding: bytes[run], as: UTF8.self) }
                text.append(contentsOf: bytes[run])
                return String(decoding: text, as: UTF8.self)
            case UInt8(ascii: "\\"):
                escaped = true
                text.append(contentsOf: bytes[run])
                try scanEscape(into: &text, multiline: false)
            default:
                throw badByteInSingleLineString(byte, multiline: "\"\"\"triple quotes\"\"\"")
            }
        }
    }

    /// At `'`: a literal string on one line, taken as written.
    package mutating func scanLiteralString() throws(TOMLError) -> String {
        advance()
        let run = skipPlainRun(escapes: false, closing: UInt8(ascii: "'"))
        guard let byte = peek() else { throw TOMLError(.unterminatedString(closing: "'"), at: position) }
        guard byte == UInt8(ascii: "'") else { throw badByteInSingleLineString(byte, multiline: "'''triple quotes'''") }
        advance()
        return String(decoding: bytes[run], as: UTF8.self)
    }

    /// Moves past the bytes a one-line string takes as they are: everything up to its closing
    /// quote, a backslash (with `escapes`), a line break or another control character. Keeps
    /// the column as `advance()` does, in one step.
    private mutating func skipPlainRun(escapes: Bool, closing: UInt8) -> Range<Int> {
        let start = offset
        var at = offset
        var columns = 0
        while at < bytes.count {
            let byte = bytes[at]
            if byte == closing || (escapes && byte == UInt8(ascii: "\\")) || byte < 0x20 || byte == 0x7F {
                // The tab is the one control character a string may hold.
                if byte != UInt8(ascii: "\t") { break }
            }
            if byte & 0xC0 != 0x80 { columns += 1 }
            at += 1
        }
        offset = at
        position.column += columns
        return start..<at
    }

    /// The error for `byte`, which ended a one-line string's plain run and is neither its
    /// closing quote nor a backslash: a line break or another control character.
    private func badByteInSingleLineString(_ byte: UInt8, multiline: String) -> TOMLError {
        if byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r") {
            if byte == UInt8(ascii: "\r"), peek(1) != UInt8(ascii: "\n") {
                return TOMLError(.loneCarriageReturn, at: position)
            }
            return TOMLError(.newlineInString(multiline: multiline), at: position)
        }
        return TOMLError(.controlCharacter(scalar: UInt32(byte), context: "a string"), at: position)
    }

    /// At `"""` or `'''`: a multi-line string. A newline right after the opening quotes is
    /// not part of the text; CRLF becomes LF; up to two quotes may sit just inside the
    /// closing ones. Basic strings (`"""`) take escapes, including a backslash at the end of
    /// a line, which removes that newline and the whitespace after it.
    package mutating func scanMultilineString(literal: Bool) throws(TOMLError) -> String {
        let quote = literal ? UInt8(ascii: "'") : UInt8(ascii: "\"")
        let closing = literal ? "'''" : "\"\"\""
        advance(by: 3)
        _ = try consumeNewline()
        var text: [UInt8] = []
        while true {
            guard let byte = peek() else { throw TOMLError(.unterminatedString(closing: closing), at: position) }
            if byte == quote {
                var run = 0
                while peek(run) == quote { run += 1 }
                if run < 3 {
                    text.append(contentsOf: repeatElement(quote, count: run))
                    advance(by: run)
                    continue
                }
                if run > 5 {
                    // Three close the string and at most two belong to it; the rest would
                    // start something TOML cannot read.
                    advance(by: 5)
                    throw TOMLError(
                        .unexpectedCharacter(
                            found: "more quotes",
                            expected:
                                "the end of the string (at most two quotes can come right before the closing \(closing); escape the others)"
                        ),
                        at: position)
                }
                text.append(contentsOf: repeatElement(quote, count: run - 3))
                advance(by: run)
                return String(decoding: text, as: UTF8.self)
            }
            if byte == UInt8(ascii: "\\") && !literal {
                try scanEscape(into: &text, multiline: true)
                continue
            }
            if byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r") {
                _ = try consumeNewline()
                text.append(UInt8(ascii: "\n"))
                continue
            }
            if isForbiddenControl(byte) {
                throw TOMLError(.controlCharacter(scalar: UInt32(byte), context: "a string"), at: position)
            }
            text.append(byte)
            advance()
        }
    }

    /// At a backslash inside a basic string: appends what the escape stands for.
    private mutating func scanEscape(into text: inout [UInt8], multiline: Bool) throws(TOMLError) {
        let start = position
        advance()
        guard let byte = peek() else { throw TOMLError(.unterminatedString(closing: multiline ? "\"\"\"" : "\""), at: position) }
        let simple: UInt8?
        switch byte {
        case UInt8(ascii: "b"): simple = 0x08
        case UInt8(ascii: "t"): simple = 0x09
        case UInt8(ascii: "n"): simple = 0x0A
        case UInt8(ascii: "f"): simple = 0x0C
        case UInt8(ascii: "r"): simple = 0x0D
        case UInt8(ascii: "\""): simple = UInt8(ascii: "\"")
        case UInt8(ascii: "\\"): simple = UInt8(ascii: "\\")
        default: simple = nil
        }
        if let simple {
            text.append(simple)
            advance()
            return
        }
        if byte == UInt8(ascii: "u") || byte == UInt8(ascii: "U") {
            let digits = byte == UInt8(ascii: "u") ? 4 : 8
            advance()
            var value: UInt32 = 0
            var written = "\\" + String(UnicodeScalar(byte))
            for _ in 0..<digits {
                guard let digit = peek(), let nibble = hexValue(digit) else {
                    throw TOMLError(.invalidUnicodeEscape(written), at: start)
                }
                written.append(Character(UnicodeScalar(digit)))
                value = value << 4 | UInt32(nibble)
                advance()
            }
            guard let scalar = Unicode.Scalar(value) else {
                throw TOMLError(.invalidUnicodeEscape(written), at: start)
            }
            text.append(contentsOf: String(scalar).utf8)
            return
        }
        if multiline
            && (byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") || byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r"))
        {
            // A line-ending backslash: only whitespace may follow it on its line.
            skipWhitespace()
            guard try consumeNewline() else {
                throw TOMLError(.invalidEscape("a backslash followed by a space"), at: start)
            }
            while true {
                skipWhitespace()
                if try !consumeNewline() { return }
            }
        }
        var end = offset + 1
        while end < bytes.count, bytes[end] & 0xC0 == 0x80 { end += 1 }
        throw TOMLError(.invalidEscape("\\" + String(decoding: bytes[offset..<end], as: UTF8.self)), at: start)
    }

    // MARK: - Bare values

    /// Reads the run of characters that make up a number, date, time, boolean, inf or nan,
    /// with its starting position. A date followed by a space and a time (`1979-05-27
    /// 07:32:00`) is one value, as RFC 3339 allows.
    package mutating func scanBareValue() -> (text: [UInt8], start: TOMLPosition) {
        let start = position
        var text: [UInt8] = []
        while let byte = peek() {
            if isBareValueByte(byte) {
                text.append(byte)
                advance()
            } else if byte == UInt8(ascii: " "), text.count == 10, text[4] == UInt8(ascii: "-"),
                let next = peek(1), isDigit(next), let next2 = peek(2), isDigit(next2), peek(3) == UInt8(ascii: ":")
            {
                text.append(byte)
                advance()
            } else {
                break
            }
        }
        return (text, start)
    }
}

/// U+0000–U+0008, U+000A–U+001F and U+007F: the control characters TOML refuses in
/// comments and strings (tab is allowed; newlines are handled by the caller).
package func isForbiddenControl(_ byte: UInt8) -> Bool {
    (byte < 0x20 && byte != UInt8(ascii: "\t")) || byte == 0x7F
}

package func isDigit(_ byte: UInt8) -> Bool {
    byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
}

package func isBareKeyByte(_ byte: UInt8) -> Bool {
    isDigit(byte) || (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z"))
        || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z"))
        || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "-")
}

/// The characters of numbers, dates, times, booleans, inf and nan.
private func isBareValueByte(_ byte: UInt8) -> Bool {
    isBareKeyByte(byte) || byte == UInt8(ascii: "+") || byte == UInt8(ascii: ".") || byte == UInt8(ascii: ":")
}

package func hexValue(_ byte: UInt8) -> UInt8? {
    switch byte {
    case UInt8(ascii: "0")...UInt8(ascii: "9"): return byte - UInt8(ascii: "0")
    case UInt8(ascii: "a")...UInt8(ascii: "f"): return byte - UInt8(ascii: "a") + 10
    case UInt8(ascii: "A")...UInt8(ascii: "F"): return byte - UInt8(ascii: "A") + 10
    default: return nil
    }
}

/// The offset of the first byte that is not part of well-formed UTF-8 (overlong forms,
/// surrogates and values past U+10FFFF included), or nil when all of `bytes` is UTF-8.
package func firstInvalidUTF8(_ bytes: [UInt8]) -> Int? {
    var at = 0
    while at < bytes.count {
        let lead = bytes[at]
        if lead < 0x80 {
            at += 1
            continue
        }
        let length: Int
        var low: UInt8 = 0x80
        var high: UInt8 = 0xBF
        switch lead {
        case 0xC2...0xDF: length = 2
        case 0xE0:
            length = 3
            low = 0xA0
        case 0xE1...0xEC, 0xEE...0xEF: length = 3
        case 0xED:
            length = 3
            high = 0x9F
        case 0xF0:
            length = 4
            low = 0x90
        case 0xF1...0xF3: length = 4
        case 0xF4:
            length = 4
            high = 0x8F
        default: return at
        }
        guard at + length <= bytes.count else { return at }
        let second = bytes[at + 1]
        guard second >= low && second <= high else { return at }
        for next in 2..<max(2, length) where bytes[at + next] & 0xC0 != 0x80 {
            return at
        }
        at += length
    }
    return nil
}
