import Foundation
import Glibc
import TestSupport

/// A failed step of an end-to-end test (TestSupport's, under the name these tests use).
typealias E2EError = TestFailure

/// Where the built binaries are: NOCONTACT_BIN_DIR, else next to the test bundle.
enum Binaries {
    static var directory: String {
        if let configured = ProcessInfo.processInfo.environment["NOCONTACT_BIN_DIR"] { return configured }
        let runner = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        var candidate = runner.deletingLastPathComponent()
        // swift-testing may run from inside the .xctest bundle.
        while candidate.path != "/", !FileManager.default.fileExists(atPath: candidate.appendingPathComponent("nocontactd").path) {
            candidate = candidate.deletingLastPathComponent()
        }
        return candidate.path
    }

    static var daemon: String { "\(directory)/nocontactd" }
    static var cli: String { "\(directory)/nocontact" }
}

/// The helper programs next to this file (Python scripts the tests run, never code in strings).
enum SupportScripts {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().path

    static func path(_ name: String) -> String { "\(directory)/\(name)" }
}

/// Whether the end-to-end environment (a private journald, from scripts/test) is there.
enum Environment {
    /// Set by scripts/test, which runs the tests next to a private systemd-journald.
    static var isReady: Bool {
        ProcessInfo.processInfo.environment["NOCONTACT_E2E"] == "1"
    }
}

/// A private home for one test: XDG directories in a fresh temp dir.
struct Sandbox {
    let root: String

    init() throws {
        // Short paths: a Unix socket path must fit in 108 bytes.
        root = "/tmp/nc-e2e-\(UUID().uuidString.prefix(12))"
        for directory in ["config/nocontact", "state", "run"] {
            try FileManager.default.createDirectory(atPath: "\(root)/\(directory)", withIntermediateDirectories: true)
        }
        chmod("\(root)/run", 0o700)
    }

    var configPath: String { "\(root)/config/nocontact/config.toml" }
    var socketPath: String { "\(root)/run/nocontact/control.socket" }

    var environment: [String: String] {
        var environment = ProcessInfo.processInfo.environment
        environment["XDG_CONFIG_HOME"] = "\(root)/config"
        environment["XDG_STATE_HOME"] = "\(root)/state"
        environment["XDG_RUNTIME_DIR"] = "\(root)/run"
        environment["HOME"] = root
        environment.removeValue(forKey: "NOTIFY_SOCKET")
        environment.removeValue(forKey: "LISTEN_FDS")
        return environment
    }

    func writeConfig(_ text: String) throws {
        try text.write(toFile: configPath, atomically: true, encoding: .utf8)
    }

    func remove() {
        try? FileManager.default.removeItem(atPath: root)
    }
}

/// Reads journal entries with `journalctl -o json`, waiting until `matches` finds at least one.
func waitForJournalEntries(_ matches: [String], timeout: Double = 10) throws -> [[String: Any]] {
    let deadline = Date().addingTimeInterval(timeout)
    while true {
        let result = try run("/usr/bin/journalctl", ["-o", "json", "--no-pager", "--all"] + matches)
        let entries = result.stdout.split(separator: "\n").compactMap { line in
            (try? JSONSerialization.jsonObject(with: Data(line.utf8))) as? [String: Any]
        }
        if !entries.isEmpty { return entries }
        guard Date() < deadline else {
            throw E2EError("no journal entry for \(matches) within \(timeout) s (journalctl: \(result.stderr))")
        }
        // journalctl itself takes ~10 ms; polling it is waiting on the journal, bounded above.
        usleep(20_000)
    }
}
