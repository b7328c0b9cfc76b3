import Foundation
import NoContactCore
import NoContactService
import TestSupport
import Testing

/// The files the project ships (unit, example config) work with the built binaries.
@Suite("shipped files", .enabled(if: FileManager.default.isExecutableFile(atPath: Binaries.daemon), "needs the built binaries"))
struct ShippedFilesTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().path

    /// The user units (service and socket) pass `systemd-analyze verify --user` without a
    /// single line of output. UnitHardeningTests checks their sandbox and installed copies.
    @Test func unitVerifiesClean() throws {
        let unit = try String(contentsOfFile: "\(Self.repository)/systemd/nocontactd.service", encoding: .utf8)
        #expect(unit.contains("ExecStart=/usr/local/bin/nocontactd\n"))
        let directory = "/tmp/nc-unit-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: "\(directory)/runtime", withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try unit.replacingOccurrences(of: "/usr/local/bin/nocontactd", with: Binaries.daemon)
            .write(toFile: "\(directory)/nocontactd.service", atomically: true, encoding: .utf8)
        try FileManager.default.copyItem(atPath: "\(Self.repository)/systemd/nocontactd.socket", toPath: "\(directory)/nocontactd.socket")
        var environment = ProcessInfo.processInfo.environment
        environment["XDG_RUNTIME_DIR"] = "\(directory)/runtime"
        let result = try run(
            "/usr/bin/systemd-analyze",
            ["verify", "--user", "--man=no", "\(directory)/nocontactd.service", "\(directory)/nocontactd.socket"], environment: environment)
        #expect(result.status == 0)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.isEmpty)
    }

    /// The shipped config (what `install` writes) is valid for both binaries as it is, and so
    /// is the example it becomes with every setting turned on.
    @Test(arguments: [false, true]) func shippedConfigIsValid(everySettingOn: Bool) throws {
        let shipped = try String(contentsOfFile: "\(Self.repository)/config/nocontact.toml", encoding: .utf8)
        let directory = "/tmp/nc-config-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = "\(directory)/config.toml"
        try (everySettingOn ? Self.everySettingOn(shipped) : shipped).write(toFile: path, atomically: true, encoding: .utf8)
        let cli = try run(Binaries.cli, ["check", "--config", path])
        #expect(cli.status == 0, "\(cli.stderr)")
        #expect(cli.stdout == "\(path): OK (1 period, 2 prompt times)\n")
        #expect(try run(Binaries.daemon, ["--check", "--config", path]).status == 0)
    }

    /// config/nocontact.toml with the "#" taken off every setting ("#key = value", "#[table]"),
    /// the explanations ("# text") left as they are.
    static func everySettingOn(_ config: String) -> String {
        config.split(separator: "\n", omittingEmptySubsequences: false).map { line in
            line.hasPrefix("#") && !line.hasPrefix("# ") && line != "#" ? line.dropFirst() : line
        }.joined(separator: "\n")
    }

    /// Both binaries explain themselves and report their version.
    @Test func helpAndVersion() throws {
        let daemonHelp = try run(Binaries.daemon, ["--help"])
        #expect(daemonHelp.status == 0)
        #expect(daemonHelp.stdout.contains("USAGE: nocontactd"))
        #expect(daemonHelp.stdout.contains("--no-socket"))
        let cliHelp = try run(Binaries.cli, ["--help"])
        #expect(cliHelp.status == 0)
        #expect(cliHelp.stdout.contains("days"))
        // The safety pointer closes the overview.
        #expect(cliHelp.stdout.hasSuffix("\n\(SupportMessages.supportPointer)\n"))
        #expect(try run(Binaries.cli, ["--version"]).stdout == "0.1.0\n")
        #expect(try run(Binaries.daemon, ["--version"]).stdout == "0.1.0\n")
        let unknown = try run(Binaries.cli, ["dayz"])
        #expect(unknown.status == 2)
        #expect(unknown.stderr.contains("Unexpected argument 'dayz'"))
        #expect(try run(Binaries.daemon, ["--bogus"]).status == 2)
    }

    /// The checked-in interface file is exactly what the daemon serves.
    @Test func interfaceFileMatchesServedDescription() throws {
        let file = try String(contentsOfFile: "\(Self.repository)/varlink/io.nocontact.varlink", encoding: .utf8)
        #expect(file == ControlInterface.description)
    }
}
