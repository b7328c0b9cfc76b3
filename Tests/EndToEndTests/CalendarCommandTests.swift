import Foundation
import TestSupport
import Testing

/// `nocontact calendar` prints what `systemd-analyze calendar` prints, as whole processes.
@Suite("nocontact calendar", .enabled(if: FileManager.default.isExecutableFile(atPath: Binaries.cli), "needs the built binaries"))
struct CalendarCommandTests {
    /// Same standard output as systemd-analyze (minus "From now:"), in three zones, and the
    /// same exit status 1 when one expression is invalid.
    @Test(arguments: ["UTC", "Europe/Berlin", "America/New_York"])
    func matchesSystemdAnalyze(zone: String) throws {
        let arguments = [
            "--base-time=2026-10-24 12:00:00 UTC", "--iterations=5", "Sat *-*-* 02:30", "Mon..Fri 21:00", "*-*~1 08:00", "quarterly",
        ]
        var environment = ProcessInfo.processInfo.environment
        environment["TZ"] = zone
        let ours = try run(Binaries.cli, ["calendar"] + arguments, environment: environment)
        let systemd = try run("/usr/bin/systemd-analyze", ["calendar"] + arguments, environment: environment)
        let expected = systemd.stdout.split(separator: "\n", omittingEmptySubsequences: false)
            .filter { !$0.contains("From now:") }.joined(separator: "\n")
        #expect(ours.status == 0)
        #expect(systemd.status == 0)
        #expect(ours.stdout == expected)

        let invalid = try run(Binaries.cli, ["calendar", "Mon..Fry 21:00"], environment: environment)
        #expect(invalid.status == 1)
        #expect(invalid.stderr.contains("Failed to parse calendar specification 'Mon..Fry 21:00': column 6:"))
        #expect(try run("/usr/bin/systemd-analyze", ["calendar", "Mon..Fry 21:00"], environment: environment).status == 1)
    }
}
