import ArgumentParser
import Foundation
import Glibc
import NoContactCore
import NoContactPlatform
import NoContactService

/// Options for commands that record something about one period.
struct PeriodOption: ParsableArguments {
    @Option(help: ArgumentHelp("The period (by name); default: the one under way.", valueName: "name"))
    var period: String?
}

/// Runs `body` against the service and prints the receipt (or JSON).
/// - Parameter connection: one the command already opened (one store connection per process).
func recordAndReport(
    _ options: SharedOptions, connection existing: ServiceConnection? = nil,
    _ body: (any NoContactService) throws(ServiceError) -> JourneyReceipt
) throws {
    let receipt: JourneyReceipt
    let connection: ServiceConnection
    do throws(ServiceError) {
        if let existing {
            connection = existing
        } else {
            connection = try ServiceConnection.open(options)
        }
        receipt = try body(connection.service)
    } catch {
        throw Output.fail(error)
    }
    connection.noteIfOffline()
    if options.json {
        try Output.json(receipt)
    } else {
        print(receipt.message)
        print(TerminalStyle.standardOutput.dim(receipt.progress.summary))
    }
}

/// `nocontact reflect`: answer today's prompt.
struct ReflectCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reflect",
        abstract: "Answer today's prompt (or write freely). Your words stay on this machine.",
        discussion: """
            The answer comes from --text, from standard input when it is not a terminal, or from your $EDITOR. \
            An empty or untouched answer is not saved. Without --prompt it answers the prompt in NOCONTACT_PROMPT_ID \
            (set by the Answer button of a notification), else today's prompt.
            """)

    @Option(
        name: .customLong("prompt"),
        help: ArgumentHelp("Answer this prompt (an id from `nocontact prompts`) instead of today's.", valueName: "id"))
    var promptID: String?

    @Option(help: ArgumentHelp("How you feel, from 1 (low) to 5 (good).", valueName: "n"))
    var mood: Int?

    @Option(help: ArgumentHelp("The answer itself.", valueName: "text"))
    var text: String?

    @OptionGroup var period: PeriodOption
    @OptionGroup var options: SharedOptions

    func validate() throws {
        if let mood, !(1...5).contains(mood) { throw ValidationError("--mood must be from 1 to 5") }
    }

    func run() throws {
        let connection: ServiceConnection
        let prompt: PromptInfo?
        do throws(ServiceError) {
            connection = try ServiceConnection.open(options)
            // The Answer button of a notification names the prompt it showed.
            let chosenID = promptID ?? ProcessEnvironment.current["NOCONTACT_PROMPT_ID"].flatMap { $0.isEmpty ? nil : $0 }
            if let chosenID {
                prompt =
                    try connection.service.prompts(theme: nil).first { $0.id == chosenID }
                    ?? PromptLibrary.builtin.prompt(id: chosenID).map { PromptInfo($0, day: nil) }
                guard prompt != nil else {
                    throw ServiceError.invalidRequest("there is no prompt with the id \"\(chosenID)\"; `nocontact prompts` lists them")
                }
            } else {
                prompt = try connection.service.prompt(day: nil, theme: nil)
            }
        } catch {
            throw Output.fail(error)
        }
        let answer = try Editor.text(
            given: text,
            header: [
                prompt.map { "The prompt: \($0.text)" } ?? "Write what is on your mind.",
                "Write your answer above these lines. Lines starting with # are left out.",
                "Save and close to keep it; leave it empty to keep nothing.",
            ],
            empty: "Nothing to save: the answer was empty.")
        if !options.json, let prompt { print("The prompt: \(prompt.text)") }
        let request = ReflectRequest(period: period.period, promptID: prompt?.id, mood: mood, text: answer)
        try recordAndReport(options, connection: connection) { service throws(ServiceError) in try service.reflect(request) }
    }
}

/// `nocontact slip`: record contact that breaks the period.
struct SlipCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "slip",
        abstract: "Record that you made contact. The count restarts; your days of space so far stay in your history.")

    @Option(help: ArgumentHelp("Anything you want to remember about it.", valueName: "text"))
    var note: String?

    @Option(help: ArgumentHelp("What led to it (a time, a feeling, easy access...).", valueName: "text"))
    var trigger: String?

    @Flag(name: .shortAndLong, help: "Do not ask for confirmation.")
    var yes = false

    @OptionGroup var period: PeriodOption
    @OptionGroup var options: SharedOptions

    func run() throws {
        if !yes, isatty(STDIN_FILENO) == 1 {
            print("Record a slip? The count restarts today, and the days of space you had stay in your history. [y/N] ", terminator: "")
            guard let answer = readLine(), ["y", "yes"].contains(answer.lowercased()) else {
                print("Nothing was recorded.")
                return
            }
        }
        let request = ContactRequest(period: period.period, kind: .slip, note: note, trigger: trigger)
        try recordAndReport(options) { service throws(ServiceError) in try service.contact(request) }
    }
}

/// `nocontact contact`: record allowed logistics contact.
struct ContactCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "contact",
        abstract: "Record necessary logistics contact your period allows (e.g. --kind children). It never counts as a slip.")

    @Option(help: ArgumentHelp("The kind, one of the period's allow list in the config.", valueName: "kind"))
    var kind: String

    @Option(help: ArgumentHelp("Anything you want to remember about it.", valueName: "text"))
    var note: String?

    @OptionGroup var period: PeriodOption
    @OptionGroup var options: SharedOptions

    func validate() throws {
        if kind == "slip" { throw ValidationError("contact that breaks the period is recorded with `nocontact slip`") }
    }

    func run() throws {
        let request = ContactRequest(period: period.period, kind: Contact.Kind(name: kind), note: note)
        try recordAndReport(options) { service throws(ServiceError) in try service.contact(request) }
    }
}

/// `nocontact extend DAYS`.
struct ExtendCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "extend", abstract: "Give a period more days.")

    @Argument(help: ArgumentHelp("How many days to add (1 to 3650).", valueName: "days"))
    var days: Int

    @OptionGroup var period: PeriodOption
    @OptionGroup var options: SharedOptions

    func validate() throws {
        guard (1...3650).contains(days) else { throw ValidationError("DAYS must be from 1 to 3650") }
    }

    func run() throws {
        let days = days
        let name = period.period
        try recordAndReport(options) { service throws(ServiceError) in try service.extend(period: name, days: days) }
    }
}
