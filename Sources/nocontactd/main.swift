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

let command: DaemonCommandLine
do {
    switch try DaemonCommandLine.parse(Array(CommandLine.arguments.dropFirst())) {
    case let .run(parsed): command = parsed
    case .help: exit(printed(DaemonHelp.text))
    case .version: exit(printed("\(noContactVersion)\n"))
    case .dumpHelp: exit(printed(DaemonHelp.json))
    case let .completionScript(shell): exit(printed(DaemonCompletionScript.text(for: shell)))
    }
} catch {
    // Usage errors exit 2, as systemd's tools do.
    FileDescriptorIO.write(Array("\(error.message)\n".utf8), to: STDERR_FILENO)
    exit(2)
}

/// Writes text to standard output; the exit status says whether all of it got there.
func printed(_ text: String) -> Int32 {
    FileDescriptorIO.write(Array(text.utf8), to: STDOUT_FILENO) ? 0 : 1
}

if let file = command.validateConfig {
    exit(IsolatedConfigCheck.runChild(file: file))
}
let environment = ProcessEnvironment.current

if command.check {
    let paths = NoContactPaths(environment: environment)
    do {
        let config = try ConfigLoader.load(explicitPath: command.config, defaultPath: paths.configFile)
        exit(printed("\(config.source ?? "built-in default config"): OK\n"))
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
