import ArgumentParser
import Foundation
import NoContactCore
import NoContactService

/// `nocontact pause`: no deliveries for a while.
struct PauseCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pause",
        abstract: "Pause all deliveries for a while; what falls due meanwhile is skipped, not saved up.",
        discussion:
            "Give a duration (like 2d, 12h or \"1w 2d\") or --until a time (like \"2026-12-24 18:00\" or tomorrow), up to 366 days ahead. `nocontact resume` ends it early."
    )

    @Argument(help: ArgumentHelp("How long, like 2d, 12h or 90min.", valueName: "duration"))
    var duration: String?

    @Option(help: ArgumentHelp("Until this time, like \"2026-12-24 18:00\", 18:00 or tomorrow.", valueName: "time"))
    var until: String?

    @OptionGroup var options: SharedOptions

    func validate() throws {
        guard (duration == nil) != (until == nil) else {
            throw ValidationError("give either a duration (like 2d) or --until TIME")
        }
        if let duration, (SystemdTimestamp.timeSpan(duration) ?? 0) <= 0 {
            throw ValidationError("\"\(duration)\" is not a duration; write one like 2d, 12h or 90min")
        }
    }

    func run() throws {
        let now = Date()
        let end: Date
        if let duration, let span = SystemdTimestamp.timeSpan(duration) {
            end = now.addingTimeInterval(Double(span) / 1_000_000)
        } else {
            let zone = ServiceConnection.timeZone(options)
            do {
                end = try SystemdTimestamp.parse(until ?? "", in: zone, zones: SystemTimeZone.processLookup, now: now)
            } catch {
                Output.note(
                    "--until \"\(until ?? "")\" is not a time: \(error.message); write one like \"2026-12-24 18:00\", 18:00 or tomorrow")
                throw ExitCode(2)
            }
        }
        try PauseCommand.report(options) { service throws(ServiceError) in try service.pause(until: end) }
    }

    static func report(_ options: SharedOptions, _ body: (any NoContactService) throws(ServiceError) -> PauseInfo) throws {
        let info: PauseInfo
        let connection: ServiceConnection
        do {
            connection = try ServiceConnection.open(options)
            info = try body(connection.service)
        } catch {
            throw Output.fail(error)
        }
        connection.noteIfOffline()
        if options.json {
            try Output.json(info)
        } else {
            print(info.message)
        }
    }
}

/// `nocontact resume`: end a pause early.
struct ResumeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "resume", abstract: "End a pause early.")

    @OptionGroup var options: SharedOptions

    func run() throws {
        try PauseCommand.report(options) { service throws(ServiceError) in try service.resume() }
    }
}
