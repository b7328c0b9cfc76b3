/// Messages for milestone days.
///
/// They speak of the person's own record (days kept, urges met, reflections written), not of
/// the other person, and make no claims about what "usually" happens on a given day.
public enum MilestoneMessages {
    /// The default milestone days: 1, 3, 7, 14, 21, 30, 45, 60 and 90.
    public static let days: [Int] = [1, 3, 7, 14, 21, 30, 45, 60, 90]

    /// What the person has done in this period so far, for the milestone's closing words.
    public struct Record: Sendable, Equatable {
        /// Urges met without acting on them.
        public var urgesMet: Int
        /// Reflections written.
        public var reflections: Int

        public init(urgesMet: Int = 0, reflections: Int = 0) {
            self.urgesMet = urgesMet
            self.reflections = reflections
        }
    }

    /// The message for day `day` of a period of `daysTotal` days (nil: open-ended).
    ///
    /// Milestone days in ``days`` get their own words; any other day gets a plain count, so a
    /// user-configured milestone (say day 10) still has a message. Then the record, when there
    /// is one, and with a length how many days are left, or that this is the last day set.
    public static func message(forDay day: Int, daysTotal: Int?, record: Record = Record()) -> String {
        var parts = [opening(forDay: day)]
        if let recordLine = recordLine(record) { parts.append(recordLine) }
        if let total = daysTotal, total > 0 {
            if day < total {
                let left = total - day
                parts.append("\(left) \(left == 1 ? "day" : "days") left of the \(total) you set.")
            } else if day == total {
                parts.append(
                    "Today is the last of the \(total) days you set; `nocontact ready` has a readiness check for you whenever you want it.")
            }
        }
        return parts.joined(separator: " ")
    }

    static func opening(forDay day: Int) -> String {
        switch day {
        case 1: "Day 1 of your space. Choosing it is a real step. Keep today small and kind: something to eat, some water, some rest."
        case 3: "Three days of space, each one kept by choices you made hour by hour."
        case 7: "A week of space. Notice one thing that is a little easier than it was on day 1, however small."
        case 14: "Two weeks of space: fourteen days you kept for yourself."
        case 21: "Three weeks of space. Which small habit from these days would you like to keep?"
        case 30: "Thirty days of space. Take a moment to look back at how far you have come."
        case 45: "Forty-five days of space, built one ordinary choice at a time."
        case 60: "Sixty days of space: two months of keeping a promise to yourself."
        case 90: "Ninety days of space. Whatever comes next, you have shown yourself that you can keep a hard promise."
        default: "Day \(max(day, 1)) of your space."
        }
    }

    /// "So far you have met 4 urges without acting on them and written 7 reflections."
    static func recordLine(_ record: Record) -> String? {
        var done: [String] = []
        if record.urgesMet > 0 {
            done.append(
                "met \(record.urgesMet) \(record.urgesMet == 1 ? "urge" : "urges") without acting on \(record.urgesMet == 1 ? "it" : "them")"
            )
        }
        if record.reflections > 0 {
            done.append("written \(record.reflections) \(record.reflections == 1 ? "reflection" : "reflections")")
        }
        guard !done.isEmpty else { return nil }
        return "So far you have \(done.joined(separator: " and "))."
    }
}
