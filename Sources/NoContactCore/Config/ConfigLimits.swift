extension UserPromptConfig {
    /// The most bytes (UTF-8) a prompt's text may have. Counting characters alone bounds
    /// nothing: one character (grapheme cluster) may carry any number of combining marks.
    public static let maximumTextBytes = 2000
}

/// How much one config may hold. Every wake-up plans over all of it, so an unbounded file
/// (21,000 periods were tried) would hold up deliveries and every client of the daemon.
public enum ConfigLimits {
    /// The most [[period]] tables.
    public static let maximumPeriods = 1_000
    /// The most entries of `[prompts] schedule`.
    public static let maximumScheduleEntries = 1_000
    /// The most [[prompt]] tables.
    public static let maximumPrompts = 10_000
}
