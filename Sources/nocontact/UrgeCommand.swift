import ArgumentParser
import Foundation
import Glibc
import NoContactCore
import NoContactPlatform
import NoContactService

/// `nocontact urge`: record an urge to make contact, after a short guided pause at a terminal.
struct UrgeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "urge",
        abstract: "Record an urge to make contact, after a short pause with your own reasons.",
        discussion: """
            At a terminal it first pauses with you (3 minutes unless --pause says otherwise; any key or Ctrl-C \
            ends it early, and the urge is recorded either way), shows the reasons you wrote down \
            (`nocontact reasons`), then asks how strong the urge is now and keeps both answers. Off a terminal, \
            or with --pause 0, it records at once. --unsent lets you write the message you would have sent \
            (in your $EDITOR, or from standard input when that is not a terminal): it is stored here and never \
            sent anywhere.
            """)

    @Option(help: ArgumentHelp("How strong, from 1 (faint) to 5 (overwhelming); asked at a terminal, else 3.", valueName: "n"))
    var intensity: Int?

    @Option(help: ArgumentHelp("What set it off (a song, a place, an evening alone...).", valueName: "text"))
    var trigger: String?

    @Flag(help: "Write the message you would have sent; it is kept here and never sent.")
    var unsent = false

    @Flag(name: .customLong("acted-on-it"), help: "You acted on it this time (record any contact itself with `nocontact slip`).")
    var actedOnIt = false

    @Option(help: ArgumentHelp("How long to pause first at a terminal, like 3min, 90s or 0 for none.", valueName: "duration"))
    var pause: String = "3min"

    @OptionGroup var period: PeriodOption
    @OptionGroup var options: SharedOptions

    /// The longest pause, so a typo cannot hold a terminal for hours.
    static let longestPause = 3_600

    func validate() throws {
        if let intensity, !(1...5).contains(intensity) { throw ValidationError("--intensity must be from 1 to 5") }
        guard let span = SystemdTimestamp.timeSpan(pause), span >= 0, span / 1_000_000 <= Self.longestPause else {
            throw ValidationError("--pause takes a duration up to 1h, like 3min, 90s or 0 for none (not \"\(pause)\")")
        }
    }

    func run() throws {
        let seconds = Int((SystemdTimestamp.timeSpan(pause) ?? 0) / 1_000_000)
        let interactive = Terminal.isInteractive && !options.json && !actedOnIt
        let connection: ServiceConnection
        do {
            connection = try ServiceConnection.open(options)
        } catch {
            throw Output.fail(error)
        }
        var before = intensity
        var after: Int?
        if interactive {
            // Ctrl-C skips a question or ends the pause; the urge is recorded either way.
            Terminal.interruptSkips {
                if before == nil {
                    before = Terminal.askNumber("How strong is the urge, from 1 (faint) to 5 (overwhelming)? ", in: 1...5)
                }
                if seconds > 0 {
                    let reasons = (try? connection.service.reasons()) ?? []
                    showReasons(reasons)
                    Terminal.countdown(seconds: seconds)
                    after = Terminal.askNumber("How strong is it now, from 1 to 5? ", in: 1...5)
                }
            }
        }
        var message: String?
        if unsent {
            do {
                message = try Editor.write(
                    header: [
                        "Write the message you want to send them. It will not be sent: it stays here, for you.",
                        "Lines starting with # are left out. Leave it empty to keep nothing.",
                    ],
                    environment: ProcessEnvironment.current)
            } catch {
                Output.note("\(error)")
                throw ExitCode.failure
            }
            if message == nil { Output.note("No unsent message was kept: it was empty. The urge itself is recorded.") }
        }
        let request = UrgeRequest(
            period: period.period, intensity: before, trigger: trigger, resisted: !actedOnIt, unsentMessage: message,
            intensityAfter: after)
        try recordAndReport(options, connection: connection) { service throws(ServiceError) in try service.urge(request) }
        // A very strong urge, or one still overwhelming after the pause: where to turn.
        if !options.json, (before ?? 3) >= 4 || after == 5, let support = try? connection.service.support() {
            print("")
            print(support.text)
        }
    }

    private func showReasons(_ reasons: [ReasonInfo]) {
        print("")
        print("Let's pause together before anything else. The urge is real, and it will change.")
        if reasons.isEmpty {
            print("(`nocontact reasons add TEXT` keeps your own reasons, to show you here.)")
        } else {
            print("The reasons you wrote down:")
            for reason in reasons { print("  - \(reason.text)") }
        }
        print("")
    }
}
