/// The ten themes of reflection prompts (see `shared/domain.md`).
///
/// The raw values are the ids used in config (`theme = "self-care"`) and in prompt ids.
public enum Theme: String, CaseIterable, Sendable, Codable {
    /// Space and patience.
    case space
    /// Health and self-care.
    case selfCare = "self-care"
    /// Your own part and the apology (written for yourself, not sent).
    case apology
    /// Why it ended.
    case understanding
    /// Visible change and boundaries.
    case change
    /// How you are different now.
    case growth
    /// Actions over words.
    case actions
    /// Listening to their side.
    case listening
    /// What a sincere gesture would mean, and whether it would be welcome.
    case gesture
    /// Acceptance and letting go.
    case acceptance

    /// A short human title, e.g. "space and patience", for listings.
    public var title: String {
        switch self {
        case .space: "space and patience"
        case .selfCare: "health and self-care"
        case .apology: "your own part and the apology"
        case .understanding: "why it ended"
        case .change: "visible change and boundaries"
        case .growth: "how you are different now"
        case .actions: "actions over words"
        case .listening: "listening to their side"
        case .gesture: "a sincere gesture"
        case .acceptance: "acceptance and letting go"
        }
    }
}

/// The part of a period a prompt suits.
///
/// A day of a period is always `early`, `middle` or `late` (see ``of(day:daysTotal:)``);
/// a prompt marked `any` suits every day.
public enum PromptPhase: String, CaseIterable, Sendable, Codable {
    /// The first third of a period (open-ended: days 1 to 14).
    case early
    /// The middle third of a period (open-ended: days 15 to 45).
    case middle
    /// The last third of a period and any day after it (open-ended: day 46 on).
    case late
    /// Any day.
    case any

    /// The last day counted as early in an open-ended period.
    public static let openEndedEarlyLastDay = 14
    /// The last day counted as middle in an open-ended period.
    public static let openEndedMiddleLastDay = 45

    /// The phase of day `day` (1-based) of a period of `daysTotal` days.
    ///
    /// - With a length, the period is cut in thirds: for 30 days, days 1–10 are early,
    ///   11–20 middle, 21–30 late; for 21 days, 1–7, 8–14, 15–21. Days after the end are late.
    /// - Open-ended (`daysTotal` nil, or not positive): days 1–14 are early (urges peak in the
    ///   second week), 15–45 middle, day 46 onwards late.
    /// - Days before day 1 count as early. Never returns ``any``.
    public static func of(day: Int, daysTotal: Int?) -> PromptPhase {
        let day = max(day, 1)
        guard let length = daysTotal, length > 0 else {
            if day <= openEndedEarlyLastDay { return .early }
            if day <= openEndedMiddleLastDay { return .middle }
            return .late
        }
        // Thirds without rounding: early while 3 * (day - 1) < total, middle while < 2 * total.
        let total = min(length, 1_000_000)
        let elapsed = day - 1
        if elapsed >= total { return .late }
        if 3 * elapsed < total { return .early }
        if 3 * elapsed < 2 * total { return .middle }
        return .late
    }
}

/// How prompts are picked from the library (`[prompts] order`).
public enum PromptOrder: String, Sendable, CaseIterable {
    /// By the phase of the period's day, with themes weighted for that phase.
    case phased
    /// The library in order, continuing after the last delivered prompt.
    case sequential
    /// A seeded permutation of the library, a new one each time round.
    case shuffle
}
