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
            try Output.json(StatusJSON(status: status, running: connection.isDaemon, socket: connection.socketPath))
            return
        }
        let style = TerminalStyle.standardOutput
        func row(_ label: String, _ value: String) {
            print(style.padded("\(label):", to: 12, { $0.dim }) + value)
        }
        row("nocontactd", connection.isDaemon ? style.green("running") : style.yellow("not running"))
        row("config", status.config)
        row("time zone", status.timezone)
        for period in status.periods { row("period", period.summary) }
        if let until = status.pausedUntil { row("paused", "until \(until); `nocontact resume` ends it") }
        row("next", status.next.map { "\($0.kind) at \($0.due)" } ?? "nothing scheduled")
        for channel in status.channels {
            let state = channel.live ? style.green("live") : style.yellow("off")
            row("delivery", "\(channel.name) \(state)\(channel.reason.map { " (\($0))" } ?? "")")
        }
    }
}

/// `status --json`: the service's status with whether the daemon answered and where it was
/// looked for, so that a program need not parse the note on standard error.
private struct StatusJSON: Encodable {
    let status: ServiceStatus
    let running: Bool
    let socket: String

    private enum CodingKeys: String, CodingKey { case running, socket }

    func encode(to encoder: any Encoder) throws {
        try status.encode(to: encoder)
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(running, forKey: .running)
        try container.encode(socket, forKey: .socket)
    }
}
