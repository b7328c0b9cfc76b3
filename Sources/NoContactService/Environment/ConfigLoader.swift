package import NoContactCore
import NoContactPlatform

/// Reads the config file and hands its text to `ConfigParser`.
package enum ConfigLoader {
    /// Config files larger than this are refused: a config is a few kilobytes.
    package static let maximumSize = 1 << 20

    /// Loads the config.
    /// - Parameters:
    ///   - explicitPath: a file the user named; it must exist.
    ///   - defaultPath: the XDG location; when it does not exist the built-in default is used.
    package static func load(explicitPath: String?, defaultPath: String) throws(ConfigError) -> Config {
        guard let (text, path) = try readText(explicitPath: explicitPath, defaultPath: defaultPath) else {
            return Config.builtinDefault
        }
        return try ConfigParser.parse(text, file: path, zones: SystemTimeZone.processLookup)
    }

    /// The config file's text and path, checked as `load` does before parsing; nil when there
    /// is no file and the built-in default applies.
    package static func readText(explicitPath: String?, defaultPath: String) throws(ConfigError) -> (text: String, path: String)? {
        let path = explicitPath ?? defaultPath
        let bytes: [UInt8]
        switch FileContents.read(path, limit: maximumSize) {
        case let .success(read):
            bytes = read
        case .failure(.missing):
            if explicitPath == nil { return nil }
            throw ConfigError(file: path, issues: [.init(line: nil, column: nil, message: "there is no such file")])
        case .failure(.unreadable):
            throw ConfigError(file: path, issues: [.init(line: nil, column: nil, message: "it cannot be read (check its permissions)")])
        case let .failure(.tooLarge(size)):
            throw ConfigError(
                file: path,
                issues: [.init(line: nil, column: nil, message: "the file is \(size) bytes; a config is at most \(maximumSize) bytes")])
        }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw ConfigError(file: path, issues: [.init(line: nil, column: nil, message: "the file is not UTF-8 text; save it as UTF-8")])
        }
        return (text, path)
    }
}
