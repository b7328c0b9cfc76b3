import Foundation
import NoContactService

/// Where install and uninstall put things, from the environment and `--prefix`.
///
/// Everything follows the same XDG variables as the daemon (`NoContactPaths`), so the config
/// written here is the one nocontactd reads.
struct InstallLocations {
    static let binaries = ["nocontact", "nocontactd"]
    static let serviceName = "nocontactd.service"
    static let socketName = "nocontactd.socket"

    /// The installation prefix: binaries go to `prefix/bin`.
    let prefix: String
    /// `$XDG_CONFIG_HOME` (default `~/.config`).
    let configHome: String
    /// `$XDG_CONFIG_HOME/systemd/user`, where a user's own units live.
    let unitDirectory: String
    /// `$XDG_CONFIG_HOME/nocontact/config.toml`.
    let configFile: String
    /// `$XDG_STATE_HOME/nocontact`: the journal.
    let stateDirectory: String
    /// `$XDG_RUNTIME_DIR`, only when set: systemctl --user finds the manager through it.
    let runtimeDirectory: String?
    let homeDirectory: String

    var binDirectory: String { "\(prefix)/bin" }
    var daemonPath: String { "\(binDirectory)/nocontactd" }
    var configDirectory: String { (configFile as NSString).deletingLastPathComponent }
    var servicePath: String { "\(unitDirectory)/\(Self.serviceName)" }
    var socketPath: String { "\(unitDirectory)/\(Self.socketName)" }

    /// - Parameters:
    ///   - prefix: as given on the command line: absolute, `~/...`, or relative to the current
    ///     directory; nil for `~/.local`.
    init(environment: [String: String], prefix: String?, currentDirectory: String = FileManager.default.currentDirectoryPath)
        throws(InstallError)
    {
        let paths = NoContactPaths(environment: environment)
        homeDirectory = paths.homeDirectory
        configFile = paths.configFile
        stateDirectory = paths.stateDirectory
        runtimeDirectory = environment["XDG_RUNTIME_DIR"].flatMap { $0.hasPrefix("/") ? $0 : nil }
        configHome = environment["XDG_CONFIG_HOME"].flatMap { $0.hasPrefix("/") ? $0 : nil } ?? "\(paths.homeDirectory)/.config"
        unitDirectory = "\(configHome)/systemd/user"
        self.prefix = try Self.resolve(prefix: prefix ?? "~/.local", home: paths.homeDirectory, currentDirectory: currentDirectory)
    }

    /// An absolute, normalised prefix that can be written into a unit file.
    static func resolve(prefix given: String, home: String, currentDirectory: String) throws(InstallError) -> String {
        var path = given
        if path == "~" {
            path = home
        } else if path.hasPrefix("~/") {
            path = home + path.dropFirst(1)
        } else if !path.hasPrefix("/") {
            path = "\(currentDirectory)/\(path)"
        }
        path = URL(fileURLWithPath: path).standardizedFileURL.path
        while path.count > 1, path.hasSuffix("/") { path.removeLast() }
        // systemd unquotes and expands these in ExecStart=; rather than escape every case,
        // refuse the few that no real directory name needs.
        if let bad = path.unicodeScalars.first(where: { "\"'\\$".unicodeScalars.contains($0) || $0.properties.generalCategory == .control })
        {
            throw .invalidPrefix(
                given,
                reason:
                    "a unit file cannot name a path containing \(bad.properties.generalCategory == .control ? "a control character" : "\(bad)")"
            )
        }
        guard path != "/" else { throw .invalidPrefix(given, reason: "the binaries would go to /bin") }
        return path
    }

    /// `path` as the program of an `ExecStart=` line: `%` doubled (systemd's specifier
    /// character) and the whole quoted when it contains white space.
    static func unitExecutable(_ path: String) -> String {
        let escaped = path.replacingOccurrences(of: "%", with: "%%")
        return escaped.contains(where: \.isWhitespace) ? "\"\(escaped)\"" : escaped
    }

    /// The daemon path of an installed unit's `ExecStart=`, undoing `unitExecutable`.
    static func daemonPath(inUnit text: String) -> String? {
        guard let line = text.split(separator: "\n").first(where: { $0.hasPrefix("ExecStart=") }) else { return nil }
        var value = String(line.dropFirst("ExecStart=".count))
        if value.hasPrefix("\""), let close = value.dropFirst().firstIndex(of: "\"") {
            value = String(value[value.index(after: value.startIndex)..<close])
        } else {
            value = String(value.prefix { !$0.isWhitespace })
        }
        return value.replacingOccurrences(of: "%%", with: "%")
    }

    /// The service unit with `ExecStart=` pointing at `daemonPath`.
    static func serviceUnit(daemonPath: String) -> String {
        ShippedFiles.service.replacingOccurrences(
            of: "\nExecStart=\(ShippedFiles.placeholderDaemonPath)\n",
            with: "\nExecStart=\(unitExecutable(daemonPath))\n")
    }
}
