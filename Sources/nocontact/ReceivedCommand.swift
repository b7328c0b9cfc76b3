import ArgumentParser
import NoContactService

/// `nocontact received`: the other person reached out. Never a slip.
struct ReceivedCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "received",
        abstract: "Record that they reached out to you. It is never a slip, and your count goes on.")

    @Option(help: ArgumentHelp("Anything you want to remember about it (not what they wrote, unless you want to).", valueName: "text"))
    var note: String?

    @Flag(help: "It was practical: the children, money, keys, a date.")
    var practical = false

    @Flag(help: "It was about the two of you.")
    var personal = false

    @OptionGroup var period: PeriodOption
    @OptionGroup var options: SharedOptions

    func validate() throws {
        if practical && personal { throw ValidationError("choose --practical or --personal, not both") }
    }

    func run() throws {
        let request = ContactRequest(
            period: period.period, kind: .received, note: note, practical: practical ? true : personal ? false : nil)
        try recordAndReport(options) { service throws(ServiceError) in try service.contact(request) }
    }
}
