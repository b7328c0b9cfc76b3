import ArgumentParser

/// Options every command takes, after its name.
struct SharedOptions: ParsableArguments {
    @Option(
        name: .long, help: ArgumentHelp("The config file (default: $XDG_CONFIG_HOME/nocontact/config.toml).", valueName: "file"),
        completion: .file(extensions: ["toml"]))
    var config: String?

    @Option(
        name: .long, help: ArgumentHelp("The daemon's control socket (default: from the config).", valueName: "path"), completion: .file())
    var socket: String?

    @Flag(name: .long, help: "Print JSON (stable field names) instead of text.")
    var json = false
}
