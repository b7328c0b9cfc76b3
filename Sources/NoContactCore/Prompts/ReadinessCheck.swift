/// The readiness check at the end of a period: a moment to check in with oneself, never a cue
/// to get in touch. Shown by `nocontact ready` at any time, delivered briefly when the period
/// ends, with the person's own reasons and the letter they wrote to their future self.
public struct ReadinessCheck: Sendable, Equatable, Codable {
    /// One question of the check, with the id its answer is saved under.
    public struct Question: Sendable, Equatable, Codable {
        /// `ready-01` ... : the prompt id of the reflection that answers it.
        public var id: String
        public var text: String

        public init(id: String, text: String) {
            self.id = id
            self.text = text
        }
    }

    public var period: String
    /// The days of space kept in the period's current run.
    public var daysOfSpace: Int
    /// Whether the period is over (its days have passed, or it was closed).
    public var ended: Bool
    /// Whether the person closed it (`nocontact close`).
    public var closed: Bool
    public var intro: [String]
    public var questions: [Question]
    /// The person's own reasons (`nocontact reasons`), in their order.
    public var reasons: [String]
    /// The latest letter to their future self (`nocontact letter`), if they wrote one.
    public var letter: String?
    /// What they can do next, each with the command that does it.
    public var options: [String]

    private enum CodingKeys: String, CodingKey {
        case period
        case daysOfSpace = "days_of_space"
        case ended, closed, intro, questions, reasons, letter, options
    }

    /// The prompt id under which `nocontact letter` saves a letter to the future self.
    public static let letterPromptID = "letter"
    /// What a saved letter answers, as its prompt text.
    public static let letterPromptText = "A letter to yourself, to read at the end of this period"

    /// The questions, in order. With `hurt`, the question about respecting the other person's
    /// wishes becomes one about the person's own safety and steadiness.
    public static func questions(hurt: Bool) -> [Question] {
        let theirs =
            hurt
            ? "Whatever the other person does or says, what do you need to stay safe and steady from here?"
            : "What has the other person told you they want? A no, a request for more time, or no word at all is their answer for now. How will you respect it?"
        let texts = [
            "What do you want now, for yourself, and why?",
            "How is that different from what you wanted on day 1, and what changed it?",
            theirs,
            "If nothing changes between you, what would a good life look like for you anyway?",
            "Are you answering from a calm place today, or from an urge or a lonely evening?",
            "Would more time help you? Taking it is always an option, and never a failure.",
        ]
        return texts.enumerated().map { Question(id: questionID($0.offset + 1), text: $0.element) }
    }

    /// `ready-01` for the first question.
    static func questionID(_ number: Int) -> String {
        number < 10 ? "ready-0\(number)" : "ready-\(number)"
    }

    /// Every id a readiness answer or a letter may be saved under, with its question.
    public static func promptText(forID id: String) -> String? {
        if id == letterPromptID { return letterPromptText }
        let all = questions(hurt: false) + questions(hurt: true)
        return all.first { $0.id == id }?.text
    }

    /// The check for a period.
    /// - Parameters:
    ///   - hasLength: the period has a set number of days (extending it makes sense).
    public init(
        period: String, daysOfSpace: Int, ended: Bool, closed: Bool, hasLength: Bool, hurt: Bool, reasons: [String],
        letter: String?
    ) {
        self.period = period
        self.daysOfSpace = daysOfSpace
        self.ended = ended
        self.closed = closed
        self.reasons = reasons
        self.letter = letter
        let days = "\(daysOfSpace) \(daysOfSpace == 1 ? "day" : "days")"
        intro = [
            daysOfSpace > 0
                ? "You have kept \(days) of space. That took patience, and it counts, whatever you decide now."
                : "You have only just begun, and this check is here whenever you want it.",
            "The end of a period is not a deadline, and it is not a cue to contact anyone. It is a moment to check in with yourself, at your own pace.",
        ]
        questions = Self.questions(hurt: hurt)
        var options: [String] = []
        if closed {
            options.append("You closed this period: nothing more is delivered for it, and everything you recorded stays.")
        } else {
            if hasLength {
                options.append("More time: `nocontact extend DAYS` adds days to this period, for example `nocontact extend 30`.")
            }
            options.append("Moving on: `nocontact close` ends this period now. Its prompts stop; everything you recorded stays.")
        }
        options.append("Your answers: `nocontact ready` asks these questions one at a time and keeps what you write, privately.")
        options.append("A friend or a counsellor can be good company for these questions.")
        self.options = options
    }

    /// The whole check as text for a terminal or a file.
    public var text: String {
        var lines = intro
        lines.append("")
        for (index, question) in questions.enumerated() {
            lines.append("\(index + 1). \(question.text)")
        }
        if !reasons.isEmpty {
            lines.append("")
            lines.append("The reasons you wrote down:")
            lines.append(contentsOf: reasons.map { "  - \($0)" })
        }
        if let letter {
            lines.append("")
            lines.append("The letter you wrote to yourself:")
            lines.append(contentsOf: letter.split(separator: "\n", omittingEmptySubsequences: false).map { "  \($0)" })
        }
        lines.append("")
        lines.append(contentsOf: options)
        return lines.joined(separator: "\n")
    }

    /// The short text delivered when a period's days are over: where to find the check.
    public static func deliveredText(daysOfSpace: Int) -> String {
        let days = "\(daysOfSpace) \(daysOfSpace == 1 ? "day" : "days")"
        return "You have kept \(days) of space. This is a moment to check in with yourself, not a cue to contact anyone."
            + " When you are ready, `nocontact ready` walks you through a few questions; `nocontact extend DAYS` adds time,"
            + " and `nocontact close` ends the period as moving on."
    }
}
