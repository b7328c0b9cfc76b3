/// Messages for milestone days and for the end of a period (the readiness check).
///
/// They count days of space and look inward. The end of a period is never presented as a cue
/// to get in contact: it is a check on what the person wants and why, with more time on offer.
public enum MilestoneMessages {
    /// The default milestone days: 1, 3, 7, 14, 21, 30, 45, 60 and 90.
    public static let days: [Int] = [1, 3, 7, 14, 21, 30, 45, 60, 90]

    /// The message for day `day` of the period for `periodName` (the person given space).
    ///
    /// Milestone days in ``days`` get their own words; any other day gets a plain count, so a
    /// user-configured milestone (say day 10) still has a message. With a length, the message
    /// ends with how many days are left, or notes that this is the last day set.
    public static func message(forDay day: Int, daysTotal: Int?, periodName: String) -> String {
        let name = displayName(periodName)
        let body: String
        switch day {
        case 1:
            body = "Day 1 of giving \(name) space. The first day is often the loudest. Keep it small: eat something, rest, and let the quiet be quiet."
        case 3:
            body = "Day 3 of space for \(name). The first wave of urges often crests around now, and you are getting through it."
        case 7:
            body = "One week of space for \(name). Notice one thing that is a little easier than it was on day 1, however small."
        case 14:
            body = "Two weeks of space for \(name). The second week is often the hardest for urges, and you came through it. That matters."
        case 21:
            body = "Three weeks of space for \(name). New routines start to settle around now. Which one is beginning to feel like yours?"
        case 30:
            body = "Thirty days of space for \(name), and thirty days of looking after yourself. Take a moment to see how far you have come."
        case 45:
            body = "Forty-five days of space for \(name). The days keep adding up, and so does the steadier person growing in them."
        case 60:
            body = "Sixty days of space for \(name). Two months of choosing patience over pressure. Be quietly proud of that."
        case 90:
            body = "Ninety days of space for \(name). Three months. Whatever comes next, you have shown yourself you can keep a hard promise."
        default:
            body = "Day \(max(day, 1)) of giving \(name) space."
        }
        guard let total = daysTotal, total > 0 else { return body }
        if day < total {
            let left = total - day
            return body + " \(left) \(left == 1 ? "day" : "days") left of the \(total) you set."
        }
        if day == total {
            return body + " Today is the last of the \(total) days you set; a readiness check for you follows."
        }
        return body
    }

    /// The end-of-period readiness check for a period of `daysTotal` days: what the person
    /// wants and why, what the other person has said they want (and respecting a no), and the
    /// option to extend. Lines joined with newlines; the questions are ``readinessQuestions``.
    public static func endOfPeriod(periodName: String, daysTotal: Int) -> String {
        let name = displayName(periodName)
        var lines = [
            "You have given \(name) \(daysTotal) \(daysTotal == 1 ? "day" : "days") of space. That took patience, and it counts.",
            "The end of a period is not a deadline or a signal. It is a moment to check in with yourself, at your own pace:",
        ]
        for (index, question) in readinessQuestions.enumerated() {
            lines.append("\(index + 1). \(question)")
        }
        lines.append(
            "If you are unsure, or the pull is strong, you can extend this period: raise its days in your config, or leave them out to keep going with no end date."
        )
        lines.append("A friend or a counsellor can be good company for these questions.")
        return lines.joined(separator: "\n")
    }

    /// The questions of the readiness check, in order.
    public static let readinessQuestions: [String] = [
        "What do you want now, for yourself, and why do you want it?",
        "How is that different from what you wanted on day 1, and what changed it?",
        "Has the other person said what they want? If they said no, or asked for more time, how will you respect that?",
        "If nothing changes between you, what would a good life look like for you anyway?",
        "Are you answering from a calm place today, or from an urge or a lonely evening?",
        "Would more time help you? Extending the period is always an option, and not a failure.",
    ]

    /// The name used in messages; an empty name reads as "them".
    static func displayName(_ periodName: String) -> String {
        guard let first = periodName.firstIndex(where: { !$0.isWhitespace }),
            let last = periodName.lastIndex(where: { !$0.isWhitespace })
        else { return "them" }
        return String(periodName[first...last])
    }
}
