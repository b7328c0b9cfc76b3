// Minimal prompt library for the walking skeleton; the prompt-library issue replaces this file.

/// The ten themes of reflection prompts (see shared/domain.md).
public enum Theme: String, CaseIterable, Sendable, Codable {
    case space, selfCare = "self-care", apology, understanding, change, growth, actions, listening, gesture,
        acceptance
}

/// The part of a period a prompt suits.
public enum PromptPhase: String, CaseIterable, Sendable, Codable { case early, middle, late, any }

/// How prompts are picked from the library.
public enum PromptOrder: String, Sendable, CaseIterable { case phased, sequential, shuffle }

/// One reflection prompt.
public struct Prompt: Sendable, Hashable, Identifiable {
    public var id: String
    public var theme: Theme
    public var phase: PromptPhase
    public var text: String
    public var days: ClosedRange<Int>?
    public var isBuiltin: Bool
    public var forLogistics: Bool

    public init(
        id: String, theme: Theme, phase: PromptPhase, text: String, days: ClosedRange<Int>? = nil,
        isBuiltin: Bool = true, forLogistics: Bool = false
    ) {
        self.id = id
        self.theme = theme
        self.phase = phase
        self.text = text
        self.days = days
        self.isBuiltin = isBuiltin
        self.forLogistics = forLogistics
    }
}

/// The prompts available for delivery.
public struct PromptLibrary: Sendable {
    public var prompts: [Prompt]

    public init(prompts: [Prompt]) { self.prompts = prompts }

    public static let builtin = PromptLibrary(prompts: [
        Prompt(id: "space-01", theme: .space, phase: .early, text: "What is one thing you can do today that is only for you?"),
        Prompt(id: "self-care-01", theme: .selfCare, phase: .early, text: "Did you eat, drink water and get outside today? Pick one to do kindly now."),
        Prompt(id: "understanding-01", theme: .understanding, phase: .middle, text: "What pattern do you notice in how the two of you argued?"),
        Prompt(id: "growth-01", theme: .growth, phase: .late, text: "What do you do now that you did not do a month ago?"),
        Prompt(id: "acceptance-01", theme: .acceptance, phase: .any, text: "What would it mean to accept their choice, whatever it is?"),
    ])

    public func prompt(id: String) -> Prompt? { prompts.first { $0.id == id } }

    public func with(userPrompts: [Prompt], includeBuiltin: Bool) -> PromptLibrary {
        PromptLibrary(prompts: (includeBuiltin ? prompts : []) + userPrompts)
    }
}

/// Everything prompt selection depends on.
public struct PromptSelectionContext: Sendable {
    public var day: Int
    public var daysTotal: Int?
    public var hasLogisticsContact: Bool
    public var order: PromptOrder
    public var seed: UInt64
    public var recentDeliveries: [String]
    public var recentlyAnswered: Set<String>
    public var deliveryIndex: Int
    public var window: Int = 30
    public var theme: Theme?

    public init(
        day: Int, daysTotal: Int?, hasLogisticsContact: Bool, order: PromptOrder, seed: UInt64,
        recentDeliveries: [String], recentlyAnswered: Set<String>, deliveryIndex: Int, window: Int = 30,
        theme: Theme? = nil
    ) {
        self.day = day
        self.daysTotal = daysTotal
        self.hasLogisticsContact = hasLogisticsContact
        self.order = order
        self.seed = seed
        self.recentDeliveries = recentDeliveries
        self.recentlyAnswered = recentlyAnswered
        self.deliveryIndex = deliveryIndex
        self.window = window
        self.theme = theme
    }
}

/// Picks the prompt to deliver.
public struct PromptSelector: Sendable {
    public let library: PromptLibrary

    public init(library: PromptLibrary) { self.library = library }

    public func choose(_ context: PromptSelectionContext) -> Prompt? {
        let eligible = library.prompts.filter { $0.days?.contains(context.day) ?? true }
        guard !eligible.isEmpty else { return nil }
        return eligible[context.deliveryIndex % eligible.count]
    }
}
