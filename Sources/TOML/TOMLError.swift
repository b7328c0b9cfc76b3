/// Why a document is not valid TOML 1.0, and where.
///
/// The parser stops at the first problem (after one mistake the rest of a document rarely
/// means what its author intended), so a document yields at most one `TOMLError`.
/// `description` prints `line:column: message`; `message` is written for the person editing
/// the file: what is wrong and, where there is one, what to write instead.
public struct TOMLError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What went wrong, with the details each message needs.
    public enum Kind: Sendable, Equatable {
        /// Bytes that are not UTF-8 text.
        case invalidUTF8
        /// A control character (other than tab) outside a place where escapes can spell it.
        /// `scalar` is its code, `context` is "a comment", "a string", or "the document".
        case controlCharacter(scalar: UInt32, context: String)
        /// A carriage return that is not followed by a line feed.
        case loneCarriageReturn
        /// The document ended while `expected` was still owed (e.g. "a closing ']'").
        case unexpectedEnd(expected: String)
        /// `found` (a character, quoted for display) where `expected` belongs.
        case unexpectedCharacter(found: String, expected: String)
        /// A key with nothing after it: `name` but no `= value`.
        case missingEquals(key: String)
        /// `key =` with no value after it.
        case missingValue(key: String)
        /// Something follows a complete key/value pair or header on the same line; `after` is
        /// "the value" or "the header".
        case extraAfterLine(found: String, after: String)
        /// A one-line string reaches the end of its line.
        case newlineInString(multiline: String)
        /// A string whose closing quotes never come.
        case unterminatedString(closing: String)
        /// A backslash escape TOML does not have, e.g. `\q` or `\x41`.
        case invalidEscape(String)
        /// `\u` or `\U` whose digits are wrong or name no Unicode scalar.
        case invalidUnicodeEscape(String)
        /// A number written in a way TOML does not allow; `reason` says which rule.
        case invalidNumber(text: String, reason: String)
        /// An integer outside the signed 64-bit range.
        case integerOutOfRange(text: String)
        /// A date or time that is malformed or does not exist; `reason` says which part.
        case invalidDateTime(text: String, reason: String)
        /// A word that is not a TOML value, such as `yes` or an unquoted string.
        case invalidValue(text: String)
        /// A key set twice in the same table.
        case duplicateKey(key: String, first: TOMLPosition)
        /// A `[table]` header for a table already defined (by a header or dotted keys).
        case tableRedefined(table: String, first: TOMLPosition)
        /// A header, dotted key or `[[array]]` that needs `key` to be a table it may add to,
        /// but `key` already holds something else (`what`, e.g. "a string", "an inline table").
        case notExtendable(key: String, what: String, first: TOMLPosition)
        /// A newline inside an inline table (TOML 1.0 keeps them on one line).
        case newlineInInlineTable
        /// A comma right before the closing brace of an inline table.
        case trailingCommaInInlineTable
        /// Arrays, inline tables and tables nested deeper than `limit`.
        case nestingTooDeep(limit: Int)
    }

    /// What went wrong.
    public var kind: Kind
    /// Where it went wrong.
    public var position: TOMLPosition

    public init(_ kind: Kind, at position: TOMLPosition) {
        self.kind = kind
        self.position = position
    }

    /// The line of the problem, starting at 1.
    public var line: Int { position.line }
    /// The column of the problem in Unicode scalars, starting at 1.
    public var column: Int { position.column }

    /// `line:column: message`.
    public var description: String { "\(position): \(message)" }

    /// The problem in plain words, with what to write instead when there is one answer.
    public var message: String {
        switch kind {
        case .invalidUTF8:
            return "this is not UTF-8 text; save the file as UTF-8"
        case let .controlCharacter(scalar, context):
            let hex = String(scalar, radix: 16, uppercase: true)
            let code = "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
            if context == "a string" {
                return
                    "control character \(code) is not allowed in \(context); write it as an escape such as \\u\(String(code.dropFirst(2)))"
            }
            return "control character \(code) is not allowed in \(context); remove it"
        case .loneCarriageReturn:
            return "a carriage return must be followed by a line feed; save the file with LF or CRLF line endings"
        case let .unexpectedEnd(expected):
            return "the file ends where \(expected) should be"
        case let .unexpectedCharacter(found, expected):
            return "expected \(expected), found \(found)"
        case let .missingEquals(key):
            return "the key '\(key)' needs a value: write \(key) = value"
        case let .missingValue(key):
            return "the key '\(key)' has no value after '='"
        case let .extraAfterLine(found, after):
            return
                "\(found) cannot follow \(after) on the same line; put each key = value and each [header] on its own line, and start comments with #"
        case let .newlineInString(multiline):
            return "this string is not closed before the end of the line; close it, or use \(multiline) for text over several lines"
        case let .unterminatedString(closing):
            return "this string is never closed; add \(closing) where it should end"
        case let .invalidEscape(text):
            return
                "\(text) is not an escape TOML knows; the escapes are \\b \\t \\n \\f \\r \\\" \\\\ \\uXXXX \\UXXXXXXXX (write \\\\ for a backslash)"
        case let .invalidUnicodeEscape(text):
            return "\(text) does not name a Unicode character; \\u takes 4 hex digits and \\U 8, outside D800–DFFF and at most 10FFFF"
        case let .invalidNumber(text, reason):
            return "'\(text)' is not a valid number: \(reason)"
        case let .integerOutOfRange(text):
            return "\(text) is too large for an integer; integers go from -9223372036854775808 to 9223372036854775807"
        case let .invalidDateTime(text, reason):
            return "'\(text)' is not a valid date or time: \(reason)"
        case let .invalidValue(text):
            return "'\(text)' is not a value; put text in quotes (\"\(text)\"), and write true or false in lower case"
        case let .duplicateKey(key, first):
            return "'\(key)' is already set at line \(first.line), column \(first.column); a key can be set only once in a table"
        case let .tableRedefined(table, first):
            return "table [\(table)] is already defined at line \(first.line), column \(first.column); put all of its keys under one header"
        case let .notExtendable(key, what, first):
            return "'\(key)' is \(what) (line \(first.line), column \(first.column)), so nothing more can be added to it here"
        case .newlineInInlineTable:
            return "an inline table { ... } must stay on one line; use a [table] header for a longer table"
        case .trailingCommaInInlineTable:
            return "an inline table cannot end with a comma; remove the comma before '}'"
        case let .nestingTooDeep(limit):
            return "arrays, inline tables and tables are nested more than \(limit) levels deep"
        }
    }
}
