import Glibc
package import Logging
package import NoContactCore
package import NoContactService
package import NoContactSystemd

/// A channel that can say whether it currently works.
package protocol ReportingChannel: DeliveryChannel {
    var report: ChannelReport { get }
}

/// Builds the delivery channels the config asks for.
package enum DeliveryChannels {
    /// The channels to deliver to, in order: journal, desktop (when on), command (when set).
    ///
    /// With `journal = false` deliveries still go to standard error, so that a person running
    /// the daemon by hand sees them. The desktop channel checks the session bus in the
    /// background at once, so a missing bus or server is logged at start-up.
    /// - Parameters:
    ///   - journal: the process's log sink (the journal, falling back to standard error).
    ///   - logger: where channels say why they fail.
    ///   - environment: the daemon's environment: the session bus address for the desktop,
    ///     PATH and the rest of the environment of the delivery and answer commands.
    package static func make(
        config: DeliveryConfig, journal: LogSink, logger: Logger, environment: [String: String]
    ) -> [any DeliveryChannel] {
        var channels: [any DeliveryChannel] = []
        let sink = config.journal ? journal : LogSink(identifier: "nocontactd", mirrorToStandardError: true, journalEnabled: false)
        channels.append(JournalChannel(sink: sink))
        if config.desktop {
            let desktop = DesktopChannel(environment: environment, answer: config.answer, logger: logger)
            desktop.check()
            channels.append(desktop)
        }
        if let command = config.command, !command.isEmpty {
            channels.append(CommandChannel(command: command, environment: environment, logger: logger))
        }
        return channels
    }

    /// One report per kind of channel (journal, desktop, command), also for those the config
    /// switches off, from the channels `make` built for the same config.
    package static func reports(config: DeliveryConfig, channels: [any DeliveryChannel]) -> [ChannelReport] {
        let reported = channels.compactMap { ($0 as? any ReportingChannel)?.report }
        func find(_ name: String) -> ChannelReport? { reported.first { $0.name == name } }

        var reports = [journalReport(enabled: config.journal)]
        if config.desktop {
            reports.append(find("desktop") ?? ChannelReport(name: "desktop", live: false, reason: "not set up"))
        } else {
            reports.append(ChannelReport(name: "desktop", live: false, reason: "switched off in the config ([delivery] desktop = false)"))
        }
        if let command = config.command, !command.isEmpty {
            reports.append(find("command") ?? ChannelReport(name: "command", live: false, reason: "not set up"))
        } else {
            reports.append(ChannelReport(name: "command", live: false, reason: "no command in the config ([delivery] command)"))
        }
        return reports
    }

    private static func journalReport(enabled: Bool) -> ChannelReport {
        guard enabled else {
            return ChannelReport(
                name: "journal", live: false,
                reason: "switched off in the config ([delivery] journal = false); deliveries go to standard error")
        }
        var status = stat()
        guard stat(Journal.socketPath, &status) == 0, (status.st_mode & S_IFMT) == S_IFSOCK else {
            return ChannelReport(
                name: "journal", live: false, reason: "no journal socket at \(Journal.socketPath); deliveries go to standard error")
        }
        return ChannelReport(name: "journal", live: true, reason: nil)
    }
}
