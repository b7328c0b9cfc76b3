/// Messages for the hard moments: after a slip, and when an urge is recorded.
///
/// No shame, no diagnosis: a slip keeps the progress made, and an urge gets the days so far and
/// one grounding line.
public enum SupportMessages {
    /// After a slip (the count restarts): the days of space before it still count.
    public static func afterSlip(daysOfSpaceBefore: Int, periodName: String) -> String {
        let days = max(daysOfSpaceBefore, 0)
        let name = MilestoneMessages.displayName(periodName)
        let kept: String
        switch days {
        case 0:
            kept = "A slip on the first day is common, and starting again is what matters."
        case 1:
            kept = "1 day of space still counts. It is part of your history, and nothing erases it."
        default:
            kept = "\(days) days of space still count. They are part of your history, and nothing erases them."
        }
        return "A slip happens to many people who give someone space. \(kept)"
            + " Your count of days of space for \(name) starts again today; go gently with yourself."
            + " If you like, note what led to it (the time, the feeling, what made it easy) so the next hard moment is easier to meet."
    }

    /// When an urge is recorded: the days of space so far and one grounding line, chosen by
    /// `seed` from ``groundingLines`` (pass e.g. the urge count for variety, fixed for tests).
    public static func afterUrge(daysSoFar: Int, seed: UInt64) -> String {
        let days = max(daysSoFar, 0)
        let count: String
        switch days {
        case 0: count = "You are at the very start, and you noticed the urge instead of following it."
        case 1: count = "1 day of space so far, and you are still holding it."
        default: count = "\(days) days of space so far, and you are still holding them."
        }
        let peak = (8...14).contains(days) ? " Urges often peak in the second week; this stretch passes." : ""
        var random = PromptRandom(seed: seed)
        let line = groundingLines[random.next(below: groundingLines.count)]
        return count + peak + " " + line
    }

    /// The grounding lines ``afterUrge(daysSoFar:seed:)`` chooses from.
    public static let groundingLines: [String] = [
        "Breathe in for four counts, hold for four, and breathe out for six. Do it five times before deciding anything.",
        "Step outside for a ten-minute walk; the urge often feels different when you come back.",
        "Write out everything you want to say, just for yourself. Unsent words still get said, to you.",
        "Drink a glass of water and name five things you can see around you.",
        "Put your phone in another room and set a timer for twenty minutes. Let the urge rise and fall.",
        "Tell a friend how you feel right now, and let them hold some of it for a while.",
        "Put a hand on your chest and feel it rise and fall ten times. The urge is a wave, and waves pass.",
    ]
}
