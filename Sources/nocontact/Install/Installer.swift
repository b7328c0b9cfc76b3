import Foundation
import Glibc

/// Installs nocontact for the person running it, or takes it away again, saying in one short
/// line each what it did (or, with `dryRun`, what it would do).
///
/// Every step looks at what is there first, so running it twice changes nothing the second
/// time; only the systemctl requests are repeated, and those are idempotent too.
struct Installer {
    let locations: InstallLocations
    let manager: UserManager
    let dryRun: Bool
    /// Where the lines go (standard output in the commands).
    let say: (String) -> Void

    /// What one step did to one file.
    private enum Change {
        case created, updated, unchanged
    }

    // MARK: Install

    /// Copies the binaries in `sourceDirectory`, writes the units and (if there is none) the
    /// config, then enables and starts the units when the user manager answers, or prints the
    /// commands that do.
    func install(from sourceDirectory: String) throws(InstallError) {
        var replaced = false
        for name in InstallLocations.binaries {
            let change = try installBinary(name, from: sourceDirectory)
            replaced = replaced || change == .updated
            report(change, "\(locations.binDirectory)/\(name)", verbs: ("installed", "install"))
        }
        let units = [
            (locations.servicePath, InstallLocations.serviceUnit(daemonPath: locations.daemonPath)),
            (locations.socketPath, ShippedFiles.socket),
        ]
        for (path, text) in units {
            let change = try write(Data(text.utf8), to: path, mode: 0o644, directoryMode: 0o755)
            replaced = replaced || change == .updated
            report(change, path, verbs: ("wrote", "write"))
        }
        try writeConfigIfMissing()

        // A running daemon keeps its old binary and unit until it restarts; try-restart
        // leaves a stopped one stopped. Before enable --now, which starts it with the new ones.
        let commands =
            [["daemon-reload"]]
            + (replaced ? [["try-restart", InstallLocations.serviceName]] : [])
            + [["enable", "--now", InstallLocations.socketName, InstallLocations.serviceName]]
        switch manager.reachability() {
        case .reachable:
            try runAll(commands)
            if !dryRun { say("nocontactd is running: `nocontact status` shows what comes next") }
            noteSearchPaths()
        case let .unreachable(reason):
            say("no systemd user manager answers here (\(reason)), so nothing was started; in your session, run:")
            for command in commands { say("    \(UserManager.commandLine(command))") }
        }
    }

    private func installBinary(_ name: String, from sourceDirectory: String) throws(InstallError) -> Change {
        let source = "\(sourceDirectory)/\(name)"
        let target = "\(locations.binDirectory)/\(name)"
        guard InstallFiles.isExecutableFile(source) else {
            if name == "nocontactd" { throw .missingDaemon(directory: sourceDirectory) }
            throw .file(path: source, action: "copy", detail: "it is not an executable file")
        }
        // Run from the prefix itself (an installed nocontact installing again).
        if InstallFiles.sameFile(source, target) { return .unchanged }
        return try write(try InstallFiles.read(source), to: target, mode: 0o755, directoryMode: 0o755)
    }

    /// Puts `data` at `path` with `mode` unless it is there already.
    private func write(_ data: Data, to path: String, mode: mode_t, directoryMode: mode_t) throws(InstallError) -> Change {
        if InstallFiles.holds(path, data, mode: mode) { return .unchanged }
        let change: Change = InstallFiles.exists(path) ? .updated : .created
        if !dryRun {
            try InstallFiles.makeDirectories((path as NSString).deletingLastPathComponent, mode: directoryMode)
            try InstallFiles.replace(path, with: data, mode: mode)
        }
        return change
    }

    /// Writes the explained defaults as the config, only when there is no config at all: an
    /// existing one (even a symlink into a dotfiles repository) is the person's.
    private func writeConfigIfMissing() throws(InstallError) {
        let path = locations.configFile
        var created = !InstallFiles.exists(path)
        if created, !dryRun {
            try InstallFiles.makeDirectories(locations.configDirectory, mode: 0o700)
            created = try InstallFiles.createExclusively(path, with: Data(ShippedFiles.configTemplate), mode: 0o600)
        }
        if created {
            say("\(dryRun ? "would write" : "wrote") \(path) (the built-in defaults, explained; edit it, then run nocontact check)")
        } else {
            say("kept your config \(path)")
        }
    }

    /// Says when the installed commands will not be found: by the person's shell, or by the
    /// user manager, whose PATH the desktop's "Answer" action searches for `nocontact`.
    private func noteSearchPaths() {
        let binDirectory = locations.binDirectory
        if let servicePath = manager.servicePath(), !servicePath.contains(binDirectory) {
            let environmentDirectory = "\(locations.configHome)/environment.d"
            say(
                "note: your user services do not search \(binDirectory), so a notification's Answer cannot start nocontact reflect; to fix it, run these and log in again:"
            )
            say("    mkdir -p \(environmentDirectory)")
            say("    echo 'PATH=\(binDirectory):$PATH' > \(environmentDirectory)/60-nocontact.conf")
        }
        let shellPath = (manager.environment["PATH"] ?? "").split(separator: ":").map(String.init)
        if !shellPath.contains(binDirectory) {
            say("note: \(binDirectory) is not on your PATH; add it to run nocontact by name")
        }
    }

    // MARK: Uninstall

    /// Stops and disables the units, removes them and the binaries, and keeps the journal and
    /// config unless `purge` (which the caller has confirmed).
    func uninstall(purge: Bool) throws(InstallError) {
        var didSomething = false
        let unitPaths = [locations.socketPath, locations.servicePath]
        let unitsInstalled = unitPaths.contains(where: InstallFiles.exists)
        let reachability = manager.reachability()
        if unitsInstalled {
            if reachability == .reachable {
                try runAll([["disable", "--now", InstallLocations.socketName, InstallLocations.serviceName]])
            } else {
                // Without a manager, systemctl cannot disable; the enablement is only these links.
                for link in enablementLinks() {
                    if !dryRun { try InstallFiles.remove(link) }
                    report(.created, link, verbs: ("removed", "remove"))
                }
            }
        }
        for path in unitPaths + InstallLocations.binaries.map({ "\(locations.binDirectory)/\($0)" }) where InstallFiles.isRegularFile(path)
        {
            if !dryRun { try InstallFiles.remove(path) }
            report(.created, path, verbs: ("removed", "remove"))
            didSomething = true
        }
        if unitsInstalled {
            switch reachability {
            case .reachable:
                try runAll([["daemon-reload"]])
            case let .unreachable(reason):
                say("no systemd user manager answers here (\(reason)); if nocontactd still runs in a session, stop it there with:")
                say("    \(UserManager.commandLine(["stop", InstallLocations.socketName, InstallLocations.serviceName]))")
            }
        }

        let data = [(locations.stateDirectory, "journal"), (locations.configDirectory, "config")]
        if purge {
            for (directory, what) in data where InstallFiles.exists(directory) {
                if !dryRun { try InstallFiles.removeTree(directory) }
                say("\(dryRun ? "would remove" : "removed") your \(what) \(directory)")
                didSomething = true
            }
        } else {
            let kept = data.filter { InstallFiles.exists($0.0) }
            for (directory, what) in kept { say("kept your \(what) in \(directory)") }
            if !kept.isEmpty {
                say("(nocontact uninstall --purge deletes them; nocontact export first keeps a copy)")
            }
        }
        if !didSomething, !unitsInstalled {
            say("nothing of nocontact was installed under \(locations.prefix) or \(locations.unitDirectory)")
        }
    }

    /// The enablement symlinks of our units in the person's unit directory (`*.wants/`,
    /// `*.requires/`), which `systemctl enable` made.
    private func enablementLinks() -> [String] {
        let names: Set<String> = [InstallLocations.serviceName, InstallLocations.socketName]
        let directories = (try? FileManager.default.contentsOfDirectory(atPath: locations.unitDirectory)) ?? []
        return directories.sorted().filter { $0.hasSuffix(".wants") || $0.hasSuffix(".requires") }.flatMap { directory in
            let path = "\(locations.unitDirectory)/\(directory)"
            let entries = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
            return entries.sorted().filter(names.contains).map { "\(path)/\($0)" }
        }
    }

    // MARK: Shared

    private func runAll(_ commands: [[String]]) throws(InstallError) {
        for command in commands {
            say("\(dryRun ? "would run" : "running") \(UserManager.commandLine(command))")
            if !dryRun { try manager.run(command) }
        }
    }

    /// One line for one file: `verbs` names what was (or would be) done to a new one.
    private func report(_ change: Change, _ path: String, verbs: (done: String, planned: String)) {
        switch (change, dryRun) {
        case (.unchanged, _): say("unchanged \(path)")
        case (.created, false): say("\(verbs.done) \(path)")
        case (.created, true): say("would \(verbs.planned) \(path)")
        case (.updated, false): say("updated \(path)")
        case (.updated, true): say("would update \(path)")
        }
    }
}
