import NoContactCore

/// What `check --json` prints, and `reload --json` when the config is refused: the same shape
/// for a valid and an invalid config, so a program reads one object either way.
struct ConfigCheckJSON: Encodable {
    struct Problem: Encodable {
        let file: String
        let line: Int?
        let column: Int?
        let message: String
    }

    let valid: Bool
    /// The file checked ("built-in" without one); absent when invalid (each error names it).
    let config: String?
    let errors: [Problem]

    init(valid config: Config) {
        valid = true
        self.config = config.source ?? "built-in"
        errors = []
    }

    init(_ error: ConfigError) {
        valid = false
        config = nil
        // A file error without any issue still says why, as one error.
        let issues = error.issues.isEmpty ? [ConfigError.Issue(line: nil, column: nil, message: error.description)] : error.issues
        errors = issues.map { Problem(file: error.file, line: $0.line, column: $0.column, message: $0.message) }
    }
}
