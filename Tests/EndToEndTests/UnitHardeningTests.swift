import Foundation
import Glibc
import TestSupport
import Testing

/// The user units' sandbox: systemd's own rating of it, systemd's verdict on the files, what
/// the daemon needs staying reachable, and the daemon working under the unit's seccomp filters.
///
/// No user manager may run here, so the units are judged offline; the seccomp settings, which
/// are what can kill a working daemon, are applied to a real nocontactd by a small launcher
/// built from the unit's own lines.
@Suite("unit hardening", .serialized, .enabled(if: Environment.isReady, "needs scripts/test (private journald, built binaries)"))
struct UnitHardeningTests {
    static let repository = ShippedFilesTests.repository
    /// The most `systemd-analyze security` may rate the service (issue #9).
    static let exposureBudget = 1.5

    /// The repository's units in a fresh directory, ExecStart= pointing at the built daemon
    /// (verify fails when it does not exist), and an XDG_RUNTIME_DIR for %t.
    static func unitCopies() throws -> (directory: String, environment: [String: String]) {
        let directory = "/tmp/nc-unit-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: "\(directory)/runtime", withIntermediateDirectories: true)
        let service = try String(contentsOfFile: "\(repository)/systemd/nocontactd.service", encoding: .utf8)
        try service.replacingOccurrences(of: "\nExecStart=/usr/local/bin/nocontactd\n", with: "\nExecStart=\(Binaries.daemon)\n")
            .write(toFile: "\(directory)/nocontactd.service", atomically: true, encoding: .utf8)
        try FileManager.default.copyItem(atPath: "\(repository)/systemd/nocontactd.socket", toPath: "\(directory)/nocontactd.socket")
        var environment = ProcessInfo.processInfo.environment
        environment["XDG_RUNTIME_DIR"] = "\(directory)/runtime"
        return (directory, environment)
    }

    /// The overall exposure `systemd-analyze security --offline=true --user` gives a service.
    static func exposure(of unit: String, environment: [String: String]) throws -> Double {
        let result = try run(
            "/usr/bin/systemd-analyze", ["security", "--offline=true", "--user", "--no-pager", unit], environment: environment)
        let name = (unit as NSString).lastPathComponent
        let prefix = "→ Overall exposure level for \(name): "
        guard let line = result.stdout.split(separator: "\n").first(where: { $0.hasPrefix(prefix) }),
            let score = Double(line.dropFirst(prefix.count).prefix { !$0.isWhitespace })
        else {
            throw E2EError("no overall exposure line in:\n\(result.stdout)\(result.stderr)")
        }
        return score
    }

    /// `systemd-analyze verify --user` on units, which must print nothing at all: it only warns
    /// (exit 0) about unknown keys and bad values.
    static func verify(_ units: [String], environment: [String: String]) throws -> (status: Int32, output: String) {
        let result = try run("/usr/bin/systemd-analyze", ["verify", "--user", "--man=no"] + units, environment: environment)
        return (result.status, result.stdout + result.stderr)
    }

    /// The service rates at most 1.5 in systemd's exposure scale, by its table and by its
    /// own --threshold check.
    @Test func serviceExposureIsWithinBudget() throws {
        let (directory, environment) = try Self.unitCopies()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let service = "\(directory)/nocontactd.service"
        let score = try Self.exposure(of: service, environment: environment)
        #expect(score <= Self.exposureBudget, "exposure \(score) is above \(Self.exposureBudget)")
        let threshold = try run(
            "/usr/bin/systemd-analyze",
            [
                "security", "--offline=true", "--user", "--no-pager", "--threshold=\(Int(Self.exposureBudget * 10))", service,
            ], environment: environment)
        #expect(threshold.status == 0)
    }

    /// Both units pass `systemd-analyze verify --user` without a line of output.
    @Test func unitsVerifyClean() throws {
        let (directory, environment) = try Self.unitCopies()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let result = try Self.verify(["\(directory)/nocontactd.service", "\(directory)/nocontactd.socket"], environment: environment)
        #expect(result.status == 0)
        #expect(result.output.isEmpty)
    }

    /// The copies `nocontact install` writes verify clean and rate the same, even under a
    /// prefix with a space (quoted in ExecStart=).
    @Test func installedUnitsVerifyCleanAndRateTheSame() throws {
        let sandbox = try InstallSandbox()
        defer { sandbox.remove() }
        let prefix = "\(sandbox.root)/with space"
        let install = try sandbox.nocontact(["install", "--prefix", prefix])
        #expect(install.status == 0, "\(install.stderr)")
        let service = "\(sandbox.unitDirectory)/nocontactd.service"
        #expect(fileText(service)?.contains("\nExecStart=\"\(prefix)/bin/nocontactd\"\n") == true)
        let result = try Self.verify([service, "\(sandbox.unitDirectory)/nocontactd.socket"], environment: sandbox.environment)
        #expect(result.status == 0)
        #expect(result.output.isEmpty)
        #expect(try Self.exposure(of: service, environment: sandbox.environment) <= Self.exposureBudget)
    }

    /// The service's settings, by key (repeated keys keep every value in order).
    static func serviceSettings() throws -> [String: [String]] {
        let text = try String(contentsOfFile: "\(repository)/systemd/nocontactd.service", encoding: .utf8)
        var settings: [String: [String]] = [:]
        var section = ""
        for line in text.split(separator: "\n") where !line.hasPrefix("#") {
            if line.hasPrefix("[") {
                section = String(line)
            } else if section == "[Service]", let equals = line.firstIndex(of: "=") {
                settings[String(line[..<equals]), default: []].append(String(line[line.index(after: equals)...]))
            }
        }
        return settings
    }

    /// Hardening never takes away what the daemon and its commands need: its state and runtime
    /// directories writable, the config and session bus readable (ProtectHome= not yes/tmpfs),
    /// Unix sockets, the X11 display sockets, and PrivateUsers= (without it systemd 252 cannot
    /// build the file-system sandbox of a user unit).
    @Test func sandboxKeepsWhatTheDaemonNeeds() throws {
        let settings = try Self.serviceSettings()
        func last(_ key: String) -> String? { settings[key]?.last }
        #expect(settings["ReadWritePaths", default: []].flatMap { $0.split(separator: " ") }.contains("%h/.local/state/nocontact"))
        #expect(
            settings["ExecStartPre", default: []].contains { $0.hasPrefix("+") && $0.contains("%h/.local/state/nocontact") },
            "the state directory must exist before ReadWritePaths= can name it")
        #expect(last("RuntimeDirectory") == "nocontact")
        #expect(last("RuntimeDirectoryMode") == "0700")
        #expect(last("RuntimeDirectoryPreserve") == "yes", "the socket unit's socket lives in %t/nocontact")
        #expect(!["yes", "tmpfs"].contains(last("ProtectHome") ?? "no"), "the config and $XDG_RUNTIME_DIR/bus must stay readable")
        #expect(last("PrivateNetwork") != "yes", "abstract X11 and input-method sockets")
        #expect(settings["RestrictAddressFamilies", default: []].flatMap { $0.split(separator: " ") }.contains("AF_UNIX"))
        if last("PrivateTmp") == "yes" {
            #expect(
                settings["BindReadOnlyPaths", default: []].flatMap { $0.split(separator: " ") }.contains("-/tmp/.X11-unix"),
                "the answer terminal needs the X11 display sockets")
        }
        #expect(last("PrivateUsers") == "yes")
        #expect(last("Type") == "notify")
        #expect(settings["StateDirectory"] == nil, "systemd 252 puts StateDirectory= of user units in ~/.config")
    }

    /// Runs a program under the unit's seccomp settings, as systemd applies them (see the script).
    static let seccompLauncher = "\(repository)/Tests/EndToEndTests/Support/seccomp-exec.py"

    /// The arguments for /usr/bin/python3 that run a program under the service's seccomp settings.
    static let seccompPrefix = [seccompLauncher, "\(repository)/systemd/nocontactd.service"]

    /// The launcher really applies the unit's filters: under it an Internet socket, memory both
    /// writable and executable, and setuid() are refused, while ordinary work goes on.
    @Test func seccompLauncherEnforcesTheUnit() throws {
        let sandbox = try Sandbox()
        defer { sandbox.remove() }
        let prefix = Self.seccompPrefix
        let python = "/usr/bin/python3"
        func underUnit(_ code: String) throws -> (status: Int32, stdout: String, stderr: String) {
            try run(python, prefix + [python, "-c", code])
        }
        let inet = try underUnit("import socket\ntry:\n socket.socket(socket.AF_INET)\nexcept OSError as e:\n print(e.errno)")
        #expect(inet.stdout == "\(EAFNOSUPPORT)\n", "\(inet.stderr)")
        let writableCode = try underUnit("import mmap\ntry:\n mmap.mmap(-1, 4096, prot=7)\nexcept OSError as e:\n print(e.errno)")
        #expect(writableCode.stdout == "\(EPERM)\n", "\(writableCode.stderr)")
        let setuid = try underUnit("import os\ntry:\n os.setuid(0)\nexcept OSError as e:\n print(e.errno)")
        #expect(setuid.stdout == "\(EPERM)\n", "\(setuid.stderr)")
        let unix = try underUnit("import socket\nsocket.socket(socket.AF_UNIX)\nprint('ok')")
        #expect(unix.stdout == "ok\n", "\(unix.stderr)")
    }

    /// nocontactd under the unit's seccomp filters (syscall allow-list, no writable executable
    /// memory, Unix sockets only) starts, answers on its socket, delivers a prompt to the
    /// journal, runs its delivery command, and stops cleanly on SIGTERM.
    @Test func daemonWorksUnderTheUnitsSeccompFilters() throws {
        let sandbox = try Sandbox()
        defer { sandbox.remove() }
        let period = DaemonEndToEndTests.uniqueName("e2e-seccomp")
        let due = Date(timeIntervalSince1970: (Date().timeIntervalSince1970 + 3).rounded(.down))
        let time = due.formatted(
            Date.VerbatimFormatStyle(
                format: "\(hour: .twoDigits(clock: .twentyFourHour, hourCycle: .zeroBased)):\(minute: .twoDigits):\(second: .twoDigits)",
                timeZone: .gmt, calendar: Calendar(identifier: .gregorian)))
        let marker = "\(sandbox.root)/command-ran"
        try sandbox.writeConfig(
            DaemonEndToEndTests.config(period: period, schedule: time) + """

                [delivery]
                command = ["/usr/bin/touch", "\(marker)"]
                """)
        let notify = try NotifyReceiver(directory: sandbox.root)
        var environment = sandbox.environment
        environment["NOTIFY_SOCKET"] = notify.path
        let daemon = try TestProcess(
            "/usr/bin/python3", Self.seccompPrefix + [Binaries.daemon, "--config", sandbox.configPath],
            environment: environment, directory: sandbox.root)
        try notify.wait(for: "READY=1") { $0.split(separator: "\n").contains("READY=1") }

        let days = try run(Binaries.cli, ["days"], environment: sandbox.environment)
        #expect(days.status == 0)
        #expect(days.stdout.hasPrefix("\(period): day 1 of 30"))
        #expect(!days.stderr.contains("not running"), "the daemon must answer on its socket: \(days.stderr)")

        let entries = try waitForJournalEntries(["SYSLOG_IDENTIFIER=nocontactd", "NOCONTACT_PERIOD=\(period)", "NOCONTACT_KIND=prompt"])
        #expect(entries.count == 1)
        try waitUntil("the delivery command ran") { FileManager.default.fileExists(atPath: marker) }

        daemon.signal(SIGTERM)
        #expect(try daemon.waitForExit() == 0, "\(daemon.standardError)")
        #expect(!daemon.standardError.contains("not permitted"), "\(daemon.standardError)")
    }
}
