import ArgumentParser
import Foundation
import NoContactService

/// `nocontact next`: what falls due next, and when.
struct NextCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "next", abstract: "List the next prompts, milestones and period ends with their due times.")

    @Option(
        name: [.customShort("n"), .customLong("count")], help: ArgumentHelp("How many to list (1 to \(upcomingLimit)).", valueName: "n"))
    var count = 5

    @OptionGroup var options: SharedOptions

    func validate() throws {
        guard (1...upcomingLimit).contains(count) else { throw ValidationError("--count must be from 1 to \(upcomingLimit)") }
    }

    func run() throws {
        let events: [UpcomingEvent]
        let connection: ServiceConnection
        do {
            connection = try ServiceConnection.open(options)
            events = try connection.service.upcoming(count: count)
        } catch {
            throw Output.fail(error)
        }
        connection.noteIfOffline()
        if options.json {
            try Output.json(events)
            return
        }
        if let until = try? connection.service.status().pausedUntil {
            print("Paused until \(until): what falls due before then is skipped.")
        }
        if events.isEmpty { print("Nothing is scheduled.") }
        let width = events.map(\.kind.count).max() ?? 0
        let style = TerminalStyle.standardOutput
        for event in events {
            print("\(style.dim(event.due))  \(style.padded(event.kind, to: width, { $0.cyan }))  \(event.period)")
        }
    }
}
