import Foundation
import Glibc
import TestSupport
import Testing

/// Daemon and CLI without XDG_RUNTIME_DIR, as an unprivileged user (nobody) whose
/// /run/user/UID does not exist yet.
@Suite(
    "runtime directory end to end", .serialized,
    .enabled(if: Environment.isReady && getuid() == 0, "needs scripts/test, as root (to run as another user)"))
struct RuntimeDirectoryEndToEndTests {
    static let nobody: uid_t = 65534

    /// Started without XDG_RUNTIME_DIR, the daemon is found by `status --json` without it, also after /run/user/UID appears (as at a login) and the rule alone would now point there.
    @Test func daemonWithoutRuntimeDirectoryIsFound() throws {
        let runUser = "/run/user/\(Self.nobody)"
        try #require(access(runUser, F_OK) != 0, "\(runUser) exists already; this test needs it absent")
        let sandbox = try Sandbox()
        defer { sandbox.remove() }
        for directory in ["", "/config", "/config/nocontact", "/state", "/run"] {
            #expect(chown("\(sandbox.root)\(directory)", Self.nobody, Self.nobody) == 0)
        }
        try sandbox.writeConfig(
            DaemonEndToEndTests.config(period: DaemonEndToEndTests.uniqueName("e2e-runtime")) + "\n[delivery]\ndesktop = false\n")
        var environment = sandbox.environment
        environment.removeValue(forKey: "XDG_RUNTIME_DIR")
        let asNobody = ["--reuid", "\(Self.nobody)", "--regid", "\(Self.nobody)", "--clear-groups"]
        let fallbackSocket = "/tmp/nocontact-\(Self.nobody)/nocontact/control.socket"
        let daemon = try TestProcess(
            "/usr/bin/setpriv", asNobody + [Binaries.daemon], environment: environment, directory: sandbox.root)
        defer {
            daemon.signal(SIGTERM)
            _ = try? daemon.waitForExit()
        }
        try waitUntil("the daemon listens at \(fallbackSocket)") { access(fallbackSocket, F_OK) == 0 }

        func status() throws -> [String: Any] {
            let result = try run("/usr/bin/setpriv", asNobody + [Binaries.cli, "status", "--json"], environment: environment)
            return try #require(
                try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any], "status said: \(result.stderr)")
        }
        let before = try status()
        #expect(before["running"] as? Bool == true)
        #expect(before["socket"] as? String == fallbackSocket)

        // logind makes /run/user/UID at a login: by the rule alone the CLI would now look there.
        #expect(mkdir(runUser, 0o700) == 0)
        defer { rmdir(runUser) }
        #expect(chown(runUser, Self.nobody, Self.nobody) == 0)
        let after = try status()
        #expect(after["running"] as? Bool == true)
        #expect(after["socket"] as? String == fallbackSocket)
    }
}
