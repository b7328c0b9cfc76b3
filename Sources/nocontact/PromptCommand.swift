import ArgumentParser
import Foundation
import NoContactCore
import NoContactService

/// `nocontact prompt`: today's prompt, or the one for a given day.
struct PromptCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "prompt", abstract: "Show today's prompt (or the one for a day of your period).")

    @Option(help: ArgumentHelp("A day of the current period instead of today.", valueName: "n"))
    var day: Int?

    @Option(
        help: ArgumentHelp("Only prompts of this theme (see `nocontact prompts`).", valueName: "theme"),
        completion: .list(Theme.allCases.map(\.rawValue)))
    var theme: String?

    @OptionGroup var options: SharedOptions

    func run() throws {
        let prompt: PromptInfo?
        let connection: ServiceConnection
        do {
            connection = try ServiceConnection.open(options)
            prompt = try connection.service.prompt(day: day, theme: theme)
        } catch {
            throw Output.fail(error)
        }
        connection.noteIfOffline()
        if options.json {
            try Output.json(PromptOutput(prompt: prompt))
            return
        }
        guard let prompt else {
            print("No prompt fits that day and theme; try another theme, or none.")
            return
        }
        let style = TerminalStyle.standardOutput
        print(style.bold(prompt.text))
        print(style.dim("(\(prompt.theme), day \(prompt.day ?? 0), id \(prompt.id))"))
    }
}

/// `--json` output of `prompt`: always an object, with null when nothing fits.
struct PromptOutput: Encodable {
    var prompt: PromptInfo?

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(prompt, forKey: .prompt)
    }

    enum CodingKeys: String, CodingKey { case prompt }
}

/// `nocontact prompts`: the library.
struct PromptsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "prompts", abstract: "List the prompts in use: the built-in library and your own.")

    @Option(
        help: ArgumentHelp(
            "Only this theme: space, self-care, apology, understanding, change, growth, actions, listening, gesture, acceptance.",
            valueName: "theme"), completion: .list(Theme.allCases.map(\.rawValue)))
    var theme: String?

    @OptionGroup var options: SharedOptions

    func run() throws {
        let prompts: [PromptInfo]
        let connection: ServiceConnection
        do {
            connection = try ServiceConnection.open(options)
            prompts = try connection.service.prompts(theme: theme)
        } catch {
            throw Output.fail(error)
        }
        connection.noteIfOffline()
        if options.json {
            try Output.json(prompts)
            return
        }
        let width = prompts.map(\.id.count).max() ?? 0
        for prompt in prompts {
            print("\(TerminalStyle.standardOutput.padded(prompt.id, to: width, { $0.dim }))  \(prompt.text)")
        }
        print("\(prompts.count) prompt\(prompts.count == 1 ? "" : "s")")
    }
}
