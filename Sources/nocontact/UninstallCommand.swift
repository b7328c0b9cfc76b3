import ArgumentParser
import Foundation
import Glibc
import NoContactPlatform
import NoContactService

/// `nocontact uninstall`: undoes `nocontact install`, keeping the journal and config unless
/// told to purge them.
struct UninstallCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "uninstall",
        abstract: "Stop nocontactd and remove its units and binaries; your journal and config stay.",
        discussion: """
            Stops and disables nocontactd.socket and nocontactd.service (systemctl --user), removes \
            them from $XDG_CONFIG_HOME/systemd/user/, and removes nocontact and nocontactd from \
            PREFIX/bin (by default where the installed unit points). Your journal \
            ($XDG_STATE_HOME/nocontact) and config ($XDG_CONFIG_HOME/nocontact) stay, and it says \
            where; --purge deletes them too, after you type "yes" (or with --yes when there is \
            no terminal to ask on).
            """)

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Remove the binaries from PREFIX/bin (default: where the installed unit points, else ~/.local).", valueName: "prefix"))
    var prefix: String?

    @Flag(name: .long, help: "Also delete your journal and your config, for good.")
    var purge = false

    @Flag(name: .long, help: "Confirm --purge without being asked (needed when not at a terminal).")
    var yes = false

    @Flag(name: .customLong("dry-run"), help: "Say what would be done, and change nothing.")
    var dryRun = false

    func run() throws {
        let environment = ProcessEnvironment.current
        do throws(InstallError) {
            var locations = try InstallLocations(environment: environment, prefix: prefix)
            if prefix == nil, let installed = Self.installedPrefix(unit: locations.servicePath) {
                locations = try InstallLocations(environment: environment, prefix: installed)
            }
            if purge, !yes, !dryRun { try Self.confirmPurge(locations) }
            let installer = Installer(
                locations: locations,
                manager: UserManager(environment: environment, runtimeDirectory: locations.runtimeDirectory),
                dryRun: dryRun, say: InstallCommand.say)
            try installer.uninstall(purge: purge)
        } catch {
            Output.note(error.description)
            throw ExitCode(error.exitCode)
        }
    }

    /// The prefix the installed service unit runs nocontactd from (`PREFIX/bin/nocontactd`).
    static func installedPrefix(unit: String) -> String? {
        guard let text = try? String(contentsOfFile: unit, encoding: .utf8),
            let daemon = InstallLocations.daemonPath(inUnit: text), daemon.hasSuffix("/bin/nocontactd")
        else { return nil }
        return String(daemon.dropLast("/bin/nocontactd".count))
    }

    /// Asks on the terminal; without one, --yes is the only way to confirm.
    private static func confirmPurge(_ locations: InstallLocations) throws(InstallError) {
        guard isatty(STDIN_FILENO) == 1 else { throw .purgeNeedsConfirmation }
        Output.note("--purge deletes your journal (\(locations.stateDirectory)) and your config (\(locations.configDirectory)) for good.")
        FileHandle.standardError.write(Data("Type yes to delete them: ".utf8))
        guard readLine()?.trimmingCharacters(in: .whitespaces) == "yes" else { throw .purgeDeclined }
    }
}
