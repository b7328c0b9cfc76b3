extension UserPromptConfig {
    /// The most bytes (UTF-8) a prompt's text may have. Counting characters alone bounds
    /// nothing: one character (grapheme cluster) may carry any number of combining marks.
    public static let maximumTextBytes = 2000
}
