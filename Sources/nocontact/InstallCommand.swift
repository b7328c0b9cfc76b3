import ArgumentParser
import Foundation
import Glibc
import NoContactPlatform
import NoContactService

/// `nocontact install`: puts the binaries it runs from, the user units and a config in place,
/// and enables the units, for the person running it. Builds nothing.
struct InstallCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "install",
        abstract: "Install nocontactd as your systemd user service: binaries, units and a config.",
        discussion: """
            Copies this nocontact and the nocontactd next to it into PREFIX/bin, writes \
            nocontactd.service and nocontactd.socket into $XDG_CONFIG_HOME/systemd/user/ \
            (~/.config/systemd/user/), and, unless you have a config, the built-in defaults with \
            every setting explained into $XDG_CONFIG_HOME/nocontact/config.toml. Then it enables \
            and starts both units with systemctl --user; when no user manager answers (no \
            desktop or login session here), it prints the commands to run in one.

            Running it again replaces only what changed, restarts a running nocontactd to use a \
            new binary, and always keeps your config. It builds nothing; packagers use \
            `make install PREFIX=/usr DESTDIR=...` instead.
            """)

    @Option(name: .long, help: ArgumentHelp("Install the binaries into PREFIX/bin.", valueName: "prefix"))
    var prefix = "~/.local"

    @Flag(name: .customLong("dry-run"), help: "Say what would be done, and change nothing.")
    var dryRun = false

    func run() throws {
        let environment = ProcessEnvironment.current
        do throws(InstallError) {
            let locations = try InstallLocations(environment: environment, prefix: prefix)
            let installer = Installer(
                locations: locations,
                manager: UserManager(environment: environment, runtimeDirectory: locations.runtimeDirectory),
                dryRun: dryRun, say: Self.say)
            try installer.install(from: try Self.executableDirectory())
        } catch {
            Output.note(error.description)
            throw ExitCode(error.exitCode)
        }
    }

    /// One line on standard output, flushed at once: systemctl's own messages go to the same
    /// terminal and must come after the line that announced it.
    static func say(_ line: String) {
        print(line)
        fflush(nil)
    }

    /// The directory of the running executable (`/proc/self/exe`, symlinks resolved), where
    /// nocontactd must be too.
    static func executableDirectory() throws(InstallError) -> String {
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        let length = readlink("/proc/self/exe", &buffer, Int(PATH_MAX))
        guard length > 0 else {
            throw .unknownExecutable(detail: String(cString: strerror(errno)))
        }
        let path = String(decoding: buffer[..<length].map { UInt8(bitPattern: $0) }, as: UTF8.self)
        return (path as NSString).deletingLastPathComponent
    }
}
