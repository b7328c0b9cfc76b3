import Foundation
import Glibc
import NoContactCore
import NoContactService
import TestSupport
import Testing

/// A temporary home and prefix for `nocontact install`, with a stand-in for systemctl.
///
/// No user manager may run on a test machine (starting one moves processes between cgroups),
/// so NOCONTACT_SYSTEMCTL points at a small script that records its arguments and answers
/// `is-system-running` and `show-environment` as a user manager would.
struct InstallSandbox {
    let root: String

    init() throws {
        root = "/tmp/nc-inst-\(UUID().uuidString.prefix(12))"
        for directory in ["home", "run"] {
            try FileManager.default.createDirectory(atPath: "\(root)/\(directory)", withIntermediateDirectories: true)
        }
        chmod(runtimeDirectory, 0o700)
        try """
        #!/bin/sh
        # Records each call on one line and answers like a systemd user manager.
        printf '%s\\n' "$*" >> "\(root)/systemctl.log"
        case "$*" in
            "--user is-system-running") echo "${FAKE_SYSTEMCTL_STATE:-running}" ;;
            "--user show-environment") printf 'HOME=%s\\nPATH=%s\\n' "$HOME" "${FAKE_SYSTEMCTL_PATH:-/usr/local/bin:/usr/bin:/bin}" ;;
        esac
        if [ -n "$FAKE_SYSTEMCTL_FAIL" ] && [ "$*" = "--user $FAKE_SYSTEMCTL_FAIL" ]; then
            echo "Failed to $FAKE_SYSTEMCTL_FAIL: Access denied" >&2
            exit 1
        fi
        exit 0
        """.write(toFile: fakeSystemctl, atomically: true, encoding: .utf8)
        chmod(fakeSystemctl, 0o755)
    }

    var home: String { "\(root)/home" }
    var prefix: String { "\(root)/prefix" }
    var runtimeDirectory: String { "\(root)/run" }
    var fakeSystemctl: String { "\(root)/fake-systemctl" }
    var unitDirectory: String { "\(home)/.config/systemd/user" }
    var configDirectory: String { "\(home)/.config/nocontact" }
    var configFile: String { "\(configDirectory)/config.toml" }
    var stateDirectory: String { "\(home)/.local/state/nocontact" }

    /// The user manager's private socket, which install looks for before asking systemctl.
    func makeManagerReachable() throws {
        try FileManager.default.createDirectory(atPath: "\(runtimeDirectory)/systemd", withIntermediateDirectories: true)
        _ = FileManager.default.createFile(atPath: "\(runtimeDirectory)/systemd/private", contents: nil)
    }

    /// HOME and XDG_RUNTIME_DIR here; XDG_CONFIG_HOME and XDG_STATE_HOME unset, so the defaults
    /// under HOME are what is tested.
    var environment: [String: String] {
        var environment = ProcessInfo.processInfo.environment
        for key in [
            "XDG_CONFIG_HOME", "XDG_STATE_HOME", "NOTIFY_SOCKET", "LISTEN_FDS", "FAKE_SYSTEMCTL_STATE", "FAKE_SYSTEMCTL_PATH",
            "FAKE_SYSTEMCTL_FAIL",
        ] {
            environment.removeValue(forKey: key)
        }
        environment["HOME"] = home
        environment["XDG_RUNTIME_DIR"] = runtimeDirectory
        environment["NOCONTACT_SYSTEMCTL"] = fakeSystemctl
        environment["PATH"] = "/usr/local/bin:/usr/bin:/bin"
        return environment
    }

    /// Every systemctl call so far, one line each (`--user daemon-reload`), then forgets them.
    func takeCalls() -> [String] {
        let path = "\(root)/systemctl.log"
        defer { unlink(path) }
        let text = (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
        return text.split(separator: "\n").map(String.init)
    }

    @discardableResult
    func nocontact(_ arguments: [String], binary: String = Binaries.cli, environment extra: [String: String] = [:]) throws -> (
        status: Int32, stdout: String, stderr: String
    ) {
        try run(binary, arguments, environment: environment.merging(extra) { $1 })
    }

    func remove() {
        try? FileManager.default.removeItem(atPath: root)
    }
}

/// The permission bits of a file, or nil when it is missing.
func fileMode(_ path: String) -> mode_t? {
    var status = stat()
    return stat(path, &status) == 0 ? status.st_mode & 0o7777 : nil
}

func fileInode(_ path: String) -> ino_t? {
    var status = stat()
    return stat(path, &status) == 0 ? status.st_ino : nil
}

func fileText(_ path: String) -> String? {
    try? String(contentsOfFile: path, encoding: .utf8)
}

/// `nocontact install` and `uninstall` in a temporary home, against a recorded systemctl.
@Suite("install and uninstall", .serialized, .enabled(if: Environment.isReady, "needs scripts/test (the built binaries)"))
struct InstallEndToEndTests {
    static let repository = ShippedFilesTests.repository

    /// The repository's service unit with ExecStart= pointing at `daemon`.
    static func expectedService(daemon: String) throws -> String {
        let unit = try String(contentsOfFile: "\(repository)/systemd/nocontactd.service", encoding: .utf8)
        #expect(unit.contains("\nExecStart=/usr/local/bin/nocontactd\n"))
        return unit.replacingOccurrences(of: "\nExecStart=/usr/local/bin/nocontactd\n", with: "\nExecStart=\(daemon)\n")
    }

    /// With a user manager answering: binaries 0755, units 0644 with the installed path, the
    /// config 0600 in a 0700 directory, and exactly daemon-reload then enable --now of both units.
    @Test func installsEverythingAndEnablesBothUnits() throws {
        let sandbox = try InstallSandbox()
        defer { sandbox.remove() }
        try sandbox.makeManagerReachable()

        let result = try sandbox.nocontact(["install", "--prefix", sandbox.prefix])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.isEmpty)
        for name in ["nocontact", "nocontactd"] {
            let installed = "\(sandbox.prefix)/bin/\(name)"
            #expect(fileMode(installed) == 0o755)
            #expect(FileManager.default.contentsEqual(atPath: installed, andPath: "\(Binaries.directory)/\(name)"))
        }
        let service = "\(sandbox.unitDirectory)/nocontactd.service"
        let socket = "\(sandbox.unitDirectory)/nocontactd.socket"
        #expect(fileMode(service) == 0o644)
        #expect(fileMode(socket) == 0o644)
        #expect(fileText(service) == (try Self.expectedService(daemon: "\(sandbox.prefix)/bin/nocontactd")))
        #expect(fileText(socket) == fileText("\(Self.repository)/systemd/nocontactd.socket"))
        #expect(fileMode(sandbox.configFile) == 0o600)
        #expect(fileMode(sandbox.configDirectory) == 0o700)

        #expect(
            sandbox.takeCalls() == [
                "--user is-system-running",
                "--user daemon-reload",
                "--user enable --now nocontactd.socket nocontactd.service",
                "--user show-environment",
            ])
        let lines = result.stdout.split(separator: "\n").map(String.init)
        #expect(
            Array(lines.prefix(8)) == [
                "installed \(sandbox.prefix)/bin/nocontact",
                "installed \(sandbox.prefix)/bin/nocontactd",
                "wrote \(service)",
                "wrote \(socket)",
                "wrote \(sandbox.configFile) (the built-in defaults, explained; edit it, then run nocontact check)",
                "running systemctl --user daemon-reload",
                "running systemctl --user enable --now nocontactd.socket nocontactd.service",
                "nocontactd is running: `nocontact status` shows what comes next",
            ])
        // The fake manager's PATH lacks the prefix: the Answer action would not find nocontact.
        #expect(result.stdout.contains("note: your user services do not search \(sandbox.prefix)/bin"))
        #expect(
            result.stdout.contains(
                "    echo 'PATH=\(sandbox.prefix)/bin:$PATH' > \(sandbox.home)/.config/environment.d/60-nocontact.conf\n"))
    }

    /// A second install changes nothing (same files, same inodes, the config kept as edited)
    /// and repeats only the idempotent systemctl requests; a changed binary is replaced and
    /// the running daemon restarted to use it.
    @Test func reinstallIsIdempotentAndUpgradesWhatChanged() throws {
        let sandbox = try InstallSandbox()
        defer { sandbox.remove() }
        try sandbox.makeManagerReachable()
        try sandbox.nocontact(["install", "--prefix", sandbox.prefix])
        _ = sandbox.takeCalls()
        let service = "\(sandbox.unitDirectory)/nocontactd.service"
        let inodes = [service, "\(sandbox.prefix)/bin/nocontactd"].map(fileInode)
        try "# mine\n".write(toFile: sandbox.configFile, atomically: false, encoding: .utf8)

        let again = try sandbox.nocontact(
            ["install", "--prefix", sandbox.prefix], environment: ["FAKE_SYSTEMCTL_PATH": "\(sandbox.prefix)/bin:/usr/bin"])
        #expect(again.status == 0, "\(again.stderr)")
        #expect(
            again.stdout.hasPrefix(
                """
                unchanged \(sandbox.prefix)/bin/nocontact
                unchanged \(sandbox.prefix)/bin/nocontactd
                unchanged \(service)
                unchanged \(sandbox.unitDirectory)/nocontactd.socket
                kept your config \(sandbox.configFile)

                """))
        #expect(!again.stdout.contains("note: your user services"))
        #expect([service, "\(sandbox.prefix)/bin/nocontactd"].map(fileInode) == inodes)
        #expect(fileText(sandbox.configFile) == "# mine\n")
        #expect(
            sandbox.takeCalls() == [
                "--user is-system-running", "--user daemon-reload",
                "--user enable --now nocontactd.socket nocontactd.service", "--user show-environment",
            ])

        // An older daemon in the prefix: replaced, and a running one restarted before enable.
        let stale = "\(sandbox.prefix)/bin/nocontactd"
        try Data("old".utf8).write(to: URL(fileURLWithPath: stale))
        let upgrade = try sandbox.nocontact(["install", "--prefix", sandbox.prefix])
        #expect(upgrade.status == 0)
        #expect(upgrade.stdout.contains("updated \(stale)\n"))
        #expect(FileManager.default.contentsEqual(atPath: stale, andPath: Binaries.daemon))
        #expect(fileMode(stale) == 0o755)
        #expect(
            sandbox.takeCalls() == [
                "--user is-system-running", "--user daemon-reload", "--user try-restart nocontactd.service",
                "--user enable --now nocontactd.socket nocontactd.service", "--user show-environment",
            ])

        // The installed nocontact installing again finds itself already in place.
        let fromPrefix = try sandbox.nocontact(["install", "--prefix", sandbox.prefix], binary: "\(sandbox.prefix)/bin/nocontact")
        #expect(fromPrefix.status == 0)
        #expect(fromPrefix.stdout.hasPrefix("unchanged \(sandbox.prefix)/bin/nocontact\nunchanged \(stale)\n"))
    }

    /// Without a user manager nothing is run: install writes the files and prints the exact
    /// commands; a manager that is there but says "offline" counts as absent too.
    @Test func withoutUserManagerPrintsTheCommands() throws {
        let sandbox = try InstallSandbox()
        defer { sandbox.remove() }
        let result = try sandbox.nocontact(["install", "--prefix", sandbox.prefix])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(
            result.stdout.hasSuffix(
                """
                no systemd user manager answers here (there is no \(sandbox.runtimeDirectory)/systemd/private), so nothing was started; in your session, run:
                    systemctl --user daemon-reload
                    systemctl --user enable --now nocontactd.socket nocontactd.service

                """))
        #expect(sandbox.takeCalls().isEmpty)
        #expect(fileMode("\(sandbox.unitDirectory)/nocontactd.service") == 0o644)

        try sandbox.makeManagerReachable()
        let offline = try sandbox.nocontact(["install", "--prefix", sandbox.prefix], environment: ["FAKE_SYSTEMCTL_STATE": "offline"])
        #expect(offline.status == 0)
        #expect(offline.stdout.contains("no systemd user manager answers here (systemctl --user is-system-running says \"offline\")"))
        #expect(sandbox.takeCalls() == ["--user is-system-running"])
    }

    /// --dry-run says what it would do and leaves the home and prefix untouched.
    @Test func dryRunChangesNothing() throws {
        let sandbox = try InstallSandbox()
        defer { sandbox.remove() }
        try sandbox.makeManagerReachable()
        let result = try sandbox.nocontact(["install", "--prefix", sandbox.prefix, "--dry-run"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("would install \(sandbox.prefix)/bin/nocontactd\n"))
        #expect(result.stdout.contains("would write \(sandbox.unitDirectory)/nocontactd.service\n"))
        #expect(result.stdout.contains("would write \(sandbox.configFile) "))
        #expect(result.stdout.contains("would run systemctl --user enable --now nocontactd.socket nocontactd.service\n"))
        #expect(!FileManager.default.fileExists(atPath: sandbox.prefix))
        #expect((try FileManager.default.contentsOfDirectory(atPath: sandbox.home)).isEmpty)
        // Only questions were asked.
        #expect(sandbox.takeCalls() == ["--user is-system-running", "--user show-environment"])
    }

    /// A failing systemctl request stops install with its command line and exit status 1.
    @Test func failingSystemctlIsReported() throws {
        let sandbox = try InstallSandbox()
        defer { sandbox.remove() }
        try sandbox.makeManagerReachable()
        let result = try sandbox.nocontact(
            ["install", "--prefix", sandbox.prefix],
            environment: ["FAKE_SYSTEMCTL_FAIL": "enable --now nocontactd.socket nocontactd.service"])
        #expect(result.status == 1)
        #expect(result.stderr.contains("Failed to enable --now nocontactd.socket nocontactd.service: Access denied\n"))
        #expect(
            result.stderr.hasSuffix(
                "`systemctl --user enable --now nocontactd.socket nocontactd.service` failed (exit status 1); its message is above\n"))
    }

    /// $XDG_CONFIG_HOME decides where the units and the config go; ~/.local is the default prefix.
    @Test func followsXDGConfigHomeAndDefaultPrefix() throws {
        let sandbox = try InstallSandbox()
        defer { sandbox.remove() }
        let configHome = "\(sandbox.root)/xdg-config"
        let result = try sandbox.nocontact(["install"], environment: ["XDG_CONFIG_HOME": configHome])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(fileMode("\(configHome)/systemd/user/nocontactd.service") == 0o644)
        #expect(fileMode("\(configHome)/systemd/user/nocontactd.socket") == 0o644)
        #expect(fileMode("\(configHome)/nocontact/config.toml") == 0o600)
        #expect(fileMode("\(sandbox.home)/.local/bin/nocontactd") == 0o755)
        #expect(
            fileText("\(configHome)/systemd/user/nocontactd.service")
                == (try Self.expectedService(daemon: "\(sandbox.home)/.local/bin/nocontactd")))
        #expect(!FileManager.default.fileExists(atPath: "\(sandbox.home)/.config"))
    }

    /// The written config is config/nocontact.toml byte for byte, and means exactly the
    /// built-in default.
    @Test func writtenConfigIsTheExplainedBuiltInDefault() throws {
        let sandbox = try InstallSandbox()
        defer { sandbox.remove() }
        try sandbox.nocontact(["install", "--prefix", sandbox.prefix])
        let written = try #require(fileText(sandbox.configFile))

        var expected = Config.builtinDefault
        expected.source = sandbox.configFile
        #expect(try ConfigParser.parse(written, file: sandbox.configFile, zones: SystemTimeZone.processLookup) == expected)
        let check = try sandbox.nocontact(["check"])
        #expect(check.stdout == "\(sandbox.configFile): OK (1 period, 2 prompt times)\n")
        #expect(written == (try String(contentsOfFile: "\(Self.repository)/config/nocontact.toml", encoding: .utf8)))
    }

    /// Uninstall disables and removes the units and binaries (found through the unit's
    /// ExecStart=, no --prefix needed) and keeps the journal and config, saying where.
    @Test func uninstallKeepsJournalAndConfig() throws {
        let sandbox = try InstallSandbox()
        defer { sandbox.remove() }
        try sandbox.makeManagerReachable()
        try sandbox.nocontact(["install", "--prefix", sandbox.prefix])
        try FileManager.default.createDirectory(atPath: sandbox.stateDirectory, withIntermediateDirectories: true)
        try "journal".write(toFile: "\(sandbox.stateDirectory)/journey.sqlite", atomically: true, encoding: .utf8)
        _ = sandbox.takeCalls()

        let result = try sandbox.nocontact(["uninstall"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(
            result.stdout == """
                running systemctl --user disable --now nocontactd.socket nocontactd.service
                removed \(sandbox.unitDirectory)/nocontactd.socket
                removed \(sandbox.unitDirectory)/nocontactd.service
                removed \(sandbox.prefix)/bin/nocontact
                removed \(sandbox.prefix)/bin/nocontactd
                running systemctl --user daemon-reload
                kept your journal in \(sandbox.stateDirectory)
                kept your config in \(sandbox.configDirectory)
                (nocontact uninstall --purge deletes them; nocontact export first keeps a copy)

                """)
        #expect(
            sandbox.takeCalls() == [
                "--user is-system-running", "--user disable --now nocontactd.socket nocontactd.service", "--user daemon-reload",
            ])
        #expect(fileText("\(sandbox.stateDirectory)/journey.sqlite") == "journal")
        #expect(fileMode(sandbox.configFile) == 0o600)

        // Nothing left to do: says so, asks systemctl nothing that changes anything.
        let again = try sandbox.nocontact(["uninstall"])
        #expect(again.status == 0)
        #expect(again.stdout.hasPrefix("kept your journal in"))
        #expect(sandbox.takeCalls() == ["--user is-system-running"])
    }

    /// --purge --yes deletes the journal and config as well.
    @Test func purgeWithYesDeletesJournalAndConfig() throws {
        let sandbox = try InstallSandbox()
        defer { sandbox.remove() }
        try sandbox.makeManagerReachable()
        try sandbox.nocontact(["install", "--prefix", sandbox.prefix])
        try FileManager.default.createDirectory(atPath: sandbox.stateDirectory, withIntermediateDirectories: true)
        try "journal".write(toFile: "\(sandbox.stateDirectory)/journey.sqlite", atomically: true, encoding: .utf8)

        let result = try sandbox.nocontact(["uninstall", "--purge", "--yes"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("removed your journal \(sandbox.stateDirectory)\nremoved your config \(sandbox.configDirectory)\n"))
        #expect(!FileManager.default.fileExists(atPath: sandbox.stateDirectory))
        #expect(!FileManager.default.fileExists(atPath: sandbox.configDirectory))
        #expect(!FileManager.default.fileExists(atPath: "\(sandbox.prefix)/bin/nocontactd"))
    }

    /// --purge without --yes, with no terminal on standard input, refuses (status 2) before
    /// touching anything.
    @Test func purgeWithoutYesRefusesWithoutTerminal() throws {
        let sandbox = try InstallSandbox()
        defer { sandbox.remove() }
        try sandbox.makeManagerReachable()
        try sandbox.nocontact(["install", "--prefix", sandbox.prefix])
        _ = sandbox.takeCalls()

        let result = try sandbox.nocontact(["uninstall", "--purge"])
        #expect(result.status == 2)
        #expect(result.stderr.contains("confirm it with --yes (nothing was changed)"))
        #expect(result.stdout.isEmpty)
        #expect(sandbox.takeCalls().isEmpty)
        #expect(fileMode("\(sandbox.unitDirectory)/nocontactd.service") == 0o644)
        #expect(fileMode(sandbox.configFile) == 0o600)
    }

    /// On a terminal --purge asks: anything but "yes" changes nothing (status 1); "yes" deletes.
    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/script"), "needs script(1) for a terminal"))
    func purgeAsksOnATerminal() throws {
        let sandbox = try InstallSandbox()
        defer { sandbox.remove() }
        try sandbox.nocontact(["install", "--prefix", sandbox.prefix])
        try FileManager.default.createDirectory(atPath: sandbox.stateDirectory, withIntermediateDirectories: true)

        /// `nocontact uninstall --purge` on a pseudo-terminal (script(1)), typing `answer`.
        func purge(typing answer: String) throws -> (status: Int32, output: String) {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/script")
            process.arguments = ["-q", "-e", "-c", "\(Binaries.cli) uninstall --purge", "/dev/null"]
            process.environment = sandbox.environment
            let input = Pipe()
            let output = Pipe()
            process.standardInput = input
            process.standardOutput = output
            process.standardError = output
            try process.run()
            try output.fileHandleForWriting.close()
            input.fileHandleForWriting.write(Data("\(answer)\n".utf8))
            try input.fileHandleForWriting.close()
            let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            process.waitUntilExit()
            return (process.terminationStatus, text)
        }

        let declined = try purge(typing: "no")
        #expect(declined.status == 1)
        #expect(declined.output.contains("Type yes to delete them: "))
        #expect(declined.output.contains("nothing was changed"))
        #expect(FileManager.default.fileExists(atPath: sandbox.stateDirectory))
        #expect(fileMode("\(sandbox.unitDirectory)/nocontactd.service") == 0o644)

        let confirmed = try purge(typing: "yes")
        #expect(confirmed.status == 0, "\(confirmed.output)")
        #expect(!FileManager.default.fileExists(atPath: sandbox.stateDirectory))
        #expect(!FileManager.default.fileExists(atPath: sandbox.configDirectory))
        #expect(!FileManager.default.fileExists(atPath: "\(sandbox.unitDirectory)/nocontactd.service"))
    }

    /// Without a user manager, uninstall removes the enablement links itself and says how to
    /// stop a daemon that still runs in some session.
    @Test func uninstallWithoutManagerRemovesEnablementLinks() throws {
        let sandbox = try InstallSandbox()
        defer { sandbox.remove() }
        try sandbox.nocontact(["install", "--prefix", sandbox.prefix])
        // What `systemctl --user enable` makes.
        let links = [
            "\(sandbox.unitDirectory)/default.target.wants/nocontactd.service",
            "\(sandbox.unitDirectory)/sockets.target.wants/nocontactd.socket",
        ]
        for link in links {
            let name = (link as NSString).lastPathComponent
            try FileManager.default.createDirectory(atPath: (link as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: "../\(name)")
        }

        let result = try sandbox.nocontact(["uninstall"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.hasPrefix("removed \(links[0])\nremoved \(links[1])\n"))
        #expect(
            result.stdout.contains(
                "if nocontactd still runs in a session, stop it there with:\n    systemctl --user stop nocontactd.socket nocontactd.service\n"
            ))
        for link in links { #expect(!InstallFiles.exists(link)) }
        #expect(sandbox.takeCalls().isEmpty)
        #expect(!FileManager.default.fileExists(atPath: "\(sandbox.unitDirectory)/nocontactd.service"))
    }

    /// A nocontact without its nocontactd next to it cannot install, and says why.
    @Test func refusesWithoutDaemonNextToIt() throws {
        let sandbox = try InstallSandbox()
        defer { sandbox.remove() }
        let lonely = "\(sandbox.root)/lonely"
        try FileManager.default.createDirectory(atPath: lonely, withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: Binaries.cli, toPath: "\(lonely)/nocontact")
        let result = try sandbox.nocontact(["install", "--prefix", sandbox.prefix], binary: "\(lonely)/nocontact")
        #expect(result.status == 1)
        #expect(result.stderr.contains("there is no nocontactd next to this nocontact in \(lonely)"))
        #expect(!FileManager.default.fileExists(atPath: "\(sandbox.prefix)/bin/nocontactd"))
    }

    /// scripts/install (what `make install` runs) stages binaries, units with the prefix's
    /// path, man pages by section and completions by shell under DESTDIR, and removes them again.
    @Test func scriptsInstallStagesAPackage() throws {
        let sandbox = try InstallSandbox()
        defer { sandbox.remove() }
        // A tree of our own, so that man/ and completions/ hold exactly what this test expects.
        let tree = "\(sandbox.root)/tree"
        for directory in ["scripts", "systemd", "man", "completions"] {
            try FileManager.default.createDirectory(atPath: "\(tree)/\(directory)", withIntermediateDirectories: true)
        }
        for file in ["scripts/install", "systemd/nocontactd.service", "systemd/nocontactd.socket"] {
            try FileManager.default.copyItem(atPath: "\(Self.repository)/\(file)", toPath: "\(tree)/\(file)")
        }
        for file in [
            "man/nocontact.1", "man/nocontactd.8", "completions/nocontact.bash", "completions/_nocontact", "completions/nocontact.fish",
        ] {
            try "\(file)\n".write(toFile: "\(tree)/\(file)", atomically: true, encoding: .utf8)
        }
        let destination = "\(sandbox.root)/destdir"
        let installed = try run(
            "\(tree)/scripts/install", ["install", "--prefix", "/usr", "--destdir", destination, "--bin-dir", Binaries.directory])
        #expect(installed.status == 0, "\(installed.stderr)")
        let staged = "\(destination)/usr"
        let expected: [(String, mode_t)] = [
            ("bin/nocontact", 0o755), ("bin/nocontactd", 0o755),
            ("lib/systemd/user/nocontactd.service", 0o644), ("lib/systemd/user/nocontactd.socket", 0o644),
            ("share/man/man1/nocontact.1", 0o644), ("share/man/man8/nocontactd.8", 0o644),
            ("share/bash-completion/completions/nocontact", 0o644), ("share/zsh/vendor-completions/_nocontact", 0o644),
            ("share/fish/vendor_completions.d/nocontact.fish", 0o644),
        ]
        for (path, mode) in expected {
            #expect(fileMode("\(staged)/\(path)") == mode, "\(path)")
        }
        // DESTDIR is where files are staged, never where they run from.
        #expect(fileText("\(staged)/lib/systemd/user/nocontactd.service") == (try Self.expectedService(daemon: "/usr/bin/nocontactd")))
        #expect(fileText("\(staged)/share/man/man8/nocontactd.8") == "man/nocontactd.8\n")
        #expect(installed.stdout.contains("installed /usr/bin/nocontactd (in \(destination))\n"))

        let removed = try run("\(tree)/scripts/install", ["uninstall", "--prefix", "/usr", "--destdir", destination])
        #expect(removed.status == 0, "\(removed.stderr)")
        let left =
            FileManager.default.enumerator(atPath: destination)?.compactMap { $0 as? String }
            .filter { InstallFiles.isRegularFile("\(destination)/\($0)") } ?? []
        #expect(left.isEmpty)

        let badPrefix = try run("\(tree)/scripts/install", ["install", "--prefix", "/opt/no contact", "--bin-dir", Binaries.directory])
        #expect(badPrefix.status == 2)
        #expect(badPrefix.stderr.contains("has characters a unit file cannot take"))
    }

    /// `make install` (with the just-built binaries, so nothing is rebuilt) and `make uninstall`.
    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/make"), "needs make"))
    func makeInstallAndUninstall() throws {
        let sandbox = try InstallSandbox()
        defer { sandbox.remove() }
        let destination = "\(sandbox.root)/destdir"
        let binaries = Binaries.directory
        // -o: never rebuild the binaries here, whatever the sources' times (a release build
        // takes minutes); the dependency on the sources is for people running make.
        let make = [
            "-s", "-C", Self.repository, "-o", "\(binaries)/nocontact", "-o", "\(binaries)/nocontactd",
            "BUILDDIR=\(binaries)", "PREFIX=/usr", "DESTDIR=\(destination)",
        ]
        let installed = try run("/usr/bin/make", make + ["install"], timeout: 120)
        #expect(installed.status == 0, "\(installed.stderr)")
        #expect(fileMode("\(destination)/usr/bin/nocontactd") == 0o755)
        #expect(FileManager.default.contentsEqual(atPath: "\(destination)/usr/bin/nocontact", andPath: Binaries.cli))
        #expect(
            fileText("\(destination)/usr/lib/systemd/user/nocontactd.service") == (try Self.expectedService(daemon: "/usr/bin/nocontactd")))
        #expect(fileMode("\(destination)/usr/lib/systemd/user/nocontactd.socket") == 0o644)

        let removed = try run("/usr/bin/make", make + ["uninstall"], timeout: 120)
        #expect(removed.status == 0, "\(removed.stderr)")
        #expect(!FileManager.default.fileExists(atPath: "\(destination)/usr/bin/nocontactd"))
        #expect(!FileManager.default.fileExists(atPath: "\(destination)/usr/lib/systemd/user/nocontactd.service"))
    }
}

/// The same test of "is something there" as the installer, for the tests above.
enum InstallFiles {
    static func exists(_ path: String) -> Bool {
        var status = stat()
        return lstat(path, &status) == 0
    }

    static func isRegularFile(_ path: String) -> Bool {
        var status = stat()
        return lstat(path, &status) == 0 && (status.st_mode & S_IFMT) == S_IFREG
    }
}
