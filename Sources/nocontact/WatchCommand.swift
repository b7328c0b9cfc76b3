import ArgumentParser
import Foundation
import NoContactClient
import NoContactCore
import NoContactService

/// `nocontact watch`: deliveries as they happen, live from the daemon.
struct WatchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "watch",
        abstract: "Follow prompts and milestones live as nocontactd delivers them (Ctrl-C stops).",
        discussion: "Needs the daemon (exit 69 when it is not running). With --json, prints one JSON object per line.")

    @Option(name: [.customShort("n"), .customLong("count")], help: ArgumentHelp("Stop after this many deliveries.", valueName: "n"))
    var count: Int?

    @OptionGroup var options: SharedOptions

    func validate() throws {
        if let count, count < 1 { throw ValidationError("--count must be 1 or more") }
    }

    func run() throws {
        let remote = RemoteService(socketPath: ServiceConnection.socketPath(options))
        var seen = 0
        let style = TerminalStyle.standardOutput
        do {
            try remote.watch(
                started: {
                    if !options.json { Output.note("Watching nocontactd's deliveries; Ctrl-C stops.") }
                },
                receive: { event in
                    if options.json {
                        print(try Output.jsonLine(event))
                    } else {
                        let late = event.late ? style.yellow(" (late)") : ""
                        print("\(style.dim(event.due))  \(style.bold(event.title))\(late)")
                        print("  \(event.text)")
                    }
                    // Each delivery shows at once, also when the output is a pipe.
                    Output.finishStandardOutput()
                    seen += 1
                    return count.map { seen < $0 } ?? true
                })
        } catch let error as ServiceError {
            throw Output.fail(error)
        }
    }
}
