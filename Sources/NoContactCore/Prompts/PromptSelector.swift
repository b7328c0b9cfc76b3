/// Picks the prompt to deliver: pure and deterministic, the same context always gives the
/// same prompt.
///
/// Every order follows the same rules:
/// - **Eligible** prompts are those available on the context's day (a user prompt's `days`),
///   of the context's theme if one is set, the logistics prompts only when the period allows
///   logistics contact, prompts written for a situation only when it applies, and a follow-up
///   only once the prompt it follows was answered.
/// - A prompt delivered within the last `window` deliveries, or answered recently, is skipped.
/// - Only when every eligible prompt is skipped does a repeat happen: then the least recently
///   delivered one that was not answered recently (or, if all were answered, the least recently
///   delivered of all) is chosen, so a small pool keeps rotating instead of going quiet.
/// - `nil` only when nothing is eligible (e.g. only user prompts, none for this day).
///
/// Then each order picks among the remaining ones:
/// - ``PromptOrder/phased``: prompts of the day's phase (see ``PromptPhase/of(day:daysTotal:)``)
///   or of phase `any` (all remaining ones if none fit); a theme is drawn with the weights of
///   ``weight(of:in:)`` among the themes present, then a prompt of that theme, preferring the one
///   not delivered for longest (never delivered first). Logistics prompts,
///   when present, are drawn about one time in ``logisticsShare``, so they never dominate.
/// - ``PromptOrder/sequential``: the library in order, starting after the last delivered prompt
///   (or at `deliveryIndex` when there is none in the library), wrapping around.
/// - ``PromptOrder/shuffle``: position `deliveryIndex` of a seeded permutation of the library
///   (a new permutation each time round, see ``shuffled(seed:cycle:)``), moving forward past
///   skipped prompts.
public struct PromptSelector: Sendable {
    /// The library to pick from.
    public let library: PromptLibrary

    /// One logistics prompt in about this many phased draws, when logistics prompts are eligible.
    public static let logisticsShare = 10

    /// A selector over `library` (usually ``PromptLibrary/builtin`` with the user's prompts).
    public init(library: PromptLibrary) {
        self.library = library
    }

    /// The prompt to deliver in `context`, or `nil` when no prompt is eligible.
    public func choose(_ context: PromptSelectionContext) -> Prompt? {
        let eligible = eligiblePrompts(context)
        guard !eligible.isEmpty else { return nil }
        let blocked = Set(context.recentDeliveries.suffix(max(0, context.window)))
        let fresh = eligible.filter { !blocked.contains($0.id) && !context.recentlyAnswered.contains($0.id) }
        guard !fresh.isEmpty else {
            let unanswered = eligible.filter { !context.recentlyAnswered.contains($0.id) }
            return leastRecentlyDelivered(unanswered.isEmpty ? eligible : unanswered, context.recentDeliveries)
        }
        switch context.order {
        case .phased: return phased(fresh, context)
        case .sequential: return walk(sequentialOrder(context), fresh)
        case .shuffle: return walk(shuffleOrder(context), fresh)
        }
    }

    /// The prompts that may be delivered in `context` at all (day, theme, logistics), in library
    /// order, before recent deliveries and answers are considered.
    public func eligiblePrompts(_ context: PromptSelectionContext) -> [Prompt] {
        library.prompts.filter { prompt in
            prompt.isAvailable(onDay: context.day)
                && (context.hasLogisticsContact || !prompt.forLogistics)
                && (context.theme.map { $0 == prompt.theme } ?? true)
                && prompt.tags.intersection(PromptTag.situations).isSubset(of: context.situations)
                && (prompt.follows.map { context.answered.contains($0) } ?? true)
        }
    }

    /// The library in the seeded order `shuffle` uses for its `cycle`-th time round (cycle =
    /// `deliveryIndex / library.prompts.count`): a permutation of ``library``.
    public func shuffled(seed: UInt64, cycle: Int = 0) -> [Prompt] {
        permutation(seed: seed, cycle: cycle).map { library.prompts[$0] }
    }

    /// How strongly `theme` is drawn in `phase` by `phased` (0 never happens: every theme can
    /// appear in every phase). Early leans on space and self-care, the middle on understanding,
    /// apology and change, late on growth and acceptance (readiness).
    public static func weight(of theme: Theme, in phase: PromptPhase) -> Int {
        switch phase {
        case .early:
            switch theme {
            case .space, .selfCare: 6
            case .acceptance, .actions: 2
            case .apology, .understanding, .change, .growth, .listening, .gesture: 1
            }
        case .middle:
            switch theme {
            case .understanding, .apology, .change: 5
            case .listening, .actions: 3
            case .space, .selfCare, .gesture: 2
            case .growth, .acceptance: 1
            }
        case .late:
            switch theme {
            case .growth, .acceptance: 6
            case .change, .actions, .listening, .gesture: 2
            case .space, .selfCare, .understanding, .apology: 1
            }
        case .any:
            1
        }
    }

    // MARK: - Orders

    private func phased(_ fresh: [Prompt], _ context: PromptSelectionContext) -> Prompt? {
        let phase = context.phase
        var random = PromptRandom(
            seed: PromptRandom.mix(
                context.seed, UInt64(bitPattern: Int64(context.deliveryIndex)), UInt64(bitPattern: Int64(context.day))))
        let fitting = fresh.filter { $0.phase == phase || $0.phase == .any }
        var pool = fitting.isEmpty ? fresh : fitting
        let logistics = pool.filter(\.forLogistics)
        let regular = pool.filter { !$0.forLogistics }
        let drawLogistics = !logistics.isEmpty && random.next(below: Self.logisticsShare) == 0
        pool = (drawLogistics || regular.isEmpty) ? logistics : regular

        let themes = Theme.allCases.filter { theme in pool.contains { $0.theme == theme } }
        let weights = themes.map { Self.weight(of: $0, in: phase) }
        var roll = random.next(below: max(weights.reduce(0, +), 1))
        var chosen = themes.last ?? .space
        for (theme, weight) in zip(themes, weights) {
            if roll < weight {
                chosen = theme
                break
            }
            roll -= weight
        }
        // Within the theme, prompts not delivered for longest (never delivered first) go first.
        let lastSeen = lastDeliveryIndex(context.recentDeliveries)
        let inTheme = pool.filter { $0.theme == chosen }
        let oldest = inTheme.map { lastSeen[$0.id] ?? -1 }.min() ?? -1
        let stalest = inTheme.filter { (lastSeen[$0.id] ?? -1) == oldest }
        guard !stalest.isEmpty else { return pool.first }
        return stalest[random.next(below: stalest.count)]
    }

    /// Library indices, starting after the last delivered prompt that is in the library.
    private func sequentialOrder(_ context: PromptSelectionContext) -> [Int] {
        let count = library.prompts.count
        var start = nonNegativeRemainder(context.deliveryIndex, count)
        for id in context.recentDeliveries.reversed() {
            if let index = library.prompts.firstIndex(where: { $0.id == id }) {
                start = (index + 1) % count
                break
            }
        }
        return (0..<count).map { (start + $0) % count }
    }

    /// Library indices of the current cycle's permutation, from the current position onwards.
    private func shuffleOrder(_ context: PromptSelectionContext) -> [Int] {
        let count = library.prompts.count
        let index = max(context.deliveryIndex, 0)
        let order = permutation(seed: context.seed, cycle: index / count)
        let position = index % count
        return Array(order[position...] + order[..<position])
    }

    private func walk(_ order: [Int], _ fresh: [Prompt]) -> Prompt? {
        let freshIDs = Set(fresh.map(\.id))
        for index in order where freshIDs.contains(library.prompts[index].id) {
            return library.prompts[index]
        }
        return fresh.first
    }

    // MARK: - Helpers

    private func permutation(seed: UInt64, cycle: Int) -> [Int] {
        var indices = Array(library.prompts.indices)
        var random = PromptRandom(seed: PromptRandom.mix(seed, UInt64(bitPattern: Int64(cycle))))
        var i = indices.count - 1
        while i > 0 {
            let j = random.next(below: i + 1)
            indices.swapAt(i, j)
            i -= 1
        }
        return indices
    }

    private func leastRecentlyDelivered(_ candidates: [Prompt], _ deliveries: [String]) -> Prompt? {
        let lastSeen = lastDeliveryIndex(deliveries)
        // Never delivered ranks as -1; ties keep library order (min returns the first minimum).
        return candidates.min { (lastSeen[$0.id] ?? -1) < (lastSeen[$1.id] ?? -1) }
    }

    /// The position of each id's last delivery in `deliveries`.
    private func lastDeliveryIndex(_ deliveries: [String]) -> [String: Int] {
        var lastSeen: [String: Int] = [:]
        for (index, id) in deliveries.enumerated() {
            lastSeen[id] = index
        }
        return lastSeen
    }

    private func nonNegativeRemainder(_ value: Int, _ modulus: Int) -> Int {
        guard modulus > 0 else { return 0 }
        let remainder = value % modulus
        return remainder < 0 ? remainder + modulus : remainder
    }
}
