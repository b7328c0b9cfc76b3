import ArgumentParser
import NoContactCore
import NoContactService

/// `nocontact support`: where to turn in danger or distress.
struct SupportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "support",
        abstract: "Where to turn if you are in danger or struggling, with the people you listed in your config.")

    @OptionGroup var options: SharedOptions

    func run() throws {
        let support: SupportInfo
        do {
            let connection = try ServiceConnection.open(options)
            support = try connection.service.support()
        } catch {
            // Help must never depend on a working config or store: the fixed text stands alone.
            if options.json {
                try Output.json(SupportInfo(text: SupportMessages.supportText(SupportConfig()), people: [], lines: []))
            } else {
                print(SupportMessages.supportText(SupportConfig()))
            }
            Output.note("(Your own people and lines could not be read: \(error))")
            return
        }
        if options.json {
            try Output.json(support)
        } else {
            print(support.text)
        }
    }
}
