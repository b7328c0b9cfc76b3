import ArgumentParser
import NoContactCore
import NoContactService

/// `nocontact close`: end a period now, as moving on.
struct CloseCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "close",
        abstract: "End a period now, as moving on: its prompts stop, and everything you recorded stays.")

    @Flag(name: .shortAndLong, help: "Do not ask for confirmation.")
    var yes = false

    @OptionGroup var period: PeriodOption
    @OptionGroup var options: SharedOptions

    func run() throws {
        if !yes, Terminal.isInteractive, !options.json {
            let which = period.period.map { SpaceWording.yourSpace(periodName: $0) } ?? "this period"
            guard Terminal.confirm("Close \(which) now, as moving on? No more prompts will come for it; your history stays.") else {
                print("Nothing was changed.")
                return
            }
        }
        let name = period.period
        try recordAndReport(options) { service throws(ServiceError) in try service.close(period: name) }
    }
}
