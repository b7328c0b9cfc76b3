/// Everything wrong with one config file, each problem with its place in the file.
///
/// Printed as `file:line:column: message`, one problem per line, the way compilers do, so
/// that editors can jump to each.
public struct ConfigError: Error, Sendable, Equatable, CustomStringConvertible {
    /// One problem at one place.
    public struct Issue: Sendable, Equatable, CustomStringConvertible {
        public var line: Int?
        public var column: Int?
        /// What is wrong and what to write instead.
        public var message: String

        public init(line: Int?, column: Int?, message: String) {
            self.line = line
            self.column = column
            self.message = message
        }

        public var description: String {
            switch (line, column) {
            case let (line?, column?): return "\(line):\(column): \(message)"
            case let (line?, nil): return "\(line): \(message)"
            default: return message
            }
        }
    }

    /// The file as the user named it (or "<built-in>").
    public var file: String
    public var issues: [Issue]

    public init(file: String, issues: [Issue]) {
        self.file = file
        self.issues = issues
    }

    public var description: String {
        issues.map { $0.line == nil ? "\(file): \($0)" : "\(file):\($0)" }.joined(separator: "\n")
    }
}
