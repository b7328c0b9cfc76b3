import ArgumentParser
import Foundation
import NoContactCore
import NoContactService

/// `nocontact`: the companion command line of nocontactd.
struct NoContactCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "nocontact",
        abstract: "Days of space, what comes next, and your config: the companion of nocontactd.",
        discussion: """
            Commands ask the running nocontactd over its control socket; when it is not running they \
            answer from the config and state on this machine and say so.

            Exit status: 0 ok, 1 failure, 2 usage or config error, 69 daemon needed but not running.
            """,
        version: noContactVersion,
        subcommands: [
            DaysCommand.self, StatusCommand.self, NextCommand.self, PromptCommand.self, PromptsCommand.self,
            ReflectCommand.self, UrgeCommand.self, SlipCommand.self, ContactCommand.self, ReceivedCommand.self,
            ExtendCommand.self, ReasonsCommand.self, ReadyCommand.self, LetterCommand.self, CloseCommand.self,
            PauseCommand.self, ResumeCommand.self, SupportCommand.self,
            HistoryCommand.self, StatsCommand.self, ExportCommand.self, CheckCommand.self, CalendarCommand.self,
            WatchCommand.self, ReloadCommand.self, InstallCommand.self, UninstallCommand.self,
        ])
}

/// Runs a command, mapping swift-argument-parser's usage status (64) to ours (2).
func runMain<Command: ParsableCommand>(_ type: Command.Type) -> Never {
    do {
        var command = try type.parseAsRoot()
        try command.run()
        Output.finishStandardOutput()
        exit(0)
    } catch {
        let code = type.exitCode(for: error)
        let message = type.fullMessage(for: error)
        if code == .success {
            if !message.isEmpty { print(message) }
            // The last words of the overview, where a person in trouble looks last.
            if message == NoContactCommand.helpMessage() {
                print("")
                print(SupportMessages.supportPointer)
            }
            Output.finishStandardOutput()
            exit(0)
        }
        // What was printed before the failure must not be lost silently either; the
        // command's own status stays the one that counts.
        if let failure = Output.standardOutputFailure() { Output.note(failure) }
        if !message.isEmpty { FileHandle.standardError.write(Data("\(message)\n".utf8)) }
        exit(code == .validationFailure ? 2 : code.rawValue)
    }
}

runMain(NoContactCommand.self)
