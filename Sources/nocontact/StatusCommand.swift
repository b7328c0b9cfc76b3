import ArgumentParser
import NoContactService

/// `nocontact status`: whether the daemon runs, the periods and what comes next.
struct StatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status", abstract: "Show whether nocontactd runs, your periods and what comes next.")

    @OptionGroup var options: SharedOptions

    func run() throws {
        let status: ServiceStatus
        let connection: ServiceConnection
        do {
            connection = try ServiceConnection.open(options)
            status = try connection.service.status()
        } catch {
            throw Output.fail(error)
        }
        connection.noteIfOffline()
        if options.json {
            try Output.json(status)
            return
        }
        print("nocontactd: \(connection.isDaemon ? "running" : "not running")")
        print("config:     \(status.config)")
        print("time zone:  \(status.timezone)")
        for period in status.periods { print("period:     \(period.summary)") }
        print("next:       \(status.next.map { "\($0.kind) at \($0.due)" } ?? "nothing scheduled")")
        for channel in status.channels {
            let state = channel.live ? "live" : "off"
            print("delivery:   \(channel.name) \(state)\(channel.reason.map { " (\($0))" } ?? "")")
        }
    }
}
