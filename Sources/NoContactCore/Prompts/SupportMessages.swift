/// Messages for the hard moments: an urge, a slip, a message from them, and danger.
///
/// No shame, no praise for what did not happen, no diagnosis: nocontact never reads what
/// people write, so these depend only on what the person chose to record.
public enum SupportMessages {
    /// After a slip (the count restarts): the days of space before it still count.
    public static func afterSlip(daysOfSpaceBefore: Int) -> String {
        let days = max(daysOfSpaceBefore, 0)
        let kept: String
        switch days {
        case 0:
            kept = "On the first day it is common, and starting again is what matters."
        case 1:
            kept = "The 1 day of space before it still counts. It is part of your history, and nothing erases it."
        default:
            kept = "The \(days) days of space before it still count. They are part of your history, and nothing erases them."
        }
        return "A slip happens to many people who choose space. \(kept)"
            + " Your count starts again today; go gently with yourself."
            + " If you like, note what led to it (the time, the feeling, what made it easy) so the next hard moment is easier to meet."
    }

    /// When an urge is recorded.
    ///
    /// A resisted urge gets the days of space so far and one grounding line, chosen by `seed`
    /// from ``groundingLines``. An urge the person acted on gets no praise and no shame: where
    /// to record contact if there was any, and that earlier days still count. Intensity 4 or 5
    /// adds ``supportPointer``.
    public static func afterUrge(daysSoFar: Int, resisted: Bool = true, intensity: Int = 3, seed: UInt64) -> String {
        let days = max(daysSoFar, 0)
        var parts: [String] = []
        if resisted {
            switch days {
            case 0: parts.append("You noticed the urge and stopped to write it down.")
            case 1: parts.append("1 day of space so far, and this urge has not changed that.")
            default: parts.append("\(days) days of space so far, and this urge has not changed that.")
            }
            var random = PromptRandom(seed: seed)
            parts.append(groundingLines[random.next(below: groundingLines.count)])
        } else {
            parts.append("Thank you for writing it down honestly.")
            let before = days == 1 ? "the 1 day of space before it still counts" : "the \(days) days of space before it still count"
            parts.append(
                days > 0
                    ? "If you were in touch with them, `nocontact slip` records it, without judgement, and \(before)."
                    : "If you were in touch with them, `nocontact slip` records it, without judgement.")
            parts.append("Whatever happened, go gently with yourself now.")
        }
        if intensity >= 4 { parts.append(supportPointer) }
        return parts.joined(separator: " ")
    }

    /// After the person re-rated an urge at the end of the guided pause.
    public static func afterPause(before: Int, after: Int) -> String {
        if after < before { return "It went from \(before) to \(after). Waves like this rise and fall, and you rode this one." }
        if after == before { return "Still at \(after). That is all right; you do not have to act on it, and it can wait." }
        return "It is stronger now, at \(after). Be gentle with yourself, and reach for someone if you can."
    }

    /// When the other person reached out (`nocontact received`): never a slip.
    public static func afterReceived(day: Int, practical: Bool?) -> String {
        var parts = ["Noted: they reached out. That is not a slip, and you are still on day \(max(day, 1))."]
        switch practical {
        case true?:
            parts.append(
                "For a practical matter (the children, money, keys, a date), you can answer only that, briefly, when it suits you.")
        case false?:
            parts.append(
                "If it is about the two of you, you do not have to answer today, or at all; your reasons are in `nocontact reasons`, and talking it over with someone you trust first can help."
            )
        case nil:
            parts.append("If it is practical (the children, money, keys, a date), you can answer only that, briefly, when it suits you.")
            parts.append(
                "If it is about the two of you, you do not have to answer today, or at all; your reasons are in `nocontact reasons`.")
        }
        parts.append("If a message frightens or pressures you, keep it, and `nocontact support` shows where to turn.")
        return parts.joined(separator: " ")
    }

    /// The grounding lines ``afterUrge(daysSoFar:resisted:intensity:seed:)`` chooses from.
    public static let groundingLines: [String] = [
        "Breathe in for four counts, hold for four, and breathe out for six. Do it five times before deciding anything.",
        "Step outside for a ten-minute walk; the urge often feels different when you come back.",
        "Write out everything you want to say, just for yourself. Unsent words still get said, to you.",
        "Drink a glass of water and name five things you can see around you.",
        "Put your phone in another room and set a timer for twenty minutes. Let the urge rise and fall.",
        "Tell a friend how you feel right now, and let them hold some of it for a while.",
        "Put a hand on your chest and feel it rise and fall ten times. The urge is a wave, and waves pass.",
    ]

    /// One line pointing to help, for the README, `--help` and hard moments.
    public static let supportPointer =
        "In danger, or thinking of harming yourself? Call your local emergency number now; `nocontact support` shows where else to turn."

    /// The fixed part of `nocontact support`: calm, the same for everyone, with no numbers
    /// that would differ by country or go out of date.
    public static let supportParagraphs: [String] = [
        "If you are in danger right now, or thinking about harming yourself, call your local emergency number. Help for exactly this moment is there, and you deserve it.",
        "If someone is hurting, threatening or controlling you, there are support services for domestic abuse in most places. They can listen and help you think through a next step, at your own pace. A search for \"domestic abuse helpline\" and your country finds them.",
        "If you think someone may see your phone or computer, look for help from a device they cannot reach, such as a friend's phone or a library computer.",
        "If you are struggling but not in danger, tell someone you trust how you are, today. Your doctor or a counsellor can help too.",
        "nocontact never reads what you write, so it cannot notice when you are in trouble. Asking for help is yours to do, and it takes strength.",
    ]

    /// The whole support text with the person's own people and lines from `[support]`.
    public static func supportText(_ support: SupportConfig) -> String {
        var lines: [String] = []
        for paragraph in supportParagraphs {
            lines.append(paragraph)
            lines.append("")
        }
        if support.people.isEmpty && support.lines.isEmpty {
            lines.append("You can add your own people and lines under [support] in your config; `man nocontact.toml` shows how.")
        } else {
            if !support.people.isEmpty {
                lines.append("Your people:")
                lines.append(contentsOf: support.people.map { "  \($0.name): \($0.how)" })
            }
            if !support.lines.isEmpty {
                lines.append("Lines you chose:")
                lines.append(contentsOf: support.lines.map { "  \($0)" })
            }
        }
        return lines.joined(separator: "\n")
    }
}
