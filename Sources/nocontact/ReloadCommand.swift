import ArgumentParser
import NoContactClient
import NoContactService

/// `nocontact reload`: the daemon re-reads its config, or says what is wrong and keeps the old.
struct ReloadCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reload",
        abstract: "Make nocontactd re-read its config; with errors, it keeps the running config.",
        discussion:
            "Same as `systemctl --user reload nocontactd`, but the errors come back here. Needs the daemon (exit 69 when it is not running)."
    )

    @OptionGroup var options: SharedOptions

    func run() throws {
        let report: ReloadReport
        do {
            report = try RemoteService(socketPath: ServiceConnection.socketPath(options)).reload()
        } catch {
            let status = Output.fail(error)
            if case let .invalidConfig(config) = error {
                Output.note("nocontactd keeps the config it was running with.")
                if options.json { try Output.json(ConfigCheckJSON(config)) }
            }
            throw status
        }
        if options.json {
            try Output.json(report)
            return
        }
        print("nocontactd now runs on \(report.config).")
        print("next: \(report.next.map { "\($0.kind) at \($0.due)" } ?? "nothing scheduled")")
    }
}
