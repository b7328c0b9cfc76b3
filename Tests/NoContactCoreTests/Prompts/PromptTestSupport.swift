import NoContactCore

/// Words and phrases that would tell the person to contact the one who asked for distance.
/// Matched against lowercased text with typographic apostrophes made plain.
enum PromptContactLanguage {
    static let forbiddenPhrases: [String] = [
        "reach out", "reaching out", "get back in touch", "get in touch", "back in touch", "be in touch",
        "text them", "texting them", "text him", "text her", "call them", "calling them", "call him", "call her",
        "message them", "messaging them", "message him", "message her", "contact them", "contacting them",
        "contact him", "contact her", "email them", "write to them", "dm them", "ring them",
        "send it", "send them", "send the", "send a ", "send your", "sending", "hit send", "press send",
        "tell them", "ask them", "let them know", "show them", "see them", "visit them", "meet them",
        "check their", "their social", "their profile", "their instagram", "their stories", "their status",
        "unblock", "unmute", "time to contact", "now you can", "ready to contact", "make contact",
        "make the first move", "slide into",
    ]

    /// The forbidden phrases found in `text`.
    static func violations(in text: String) -> [String] {
        let normalized = PromptContactLanguage.plainApostrophes(text.lowercased())
        return forbiddenPhrases.filter { normalized.contains($0) }
    }

    /// `text` with typographic apostrophes replaced by plain ones.
    static func plainApostrophes(_ text: String) -> String {
        String(text.map { $0 == "\u{2019}" || $0 == "\u{2018}" ? "'" : $0 })
    }
}

/// Placeholder text that must never ship.
enum PromptPlaceholder {
    static let markers: [String] = ["todo", "tbd", "fixme", "lorem", "ipsum", "xxx", "...", "\u{2026}", "{", "}", "<", ">", "??"]

    static func found(in text: String) -> [String] {
        let normalized = text.lowercased()
        return markers.filter { normalized.contains($0) }
    }
}

/// One delivery of a simulated period.
struct SimulatedDelivery {
    var day: Int
    var index: Int
    var prompt: Prompt
}

/// Simulates a period: `perDay` deliveries a day for `days` days, feeding back the history the
/// way the daemon would.
func simulatePeriod(
    _ selector: PromptSelector, days: Int, perDay: Int = 2, daysTotal: Int?, order: PromptOrder,
    seed: UInt64 = 42, logistics: Bool = false, answered: Set<String> = [], window: Int = 30,
    theme: Theme? = nil
) -> [SimulatedDelivery] {
    var history: [String] = []
    var deliveries: [SimulatedDelivery] = []
    for day in 1...days {
        for _ in 0..<perDay {
            let context = PromptSelectionContext(
                day: day, daysTotal: daysTotal, hasLogisticsContact: logistics, order: order, seed: seed,
                recentDeliveries: history, recentlyAnswered: answered, deliveryIndex: history.count,
                window: window, theme: theme)
            guard let prompt = selector.choose(context) else { continue }
            deliveries.append(SimulatedDelivery(day: day, index: history.count, prompt: prompt))
            history.append(prompt.id)
        }
    }
    return deliveries
}
