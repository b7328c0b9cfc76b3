package import Glibc

/// Where nocontact keeps its files, following the XDG base directory spec.
///
/// All environment access for paths is here, so tests can pass their own environment.
package struct NoContactPaths: Sendable, Equatable {
    /// `$XDG_CONFIG_HOME/nocontact/config.toml`.
    package var configFile: String
    /// `$XDG_STATE_HOME/nocontact`.
    package var stateDirectory: String
    /// `$XDG_RUNTIME_DIR`, or a private fallback when the session has none.
    package var runtimeDirectory: String
    package var homeDirectory: String

    package init(configFile: String, stateDirectory: String, runtimeDirectory: String, homeDirectory: String) {
        self.configFile = configFile
        self.stateDirectory = stateDirectory
        self.runtimeDirectory = runtimeDirectory
        self.homeDirectory = homeDirectory
    }

    /// Paths from `environment` (normally the process's).
    package init(environment: [String: String], uid: uid_t = getuid()) {
        func absolute(_ key: String) -> String? {
            guard let value = environment[key], value.hasPrefix("/") else { return nil }
            return value
        }
        let home = absolute("HOME") ?? Self.passwordHome(uid: uid) ?? "/"
        configFile = "\(absolute("XDG_CONFIG_HOME") ?? "\(home)/.config")/nocontact/config.toml"
        stateDirectory = "\(absolute("XDG_STATE_HOME") ?? "\(home)/.local/state")/nocontact"
        runtimeDirectory = absolute("XDG_RUNTIME_DIR") ?? Self.fallbackRuntimeDirectory(uid: uid)
        homeDirectory = home
    }

    /// Expands `%t` (runtime directory) and `%h` (home) in a configured path.
    package func expand(_ template: String) -> String {
        var result = template
        if result.hasPrefix("%t/") {
            result = runtimeDirectory + result.dropFirst(2)
        } else if result.hasPrefix("%h/") {
            result = homeDirectory + result.dropFirst(2)
        }
        return result
    }

    /// `/run/user/UID` when it exists (as on a systemd machine), else a directory in /tmp that
    /// the daemon creates 0700 and checks that it owns. The one rule for daemon and CLI alike
    /// (documented in nocontactd(8) and nocontact(1)); as it depends on what exists when it is
    /// worked out, the CLI also reads where a running daemon listens from its lock file.
    private static func fallbackRuntimeDirectory(uid: uid_t) -> String {
        let standard = "/run/user/\(uid)"
        var status = stat()
        if stat(standard, &status) == 0, (status.st_mode & S_IFMT) == S_IFDIR, status.st_uid == uid {
            return standard
        }
        return "/tmp/nocontact-\(uid)"
    }

    private static func passwordHome(uid: uid_t) -> String? {
        guard let entry = getpwuid(uid), let directory = entry.pointee.pw_dir else { return nil }
        return String(cString: directory)
    }
}
