import ArgumentParser
import Foundation
import NoContactCore
import NoContactService

/// `nocontact letter`: a letter to one's future self, resurfaced at the readiness check.
struct LetterCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "letter",
        abstract: "Write a letter to yourself, to read at the end of this period (`nocontact ready` shows it).",
        discussion:
            "The letter comes from --text, from standard input when it is not a terminal, or from your $EDITOR. It stays on this machine.")

    @Option(help: ArgumentHelp("The letter itself.", valueName: "text"))
    var text: String?

    @OptionGroup var period: PeriodOption
    @OptionGroup var options: SharedOptions

    func run() throws {
        let letter = try Editor.text(
            given: text,
            header: [
                "A letter to yourself, to read at the end of this period.",
                "What do you want to remember then: why you chose space, what you hope for yourself?",
                "Lines starting with # are left out. Leave it empty to keep nothing.",
            ],
            empty: "Nothing to save: the letter was empty.")
        let request = ReflectRequest(period: period.period, promptID: ReadinessCheck.letterPromptID, text: letter)
        try recordAndReport(options) { service throws(ServiceError) in try service.reflect(request) }
    }
}
