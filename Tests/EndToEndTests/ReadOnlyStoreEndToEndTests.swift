import Foundation
import Glibc
import TestSupport
import Testing

/// A journey a person made read-only (chmod 400), seen by an unprivileged user: root would
/// write through any mode.
@Suite(
    "read-only store end to end", .serialized,
    .enabled(if: Environment.isReady && getuid() == 0, "needs scripts/test, as root (to run as another user)"))
struct ReadOnlyStoreEndToEndTests {
    static let nobody: uid_t = 65534

    static func mode(_ path: String) -> mode_t {
        var status = stat()
        return lstat(path, &status) == 0 ? status.st_mode & 0o7777 : 0
    }

    /// As nobody: reads work while journey.sqlite is 0400 and writes say "read-only: its mode is 0400"; once it is 0600 again writes work (the -wal left 0400 by SQLite kept them failing), and -wal/-shm are 0600.
    @Test func writesRecoverOnceTheModeIsFixed() throws {
        let sandbox = try Sandbox()
        defer { sandbox.remove() }
        #expect(chown(sandbox.root, Self.nobody, Self.nobody) == 0)
        for directory in ["config", "config/nocontact", "state", "run"] {
            #expect(chown("\(sandbox.root)/\(directory)", Self.nobody, Self.nobody) == 0)
        }
        func cli(_ arguments: [String]) throws -> (status: Int32, stdout: String, stderr: String) {
            try run(
                "/usr/bin/setpriv", ["--reuid", "\(Self.nobody)", "--regid", "\(Self.nobody)", "--clear-groups", Binaries.cli] + arguments,
                environment: sandbox.environment)
        }
        let database = "\(sandbox.root)/state/nocontact/journey.sqlite"
        #expect(try cli(["reflect", "--text", "first"]).status == 0)
        #expect(chmod(database, 0o400) == 0)

        #expect(try cli(["history"]).status == 0)
        let refused = try cli(["reflect", "--text", "while read-only"])
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("\(database): read-only: its mode is 0400"), "\(refused.stderr)")
        #expect(!refused.stderr.contains("Read-only file system"))

        #expect(chmod(database, 0o600) == 0)
        let saved = try cli(["reflect", "--text", "after the fix"])
        #expect(saved.status == 0, "\(saved.stderr)")
        let history = try cli(["history", "--json"])
        #expect(history.stdout.contains("after the fix"))
        for file in ["\(database)-wal", "\(database)-shm"] where access(file, F_OK) == 0 {
            #expect(Self.mode(file) == 0o600, "\(file)")
        }
    }
}
