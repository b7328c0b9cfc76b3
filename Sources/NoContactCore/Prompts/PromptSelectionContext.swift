/// Everything selection depends on, so that it is pure and deterministic.
///
/// The caller (the daemon or the CLI) fills it from the config and the delivery history; the
/// same context always yields the same prompt.
public struct PromptSelectionContext: Sendable {
    /// Day N of the period, 1-based (day 1 is the first day of space).
    public var day: Int
    /// The period's length in days, or `nil` when it is open-ended.
    public var daysTotal: Int?
    /// Whether the period allows logistics contact (`allow` non-empty); adds the logistics prompts.
    public var hasLogisticsContact: Bool
    /// How to pick (`[prompts] order`).
    public var order: PromptOrder
    /// A fixed seed for `shuffle` and for the weighted draw of `phased`; keep it stable per
    /// installation or period (e.g. derived from the period's start), or orders change on restart.
    public var seed: UInt64
    /// Ids of prompts delivered before, oldest first. Only the last ``window`` entries block a
    /// repeat; older entries still rank the least recently delivered prompt when all are blocked.
    public var recentDeliveries: [String]
    /// Ids of prompts the person answered recently (the caller decides how recent); skipped.
    public var recentlyAnswered: Set<String>
    /// How many prompts were delivered so far in total (drives `shuffle` and `sequential`).
    public var deliveryIndex: Int
    /// No prompt repeats within this many deliveries while other eligible prompts are unused.
    public var window: Int = 30
    /// Only prompts of this theme (`nocontact prompt --theme T`), or all themes when `nil`.
    public var theme: Theme?
    /// The situations that apply to this period: prompts tagged with any other situation are
    /// not eligible (see ``PromptTag/situations``).
    public var situations: Set<PromptTag> = []
    /// Ids of prompts ever answered: a follow-up prompt waits until the one it follows is here.
    public var answered: Set<String> = []

    /// A context; only `day` is required.
    public init(
        day: Int, daysTotal: Int? = nil, hasLogisticsContact: Bool = false, order: PromptOrder = .phased,
        seed: UInt64 = 0, recentDeliveries: [String] = [], recentlyAnswered: Set<String> = [],
        deliveryIndex: Int = 0, window: Int = 30, theme: Theme? = nil, situations: Set<PromptTag> = [],
        answered: Set<String> = []
    ) {
        self.situations = situations
        self.answered = answered
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

    /// The phase of ``day``: see ``PromptPhase/of(day:daysTotal:)``.
    public var phase: PromptPhase {
        PromptPhase.of(day: day, daysTotal: daysTotal)
    }
}
