import ArgumentParser

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
        version: "0.1.0",
        subcommands: [DaysCommand.self, StatusCommand.self, CheckCommand.self])
}

NoContactCommand.main()
