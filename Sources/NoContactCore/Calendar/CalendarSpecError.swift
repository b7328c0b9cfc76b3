/// Why a calendar expression (or a systemd timestamp) was rejected, and where.
public struct CalendarSpecError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The whole expression as written.
    public var expression: String
    /// 1-based column (in characters) in `expression` where the problem starts.
    public var column: Int
    /// What is wrong, and what would be right.
    public var message: String

    /// Creates an error for `expression` at `column` (1-based).
    public init(expression: String, column: Int, message: String) {
        self.expression = expression
        self.column = column
        self.message = message
    }

    /// "column N: message", suitable after a "file:line:" prefix.
    public var description: String {
        "column \(column): \(message) (in '\(expression)')"
    }
}
