/// How the daemon was asked to run (the command line, already parsed).
public struct DaemonOptions: Sendable {
    public var configPath: String?
    public var stateDirectory: String?
    public var socketPath: String?
    public var socketDisabled: Bool
    /// The process environment: paths and the time zone are read from it.
    public var environment: [String: String]

    public init(configPath: String?, stateDirectory: String?, socketPath: String?, socketDisabled: Bool, environment: [String: String]) {
        self.configPath = configPath
        self.stateDirectory = stateDirectory
        self.socketPath = socketPath
        self.socketDisabled = socketDisabled
        self.environment = environment
    }
}
