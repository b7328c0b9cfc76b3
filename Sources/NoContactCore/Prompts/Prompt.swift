/// One reflection prompt: a question to think about or one small action.
public struct Prompt: Sendable, Hashable, Identifiable {
    /// A stable, readable id such as `space-01`. Built-in ids never change and are never reused;
    /// user prompts get `user-` ids from ``user(text:theme:days:)``.
    public var id: String
    /// The theme the prompt belongs to.
    public var theme: Theme
    /// The part of a period the prompt suits; user prompts use ``PromptPhase/any``.
    public var phase: PromptPhase
    /// The text shown to the person, at most ``Prompt/maxTextLength`` characters for built-ins.
    public var text: String
    /// Only on these days of a period (1-based), or every day when `nil`. Used by user prompts.
    public var days: ClosedRange<Int>?
    /// Whether the prompt ships with nocontact (as opposed to a `[[prompt]]` from the config).
    public var isBuiltin: Bool
    /// Only for periods that allow logistics contact (`allow` non-empty): keeping it calm and brief.
    public var forLogistics: Bool
    /// What the prompt asks of the person and the situation it is for (see ``PromptTag``).
    public var tags: Set<PromptTag>
    /// The id of a prompt this one follows up on (e.g. "read your unsent apology again"):
    /// offered only after that prompt has been answered.
    public var follows: String?

    /// The longest text a built-in prompt may have, in characters.
    public static let maxTextLength = 200

    /// Creates a prompt. `isBuiltin` defaults to `true`; user prompts are better made with
    /// ``user(text:theme:days:)``.
    public init(
        id: String, theme: Theme, phase: PromptPhase, text: String, days: ClosedRange<Int>? = nil,
        isBuiltin: Bool = true, forLogistics: Bool = false, tags: Set<PromptTag> = [], follows: String? = nil
    ) {
        self.id = id
        self.theme = theme
        self.phase = phase
        self.text = text
        self.days = days
        self.isBuiltin = isBuiltin
        self.forLogistics = forLogistics
        self.tags = tags
        self.follows = follows
    }

    /// Whether the prompt may be delivered on `day` of a period (its ``days`` range, if any).
    public func isAvailable(onDay day: Int) -> Bool {
        days?.contains(day) ?? true
    }

    /// A prompt from the user's config (`[[prompt]]`), with phase ``PromptPhase/any``.
    ///
    /// Its id is `user-` followed by 8 hex digits of a fixed hash (FNV-1a) of the text, so it
    /// stays the same across runs and when prompts are reordered in the config, and changes only
    /// when the text changes. Two prompts with the same text get the same id.
    public static func user(text: String, theme: Theme, days: ClosedRange<Int>?) -> Prompt {
        Prompt(
            id: userID(forText: text), theme: theme, phase: .any, text: text, days: days,
            isBuiltin: false, forLogistics: false)
    }

    /// The id ``user(text:theme:days:)`` gives to a user prompt with this text.
    public static func userID(forText text: String) -> String {
        var hash: UInt32 = 0x811C_9DC5
        for byte in text.utf8 {
            hash ^= UInt32(byte)
            hash = hash &* 0x0100_0193
        }
        let hex = String(hash, radix: 16)
        return "user-" + String(repeating: "0", count: 8 - hex.count) + hex
    }
}
