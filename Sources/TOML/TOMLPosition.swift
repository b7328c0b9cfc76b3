/// A place in a TOML document: 1-based line and column.
///
/// Columns count Unicode scalar values (code points), not bytes: `é` and `😀` each take one
/// column, so the column matches what most editors show for text without combining marks or
/// wide characters. A tab counts as one column. Lines end at LF; a CR before an LF belongs to
/// the line it ends.
public struct TOMLPosition: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The line, starting at 1.
    public var line: Int
    /// The column in Unicode scalars, starting at 1.
    public var column: Int

    public init(line: Int, column: Int) {
        self.line = line
        self.column = column
    }

    public static func < (lhs: TOMLPosition, rhs: TOMLPosition) -> Bool {
        (lhs.line, lhs.column) < (rhs.line, rhs.column)
    }

    /// `line:column`, the way compilers print places.
    public var description: String { "\(line):\(column)" }
}
