import NoContactCore

/// The answer to a successful reload.
package struct ReloadReport: Sendable, Equatable, Codable {
    /// The config file now in use, or "built-in".
    package var config: String
    /// What comes next under the new config.
    package var next: UpcomingEvent?

    package init(config: String, next: UpcomingEvent?) {
        self.config = config
        self.next = next
    }
}
