import ArgumentParser
import Glibc
import NoContactCore
import NoContactService

/// `nocontact ready`: the readiness check at the end of a period, at any time.
struct ReadyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ready",
        abstract: "The readiness check for the end of a period: a few questions for yourself, never a cue to get in touch.",
        discussion: """
            At a terminal it asks the questions one at a time and keeps your answers privately (Enter skips one); \
            with --text, or off a terminal, it prints the whole check. It shows your reasons and the letter you \
            wrote to yourself (`nocontact letter`), and what you can do next: `nocontact extend DAYS` or \
            `nocontact close`.
            """)

    @Flag(help: "Print the whole check instead of asking the questions one at a time.")
    var text = false

    @OptionGroup var period: PeriodOption
    @OptionGroup var options: SharedOptions

    func run() throws {
        let check: ReadinessCheck
        let connection: ServiceConnection
        do {
            connection = try ServiceConnection.open(options)
            check = try connection.service.readiness(period: period.period)
        } catch {
            throw Output.fail(error)
        }
        connection.noteIfOffline()
        if options.json {
            try Output.json(check)
            return
        }
        guard !text, Terminal.isInteractive else {
            print(check.text)
            return
        }
        let style = TerminalStyle.standardOutput
        for line in check.intro { print(line) }
        if !check.reasons.isEmpty {
            print("")
            print(style.dim("The reasons you wrote down:"))
            for reason in check.reasons { print("  - \(reason)") }
        }
        if let letter = check.letter {
            print("")
            print(style.dim("The letter you wrote to yourself:"))
            for line in letter.split(separator: "\n", omittingEmptySubsequences: false) { print("  \(line)") }
        }
        print("")
        print(style.dim("Take your time. Press Enter to skip a question; your answers stay on this machine."))
        var saved = 0
        for (index, question) in check.questions.enumerated() {
            print("")
            print("\(index + 1)/\(check.questions.count)  \(question.text)")
            print("> ", terminator: "")
            fflush(nil)
            guard let answer = Terminal.readLine() else { break }
            guard !answer.trimmingCharacters(in: .whitespaces).isEmpty else { continue }
            do {
                _ = try connection.service.reflect(ReflectRequest(period: check.period, promptID: question.id, text: answer))
                saved += 1
            } catch {
                throw Output.fail(error)
            }
        }
        print("")
        if saved > 0 { print("Your \(saved == 1 ? "answer is" : "\(saved) answers are") saved. Thank you for taking the time.") }
        for option in check.options { print(option) }
    }
}
