/// A key as written in the document, with where it was written.
///
/// For a dotted key (`a.b.c = 1`) or a header (`[a.b]`), each part is its own `TOMLKey` in
/// its own table, each at the column where that part starts. A table created by a header
/// keeps the key of the first place that named it.
public struct TOMLKey: Sendable, Hashable {
    /// The key with quotes removed and escapes resolved.
    public var name: String
    /// Where the key starts (its opening quote, for a quoted key).
    public var position: TOMLPosition

    public init(_ name: String, at position: TOMLPosition) {
        self.name = name
        self.position = position
    }
}

/// One value of a TOML document and where it starts.
public struct TOMLValue: Sendable {
    /// The value itself.
    ///
    /// The dates, times and tables are held boxed (`indirect`), so that a value takes 24
    /// bytes rather than 72: a config of 10,000 tables holds tens of thousands of values, and
    /// every one of them is copied on the way into the tree.
    public enum Content: Sendable {
        case string(String)
        case integer(Int64)
        case float(Double)
        case boolean(Bool)
        indirect case offsetDateTime(TOMLOffsetDateTime)
        indirect case localDateTime(TOMLLocalDateTime)
        indirect case localDate(TOMLLocalDate)
        indirect case localTime(TOMLLocalTime)
        /// A `[ ... ]` array, or the tables of an `[[array of tables]]`.
        case array([TOMLValue])
        indirect case table(TOMLTable)
    }

    /// What the value is.
    public var content: Content
    /// Where the value starts: its first character, the `[` of an array or `{` of an inline
    /// table; for a table, see `TOMLTable.position`; for an array of tables, its first
    /// `[[header]]`.
    public var position: TOMLPosition

    /// A value at `position`, for building trees by hand (tests, defaults).
    public init(_ content: Content, at position: TOMLPosition) {
        self.content = content
        self.position = position
    }

    /// The text, if this is a string.
    public var string: String? {
        if case let .string(value) = content { return value }
        return nil
    }

    /// The number, if this is an integer (TOML integers are 64-bit).
    public var integer: Int64? {
        if case let .integer(value) = content { return value }
        return nil
    }

    /// The number, if this is a float; integers are not converted.
    public var float: Double? {
        if case let .float(value) = content { return value }
        return nil
    }

    /// The flag, if this is `true` or `false`.
    public var boolean: Bool? {
        if case let .boolean(value) = content { return value }
        return nil
    }

    /// The elements, if this is an array or an array of tables.
    public var array: [TOMLValue]? {
        if case let .array(value) = content { return value }
        return nil
    }

    /// The table, if this is a table (from a header, dotted keys or `{ ... }`).
    public var table: TOMLTable? {
        if case let .table(value) = content { return value }
        return nil
    }

    /// What kind of value this is, with an article, for messages: "a string", "an integer",
    /// "a local date", "an array", "a table" and so on.
    public var kindDescription: String {
        switch content {
        case .string: return "a string"
        case .integer: return "an integer"
        case .float: return "a float"
        case .boolean: return "a boolean"
        case .offsetDateTime: return "a date-time with offset"
        case .localDateTime: return "a local date-time"
        case .localDate: return "a local date"
        case .localTime: return "a local time"
        case .array: return "an array"
        case .table: return "a table"
        }
    }
}

/// A table: keys in the order the document first wrote them, each with its value.
public struct TOMLTable: Sendable {
    /// How the document brought this table into being; the redefinition rules of TOML
    /// depend on it, and messages can name it.
    public enum Origin: Sendable, Hashable {
        /// The document itself.
        case root
        /// A `[header]`, or an element of an `[[array of tables]]`.
        case header
        /// Only named on the way to another table, as `a` in `[a.b]`.
        case implicit
        /// Created by a dotted key, as `a` in `a.b = 1`.
        case dottedKey
        /// An inline table `{ ... }`.
        case inline
    }

    /// One key and its value.
    public struct Entry: Sendable {
        /// The key as written, with its position.
        public var key: TOMLKey
        /// Its value, with its position.
        public var value: TOMLValue

        public init(key: TOMLKey, value: TOMLValue) {
            self.key = key
            self.value = value
        }
    }

    /// Every key and value, in the order the document first wrote the keys.
    public private(set) var entries: [Entry]
    /// Where the table is defined: 1:1 for the root, the `[` of its header or inline table,
    /// or the key that first named it (for implicit and dotted-key tables).
    public var position: TOMLPosition
    /// How the document brought the table into being.
    public var origin: Origin
    /// Each key's place in `entries`, so that lookups by name in a large table do not scan;
    /// empty while the table has at most `TOMLKeyIndex.linearLimit` keys, where a scan is
    /// faster than hashing (a config has 10,000 small tables).
    private var index: [String: Int]

    /// An empty table.
    public init(at position: TOMLPosition, origin: Origin) {
        self.entries = []
        self.index = [:]
        self.position = position
        self.origin = origin
    }

    /// A table of `entries`, whose keys the caller knows to be distinct (the parser's).
    init(entries: [Entry], at position: TOMLPosition, origin: Origin) {
        self.entries = entries
        self.index = TOMLKeyIndex.make(entries)
        self.position = position
        self.origin = origin
    }

    /// The keys in the order the document first wrote them.
    public var keys: [TOMLKey] { entries.map(\.key) }

    /// Whether the table has no keys.
    public var isEmpty: Bool { entries.isEmpty }
    /// How many keys the table has.
    public var count: Int { entries.count }

    /// The value of `name`, if the table has that key.
    public subscript(name: String) -> TOMLValue? {
        guard let at = TOMLKeyIndex.find(name, in: entries, index: index) else { return nil }
        return entries[at].value
    }

    /// The key `name` as written, with its position.
    public func key(_ name: String) -> TOMLKey? {
        guard let at = TOMLKeyIndex.find(name, in: entries, index: index) else { return nil }
        return entries[at].key
    }

    /// Adds a key that is not there yet; returns false (and changes nothing) when it is.
    @discardableResult
    public mutating func insert(_ key: TOMLKey, _ value: TOMLValue) -> Bool {
        guard TOMLKeyIndex.find(key.name, in: entries, index: index) == nil else { return false }
        entries.append(Entry(key: key, value: value))
        TOMLKeyIndex.added(to: &index, entries: entries)
        return true
    }
}

extension TOMLTable.Entry: TOMLKeyed {}

/// Something that sits under a key of a table.
protocol TOMLKeyed {
    var key: TOMLKey { get }
}

/// Finding a key among a table's keys: by a scan while there are few, then by a dictionary
/// of each key's place, built when the table outgrows the scan.
enum TOMLKeyIndex {
    /// Up to this many keys a scan beats hashing the name.
    static let linearLimit = 8

    /// The index for `entries`: empty while they are few.
    static func make(_ entries: [some TOMLKeyed]) -> [String: Int] {
        guard entries.count > linearLimit else { return [:] }
        var index: [String: Int] = [:]
        index.reserveCapacity(entries.count)
        for place in entries.indices { index[entries[place].key.name] = place }
        return index
    }

    /// Where the key `name` is among `entries`, indexed by `index`.
    static func find(_ name: String, in entries: [some TOMLKeyed], index: [String: Int]) -> Int? {
        guard entries.count > linearLimit else {
            for place in entries.indices where entries[place].key.name == name { return place }
            return nil
        }
        return index[name]
    }

    /// Keeps `index` true after a key was appended to `entries`.
    static func added(to index: inout [String: Int], entries: [some TOMLKeyed]) {
        if entries.count == linearLimit + 1 {
            index = make(entries)
        } else if let last = entries.last, entries.count > linearLimit {
            index[last.key.name] = entries.count - 1
        }
    }
}
