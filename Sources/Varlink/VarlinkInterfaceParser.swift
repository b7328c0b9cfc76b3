extension VarlinkInterfaceDefinition {
    /// Why an interface description does not parse, and where (1-based line and column, counted
    /// in Unicode scalars).
    public struct ParseError: Error, Sendable, Equatable, CustomStringConvertible {
        /// What is wrong, for a person.
        public var message: String
        /// 1-based.
        public var line: Int
        /// 1-based, in Unicode scalars.
        public var column: Int

        /// An error at `line`:`column`.
        public init(message: String, line: Int, column: Int) {
            self.message = message
            self.line = line
            self.column = column
        }

        /// `line:column: message`.
        public var description: String {
            "\(line):\(column): \(message)"
        }
    }

    /// Parses an interface description in the varlink interface definition language.
    ///
    /// Besides the grammar it checks what makes a description usable: member names are unique,
    /// field names are unique within a struct, and every named type is declared. Comment lines
    /// right before `interface`, `type`, `method` and `error` become documentation; other
    /// comments are dropped.
    public init(parsing text: String) throws(ParseError) {
        var parser = VarlinkInterfaceParser(text)
        self = try parser.parseInterface()
    }
}

/// A recursive-descent parser over the description's Unicode scalars.
struct VarlinkInterfaceParser {
    private let scalars: [Unicode.Scalar]
    private var index = 0
    private var line = 1
    private var column = 1
    /// Comment lines seen since the last declaration, waiting to document the next one.
    private var comments: [String] = []
    /// Named types used, with where, to check once every alias is known.
    private var references: [(name: String, line: Int, column: Int)] = []

    init(_ text: String) {
        scalars = Array(text.unicodeScalars)
    }

    typealias ParseError = VarlinkInterfaceDefinition.ParseError

    mutating func parseInterface() throws(ParseError) -> VarlinkInterfaceDefinition {
        skipSpace()
        try expectKeyword("interface")
        let interfaceDocumentation = takeComments()
        try requireSpace(after: "interface")
        let (name, nameLine, nameColumn) = try word()
        guard Self.isInterfaceName(name) else {
            throw ParseError(
                message: "\"\(name)\" is not an interface name (reverse-domain, like org.example.service)",
                line: nameLine, column: nameColumn)
        }
        var members: [VarlinkInterfaceDefinition.Member] = []
        var seen: Set<String> = []
        comments = []
        skipSpace()
        while !atEnd {
            let (keyword, keywordLine, keywordColumn) = try word()
            let documentation = takeComments()
            let member: VarlinkInterfaceDefinition.Member
            switch keyword {
            case "type":
                try requireSpace(after: "type")
                let name = try memberName()
                skipSpace()
                let type = try compound()
                member = .type(.init(name: name, type: type, documentation: documentation))
            case "method":
                try requireSpace(after: "method")
                let name = try memberName()
                skipSpace()
                let parameters = try structure()
                skipSpace()
                try expect("->")
                skipSpace()
                let results = try structure()
                member = .method(.init(name: name, parameters: parameters, results: results, documentation: documentation))
            case "error":
                try requireSpace(after: "error")
                let name = try memberName()
                skipSpace()
                let parameters = try structure()
                member = .error(.init(name: name, parameters: parameters, documentation: documentation))
            default:
                throw ParseError(message: "expected type, method or error, found \"\(keyword)\"", line: keywordLine, column: keywordColumn)
            }
            guard seen.insert(member.name).inserted else {
                throw ParseError(message: "\"\(member.name)\" is declared twice", line: keywordLine, column: keywordColumn)
            }
            members.append(member)
            // Comments inside the member document nothing; those after it document the next.
            comments = []
            skipSpace()
        }
        guard !members.isEmpty else {
            throw ParseError(message: "an interface needs at least one type, method or error", line: line, column: column)
        }
        let aliases = Set(
            members.compactMap { member -> String? in
                if case let .type(alias) = member { return alias.name }
                return nil
            })
        for reference in references where !aliases.contains(reference.name) {
            throw ParseError(message: "type \"\(reference.name)\" is not declared", line: reference.line, column: reference.column)
        }
        return VarlinkInterfaceDefinition(name: name, documentation: interfaceDocumentation, members: members)
    }

    // MARK: Types

    /// `?type`, a basic type, `[]type`, `[string]type`, a named type, a struct or an enum.
    private mutating func type(nullableAllowed: Bool = true) throws(ParseError) -> VarlinkType {
        if peek == "?" {
            guard nullableAllowed else { throw error("a type cannot be nullable twice (\"??\")") }
            advance()
            return .nullable(try type(nullableAllowed: false))
        }
        if peek == "[" {
            if lookingAt("[]") {
                advance(2)
                return .array(try type())
            }
            if lookingAt("[string]") {
                advance(8)
                return .dictionary(try type())
            }
            throw error("expected \"[]\" or \"[string]\"")
        }
        if peek == "(" {
            return try compound()
        }
        let (name, nameLine, nameColumn) = try word(expecting: "a type")
        switch name {
        case "bool": return .bool
        case "int": return .int
        case "float": return .float
        case "string": return .string
        case "object": return .object
        default:
            guard Self.isMemberName(name) else {
                throw ParseError(
                    message: "\"\(name)\" is not a type (bool, int, float, string, object, or a declared type name)", line: nameLine,
                    column: nameColumn)
            }
            references.append((name, nameLine, nameColumn))
            return .named(name)
        }
    }

    /// A struct `(name: type, …)` or an enum `(name, …)`; `()` is the empty struct.
    private mutating func compound() throws(ParseError) -> VarlinkType {
        // Which of the two it is shows after the first name: a colon or not. Look, then go back.
        let saved = (position, comments)
        try expect("(")
        skipSpace()
        if peek == ")" {
            advance()
            return .structure([])
        }
        _ = try fieldName()
        skipSpace()
        let isStructure = peek == ":"
        restore(saved.0)
        comments = saved.1
        return isStructure ? .structure(try structure()) : .enumeration(try enumeration())
    }

    /// `(name: type, …)`.
    private mutating func structure() throws(ParseError) -> [VarlinkField] {
        try expect("(")
        var fields: [VarlinkField] = []
        var seen: Set<String> = []
        skipSpace()
        if peek == ")" {
            advance()
            return fields
        }
        while true {
            skipSpace()
            let (fieldLine, fieldColumn) = (line, column)
            let name = try fieldName()
            guard seen.insert(name).inserted else {
                throw ParseError(message: "field \"\(name)\" appears twice", line: fieldLine, column: fieldColumn)
            }
            skipSpace()
            try expect(":")
            skipSpace()
            fields.append(VarlinkField(name, try type()))
            skipSpace()
            if peek == "," {
                advance()
                continue
            }
            try expect(")", or: "\",\" or \")\"")
            return fields
        }
    }

    /// `(name, …)`.
    private mutating func enumeration() throws(ParseError) -> [String] {
        try expect("(")
        var names: [String] = []
        while true {
            skipSpace()
            let (nameLine, nameColumn) = (line, column)
            let name = try fieldName()
            guard !names.contains(name) else {
                throw ParseError(message: "enum value \"\(name)\" appears twice", line: nameLine, column: nameColumn)
            }
            names.append(name)
            skipSpace()
            if peek == "," {
                advance()
                continue
            }
            try expect(")", or: "\",\" or \")\"")
            return names
        }
    }

    // MARK: Names

    private mutating func memberName() throws(ParseError) -> String {
        skipSpace()
        let (name, nameLine, nameColumn) = try word(expecting: "a name")
        guard Self.isMemberName(name) else {
            throw ParseError(
                message: "\"\(name)\" is not a member name (an uppercase letter, then letters and digits)", line: nameLine,
                column: nameColumn)
        }
        return name
    }

    private mutating func fieldName() throws(ParseError) -> String {
        let (name, nameLine, nameColumn) = try word(expecting: "a field name")
        guard Self.isFieldName(name) else {
            throw ParseError(
                message: "\"\(name)\" is not a field name (letters and digits, single underscores between them)", line: nameLine,
                column: nameColumn)
        }
        return name
    }

    /// The run of name characters at the current position, and where it starts.
    private mutating func word(expecting expected: String = "a keyword") throws(ParseError) -> (String, Int, Int) {
        let (startLine, startColumn) = (line, column)
        var text = String.UnicodeScalarView()
        while let scalar = peek, Self.isWordScalar(scalar) {
            text.append(scalar)
            advance()
        }
        guard !text.isEmpty else { throw error("expected \(expected)\(foundDescription)") }
        return (String(text), startLine, startColumn)
    }

    static func isWordScalar(_ scalar: Unicode.Scalar) -> Bool {
        isLetter(scalar) || isDigit(scalar) || scalar == "_" || scalar == "." || scalar == "-"
    }

    static func isLetter(_ scalar: Unicode.Scalar) -> Bool {
        ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar)
    }

    static func isDigit(_ scalar: Unicode.Scalar) -> Bool {
        ("0"..."9").contains(scalar)
    }

    /// Reverse-domain: two or more dot-separated labels of letters, digits and inner dashes,
    /// the first label starting with a letter.
    static func isInterfaceName(_ name: String) -> Bool {
        let labels = name.unicodeScalars.split(separator: ".", omittingEmptySubsequences: false)
        guard labels.count >= 2, let first = labels.first?.first, isLetter(first) else { return false }
        return labels.allSatisfy { label in
            guard let head = label.first, let tail = label.last, head != "-", tail != "-" else { return false }
            return label.allSatisfy { isLetter($0) || isDigit($0) || $0 == "-" }
        }
    }

    /// An uppercase letter, then letters and digits.
    static func isMemberName(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, ("A"..."Z").contains(first) else { return false }
        return name.unicodeScalars.allSatisfy { isLetter($0) || isDigit($0) }
    }

    /// A letter, then letters and digits, with single underscores between them.
    static func isFieldName(_ name: String) -> Bool {
        let scalars = Array(name.unicodeScalars)
        guard let first = scalars.first, isLetter(first), scalars.last != "_" else { return false }
        for (offset, scalar) in scalars.enumerated() {
            if scalar == "_" {
                if scalars[offset - 1] == "_" { return false }
            } else if !(isLetter(scalar) || isDigit(scalar)) {
                return false
            }
        }
        return true
    }

    // MARK: Scanning

    private var atEnd: Bool { index >= scalars.count }
    private var peek: Unicode.Scalar? { atEnd ? nil : scalars[index] }
    private var position: (Int, Int, Int) { (index, line, column) }

    private mutating func restore(_ saved: (Int, Int, Int)) {
        (index, line, column) = saved
    }

    private func lookingAt(_ text: String) -> Bool {
        let wanted = Array(text.unicodeScalars)
        guard index + wanted.count <= scalars.count else { return false }
        return Array(scalars[index..<index + wanted.count]) == wanted
    }

    private mutating func advance(_ count: Int = 1) {
        for _ in 0..<count where !atEnd {
            if scalars[index] == "\n" {
                line += 1
                column = 1
            } else {
                column += 1
            }
            index += 1
        }
    }

    /// Skips spaces, tabs, line ends and comments, keeping each comment's text.
    private mutating func skipSpace() {
        while let scalar = peek {
            if scalar == " " || scalar == "\t" || scalar == "\n" || scalar == "\r" {
                advance()
            } else if scalar == "#" {
                advance()
                var text = String.UnicodeScalarView()
                while let next = peek, next != "\n" {
                    text.append(next)
                    advance()
                }
                var comment = String(text)
                if comment.hasPrefix(" ") { comment.removeFirst() }
                while comment.last == " " || comment.last == "\t" || comment.last == "\r" { comment.removeLast() }
                comments.append(comment)
            } else {
                return
            }
        }
    }

    private mutating func takeComments() -> [String] {
        defer { comments = [] }
        return comments
    }

    private mutating func requireSpace(after keyword: String) throws(ParseError) {
        let before = index
        skipSpace()
        guard index > before else { throw error("expected a space after \"\(keyword)\"") }
    }

    private mutating func expectKeyword(_ keyword: String) throws(ParseError) {
        let (found, foundLine, foundColumn) = try word(expecting: "\"\(keyword)\"")
        guard found == keyword else {
            throw ParseError(message: "expected \"\(keyword)\", found \"\(found)\"", line: foundLine, column: foundColumn)
        }
    }

    private mutating func expect(_ text: String, or expected: String? = nil) throws(ParseError) {
        guard lookingAt(text) else { throw error("expected \(expected ?? "\"\(text)\"")\(foundDescription)") }
        advance(text.unicodeScalars.count)
    }

    private var foundDescription: String {
        guard let scalar = peek else { return ", found the end" }
        if scalar == "\n" { return ", found the end of the line" }
        return ", found \"\(Character(scalar))\""
    }

    private func error(_ message: String) -> ParseError {
        ParseError(message: message, line: line, column: column)
    }
}
