import ArgumentParser
import Foundation
import NoContactCore
import NoContactPlatform
import NoContactService

/// `nocontact calendar`: what `systemd-analyze calendar` prints, line for line.
struct CalendarCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "calendar",
        abstract: "Show when calendar expressions fall due, as systemd-analyze calendar does.",
        discussion: """
            Prompt schedules use systemd's OnCalendar= syntax (systemd.time(7)), e.g. "21:00", \
            "Mon..Fri 08:30" or "Sat *-*-* 10:00 Europe/Berlin". Times are shown in the zone of \
            $TZ (or the system's). The "From now:" lines of systemd-analyze are left out.
            """)

    @Argument(help: ArgumentHelp("Calendar expressions to explain.", valueName: "expression"))
    var expressions: [String]

    @Option(
        name: .customLong("base-time"),
        help: ArgumentHelp("Compute from this time instead of now, e.g. '2026-03-28 12:00:00 UTC'.", valueName: "time"))
    var baseTime: String?

    @Option(help: ArgumentHelp("How many elapses to show for each expression.", valueName: "n"))
    var iterations = 1

    @Flag(name: .long, help: "Print JSON: for each expression, its normalized form and elapses (usec, local, utc), or its error.")
    var json = false

    func validate() throws {
        guard !expressions.isEmpty else { throw ValidationError("name at least one calendar expression, e.g. nocontact calendar '21:00'") }
        guard (1...1_000_000).contains(iterations) else { throw ValidationError("--iterations must be from 1 to 1000000") }
    }

    func run() throws {
        let environment = ProcessEnvironment.current
        let zone = SystemTimeZone.resolve(environment: environment)
        let zones = SystemTimeZone.lookup(environment: environment)
        var base = Date()
        if let baseTime {
            do {
                base = try SystemdTimestamp.parse(baseTime, in: zone, zones: zones, now: base)
            } catch {
                throw ValidationError("--base-time '\(baseTime)' is not a time: \(error.message); write one like '2026-03-28 12:00:00 UTC'")
            }
        }
        if json {
            try printJSON(base: base, zone: zone, zones: zones)
            return
        }
        var failed = false
        var output = ""
        for (index, expression) in expressions.enumerated() {
            do {
                for line in try CalendarReport.lines(for: expression, base: base, iterations: iterations, zone: zone, zones: zones) {
                    output += line + "\n"
                }
            } catch {
                Output.note("Failed to parse calendar specification '\(expression)': column \(error.column): \(error.message)")
                failed = true
            }
            // systemd-analyze separates expressions with a blank line.
            if index + 1 < expressions.count { output += "\n" }
            if output.utf8.count > 1 << 16 {
                Output.standardOutput(output)
                output = ""
            }
        }
        Output.standardOutput(output)
        if failed { throw ExitCode.failure }
    }

    /// One JSON array for all expressions, so a program reads errors and elapses alike.
    private func printJSON(base: Date, zone: Zone, zones: ZoneLookup) throws {
        struct Failure: Encodable {
            var expression: String
            var error: String
            var column: Int
        }
        enum Entry: Encodable {
            case elapses(CalendarReport.Elapses)
            case failure(Failure)

            func encode(to encoder: any Encoder) throws {
                switch self {
                case let .elapses(report): try report.encode(to: encoder)
                case let .failure(failure): try failure.encode(to: encoder)
                }
            }
        }
        var failed = false
        let entries = expressions.map { expression -> Entry in
            do throws(CalendarSpecError) {
                return .elapses(try CalendarReport.elapses(of: expression, base: base, iterations: iterations, zone: zone, zones: zones))
            } catch {
                failed = true
                return .failure(Failure(expression: expression, error: error.message, column: error.column))
            }
        }
        try Output.json(entries)
        if failed { throw ExitCode.failure }
    }
}
