/// How the daemon was asked to run (the command line, already parsed).
package struct DaemonOptions: Sendable {
    package var configPath: String?
    package var stateDirectory: String?
    package var socketPath: String?
    package var socketDisabled: Bool
    /// The process environment: paths and the time zone are read from it.
    package var environment: [String: String]

    package init(configPath: String?, stateDirectory: String?, socketPath: String?, socketDisabled: Bool, environment: [String: String]) {
        self.configPath = configPath
        self.stateDirectory = stateDirectory
        self.socketPath = socketPath
        self.socketDisabled = socketDisabled
        self.environment = environment
    }
}
