import ArgumentParser
import Foundation
import NoContactCore
import NoContactPlatform
import NoContactService

/// `nocontact check`: validates the config without touching the daemon.
struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Check the config file and explain any problem (exit 0 valid, 2 invalid).")

    @OptionGroup var options: SharedOptions

    func run() throws {
        let paths = NoContactPaths(environment: ProcessEnvironment.current)
        let config: Config
        do {
            config = try ConfigLoader.load(explicitPath: options.config, defaultPath: paths.configFile)
        } catch {
            // JSON for programs also when invalid, on standard output; the status still says it.
            if options.json { try Output.json(ConfigCheckJSON(error)) } else { Output.note(error.description) }
            throw ExitCode(2)
        }
        if options.json {
            try Output.json(ConfigCheckJSON(valid: config))
        } else if let source = config.source {
            print(
                "\(source): OK (\(config.periods.count) period\(config.periods.count == 1 ? "" : "s"), \(config.prompts.schedule.count) prompt time\(config.prompts.schedule.count == 1 ? "" : "s"))"
            )
        } else {
            print("no config file at \(paths.configFile); the built-in default is in use and valid")
        }
    }
}
