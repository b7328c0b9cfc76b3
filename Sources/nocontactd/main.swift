import ArgumentParser
import Dispatch
import Glibc
import Logging
import NoContactCore
import NoContactDaemon
import NoContactPlatform
import NoContactService
import NoContactSystemd

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The command line of the daemon.
struct DaemonCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "nocontactd",
        abstract: "Keeps you company through a period of no contact: prompts and milestones on time, in the journal.",
        discussion: """
            Runs in the foreground, as systemd expects (Type=notify). Without a config file it runs on \
            the built-in default: one open-ended period that starts at the first run, prompts at 09:00 \
            and 21:00. SIGHUP reloads the config (an invalid one is refused and the running one kept); \
            SIGTERM stops it.

            Exit status: 0 on a clean stop, 1 on a failure, 2 on a config error.
            """,
        version: noContactVersion)

    @Option(
        name: .long, help: ArgumentHelp("The config file (default: $XDG_CONFIG_HOME/nocontact/config.toml).", valueName: "file"),
        completion: .file(extensions: ["toml"]))
    var config: String?

    @Option(
        name: .customLong("state-dir"), help: ArgumentHelp("Where state is kept (default: $XDG_STATE_HOME/nocontact).", valueName: "dir"),
        completion: .directory)
    var stateDirectory: String?

    @Option(
        name: .long, help: ArgumentHelp("The control socket (default: from the config, %t/nocontact/control.socket).", valueName: "path"),
        completion: .file())
    var socket: String?

    @Flag(name: .customLong("no-socket"), help: "Do not open the control socket.")
    var noSocket = false

    @Flag(name: .long, help: "Check the config, print any errors, and exit (0 valid, 2 invalid).")
    var check = false

    /// For the daemon's own use: checks config text from standard input in a process of its own.
    @Option(name: .customLong("validate-config"), help: .private)
    var validateConfig: String?

    mutating func run() throws {}
}

let command: DaemonCommand
do {
    command = try DaemonCommand.parse()
} catch {
    // Help and version exit 0 on standard output; usage errors exit 2, as systemd's tools do.
    let code = DaemonCommand.exitCode(for: error)
    let message = DaemonCommand.fullMessage(for: error)
    if code == .success {
        print(message)
        exit(0)
    }
    FileDescriptorIO.write(Array("\(message)\n".utf8), to: STDERR_FILENO)
    exit(code == .validationFailure ? 2 : code.rawValue)
}
if let file = command.validateConfig {
    exit(IsolatedConfigCheck.runChild(file: file))
}
let environment = ProcessEnvironment.current

if command.check {
    let paths = NoContactPaths(environment: environment)
    do {
        let config = try ConfigLoader.load(explicitPath: command.config, defaultPath: paths.configFile)
        print("\(config.source ?? "built-in default config"): OK")
        exit(0)
    } catch {
        FileDescriptorIO.write(Array("\(error)\n".utf8), to: STDERR_FILENO)
        exit(2)
    }
}

Daemon.blockHandledSignals()
let sink = LogSink.standard(identifier: "nocontactd")
LoggingSystem.bootstrap { _ in JournalLogHandler(sink: sink) }
let logger = Logger(label: "nocontactd")
let options = DaemonOptions(
    configPath: command.config, stateDirectory: command.stateDirectory, socketPath: command.socket,
    socketDisabled: command.noSocket, environment: environment)

do {
    let daemon = try Daemon(options: options, sink: sink, logger: logger)
    try daemon.start()
    // Keeps the daemon alive for the main queue's timer and signal sources.
    withExtendedLifetime(daemon) { dispatchMain() }
} catch {
    logger.critical("cannot start: \(error)")
    exit(error.exitCode)
}
