import ArgumentParser
import NoContactService

/// `nocontact reasons`: the person's own "why" list, shown during urges and at the readiness check.
struct ReasonsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reasons",
        abstract: "Your own reasons for taking space, shown when an urge comes and at the end of a period.",
        discussion: "They stay on this machine, readable only by you, and are never logged.",
        subcommands: [List.self, Add.self, Remove.self],
        defaultSubcommand: List.self)

    /// `nocontact reasons [list]`.
    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "List your reasons, numbered.")

        @OptionGroup var options: SharedOptions

        func run() throws {
            try ReasonsCommand.report(options) { service throws(ServiceError) in try service.reasons() }
        }
    }

    /// `nocontact reasons add TEXT`.
    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "add", abstract: "Add a reason (at most 1000 bytes; you can keep up to 100).")

        @Argument(help: ArgumentHelp("The reason, in your own words (quote it, or write several words).", valueName: "text"))
        var words: [String]

        @OptionGroup var options: SharedOptions

        func validate() throws {
            if words.joined().trimmingCharacters(in: .whitespaces).isEmpty { throw ValidationError("write the reason after `add`") }
        }

        func run() throws {
            let text = words.joined(separator: " ")
            try ReasonsCommand.report(options) { service throws(ServiceError) in try service.addReason(text) }
        }
    }

    /// `nocontact reasons remove N`.
    struct Remove: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "remove", abstract: "Remove reason number N (as listed).")

        @Argument(help: ArgumentHelp("The reason's number in `nocontact reasons`.", valueName: "n"))
        var number: Int

        @OptionGroup var options: SharedOptions

        func run() throws {
            let number = number
            try ReasonsCommand.report(options) { service throws(ServiceError) in try service.removeReason(number: number) }
        }
    }

    /// Runs `body` and prints the list it returns (or JSON).
    static func report(_ options: SharedOptions, _ body: (any NoContactService) throws(ServiceError) -> [ReasonInfo]) throws {
        let reasons: [ReasonInfo]
        let connection: ServiceConnection
        do {
            connection = try ServiceConnection.open(options)
            reasons = try body(connection.service)
        } catch {
            throw Output.fail(error)
        }
        connection.noteIfOffline()
        if options.json {
            try Output.json(reasons)
            return
        }
        guard !reasons.isEmpty else {
            print("No reasons written down yet. `nocontact reasons add TEXT` keeps one, in your own words.")
            return
        }
        let style = TerminalStyle.standardOutput
        for reason in reasons { print("\(style.dim("\(reason.number).")) \(reason.text)") }
    }
}
