import ArgumentParser
import NoContactCore

/// `nocontact days`: days of space so far and left, for each period.
struct DaysCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "days", abstract: "Show the days of space so far and left for each period.")

    @OptionGroup var options: SharedOptions

    func run() throws {
        let periods: [PeriodProgress]
        let connection: ServiceConnection
        do {
            connection = try ServiceConnection.open(options)
            periods = try connection.service.days()
        } catch {
            throw Output.fail(error)
        }
        connection.noteIfOffline()
        if options.json {
            try Output.json(periods)
        } else {
            let style = TerminalStyle.standardOutput
            for period in periods {
                // The name stands out; the rest of the line is the summary people already know.
                let rest = period.summary.dropFirst(period.period.count)
                print(style.bold(period.period) + rest)
            }
        }
    }
}
