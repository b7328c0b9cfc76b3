package import NoContactCore
package import NoContactService

/// The pictures of `nocontact stats` as text: for each period, month calendars in the layout
/// of `cal` (weeks as rows under `Mo Tu We Th Fr Sa Su`) with a line of marks under each week,
/// a legend, sparklines of the last weeks, urges by hour and by trigger, and the runs.
///
/// With `colour`, marks and urges are coloured (256-colour ANSI, no red anywhere: a slip is
/// a calm blue); without it, every mark and urge level is its own character, so the picture
/// reads the same in a pipe or with `NO_COLOR`.
package enum JourneyPictureText {
    /// The character of each day mark (without colour, and under the day with colour too).
    package static func symbol(of mark: DayMark) -> Character {
        switch mark {
        case .space: return "·"
        case .slip: return "s"
        case .logistics: return "l"
        case .received: return "r"
        case .paused: return "p"
        }
    }

    /// The character of the strongest urge of a day, 1 to 5 (none: a blank).
    package static func urgeSymbol(_ intensity: Int?) -> Character {
        guard let intensity else { return " " }
        return Array("▁▂▃▄▅")[min(4, max(0, intensity - 1))]
    }

    /// What each mark means, in the legend.
    package static func meaning(of mark: DayMark) -> String {
        switch mark {
        case .space: return "a day of space"
        case .slip: return "got in touch (the days before still count)"
        case .logistics: return "logistics contact"
        case .received: return "they reached out"
        case .paused: return "paused"
        }
    }

    static let weekdayHeader = "Mo Tu We Th Fr Sa Su"
    static let monthNames = [
        "January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December",
    ]

    /// The whole picture of one period.
    package static func render(_ report: PeriodReport, colour: Bool) -> String {
        var lines: [String] = [report.stats.current.summary]
        guard let first = report.days.first, let last = report.days.last else {
            lines.append("  Nothing to draw yet: the period has not started.")
            return lines.joined(separator: "\n") + "\n"
        }
        let byDate = Dictionary(report.days.map { ($0.date, $0) }, uniquingKeysWith: { $1 })
        var month = LocalDate(year: first.date.year, month: first.date.month, day: 1)
        while month <= last.date {
            lines.append("")
            lines += calendar(of: month, days: byDate, colour: colour)
            month =
                month.month == 12
                ? LocalDate(year: month.year + 1, month: 1, day: 1) : LocalDate(year: month.year, month: month.month + 1, day: 1)
        }
        lines.append("")
        lines += legend(colour: colour)
        lines.append("")
        lines += charts(report, colour: colour)
        return lines.joined(separator: "\n") + "\n"
    }

    /// One month as `cal` lays it out, each week followed by a line of marks: the day's mark
    /// then its strongest urge, under the day's number.
    static func calendar(of month: LocalDate, days: [LocalDate: JourneyDay], colour: Bool) -> [String] {
        let title = "\(monthNames[month.month - 1]) \(month.year)"
        let indent = max(0, (weekdayHeader.count - title.count) / 2)
        var lines = [String(repeating: " ", count: indent) + title, weekdayHeader]
        let offset = JourneyDay.weekday(of: month)
        let length = LocalDate.daysIn(month: month.month, year: month.year)
        var numbers: [String] = Array(repeating: "  ", count: offset)
        var marks: [String] = Array(repeating: "  ", count: offset)
        func flush() {
            lines.append(numbers.joined(separator: " ").trailingSpacesRemoved)
            // A week wholly outside the period has no marks: no empty line for it.
            let markLine = marks.joined(separator: " ").trailingSpacesRemoved
            if !markLine.isEmpty { lines.append(markLine) }
            numbers = []
            marks = []
        }
        for dayNumber in 1...length {
            let date = LocalDate(year: month.year, month: month.month, day: dayNumber)
            let number = dayNumber < 10 ? " \(dayNumber)" : "\(dayNumber)"
            if let day = days[date] {
                numbers.append(colour ? paint(number, markColour(day.mark), bold: day.mark != .space) : number)
                let mark = String(symbol(of: day.mark))
                let urge = String(urgeSymbol(day.strongestUrge))
                marks.append(
                    colour
                        ? paint(mark, markColour(day.mark)) + (day.strongestUrge.map { paint(urge, urgeColour($0)) } ?? " ")
                        : mark + urge)
            } else {
                numbers.append(colour ? "\u{1B}[2m\(number)\u{1B}[0m" : number)
                marks.append("  ")
            }
            if (offset + dayNumber) % 7 == 0 { flush() }
        }
        if !numbers.isEmpty { flush() }
        return lines
    }

    /// What the marks and urge levels mean.
    static func legend(colour: Bool) -> [String] {
        let marks = DayMark.allCases.map { mark in
            let symbol = String(symbol(of: mark))
            return "\(colour ? paint(symbol, markColour(mark)) : symbol) \(meaning(of: mark))"
        }
        let urges = (1...5).map { level in
            let symbol = String(urgeSymbol(level))
            return "\(colour ? paint(symbol, urgeColour(level)) : symbol) \(level)"
        }
        return [
            "Under each day: " + marks.prefix(3).joined(separator: ", "),
            "  " + marks.dropFirst(3).joined(separator: ", ") + "; a blank: outside the period",
            "Then the strongest urge of the day, 1 faint to 5 overwhelming: " + urges.joined(separator: " "),
        ]
    }

    /// Sparklines of the last weeks, urges by hour and by trigger, and the runs.
    static func charts(_ report: PeriodReport, colour: Bool) -> [String] {
        let patterns = JourneyPatterns(days: report.days)
        var lines: [String] = []
        if let from = patterns.recent.first?.date, let to = patterns.recent.last?.date {
            let urges = patterns.recentUrges
            lines.append("The last \(patterns.recent.count == 1 ? "day" : "\(patterns.recent.count) days") (\(from) to \(to)):")
            lines.append("  urges a day  \(JourneyPatterns.sparkline(urges.map { Double($0) }))  (most in a day: \(urges.max() ?? 0))")
            let moods = patterns.recentMood
            let moodLine =
                moods.contains { $0 != nil }
                ? "\(JourneyPatterns.sparkline(moods, maximum: 5))  (1 low to 5 good; a gap: no mood given)"
                : "no mood given yet"
            lines.append("  mood         \(moodLine)")
        }
        let hours = patterns.urgesByHour
        if hours.contains(where: { $0 > 0 }) {
            lines.append("Urges by hour of day:")
            lines.append(
                "  \(JourneyPatterns.sparkline(hours.map { Double($0) }))  (most at \(hourText(hours.firstIndex(of: hours.max() ?? 0) ?? 0)))"
            )
            lines.append("  0     6     12    18   23")
        }
        if !patterns.topTriggers.isEmpty {
            lines.append("What set urges off (top \(patterns.topTriggers.count)):")
            let names = patterns.topTriggers.map { label($0.trigger) }
            let width = names.map(\.count).max() ?? 0
            let most = patterns.topTriggers.first?.count ?? 1
            for (trigger, name) in zip(patterns.topTriggers, names) {
                let bar = String(repeating: "■", count: max(1, trigger.count * 20 / max(1, most)))
                let padding = String(repeating: " ", count: max(0, width - name.count))
                lines.append("  \(name)\(padding)  \(colour ? paint(bar, urgeColour(3)) : bar) \(trigger.count)")
            }
        }
        let stats = report.stats
        lines.append(
            "Runs: \(stats.runs); longest run: \(stats.longestRunDays) day\(stats.longestRunDays == 1 ? "" : "s"); "
                + "days of space in all: \(stats.totalDaysOfSpace)")
        lines.append(
            "Reflections: \(report.reflections); urges: \(report.urges) (\(report.urgesResisted) resisted); "
                + "logistics contacts: \(report.logisticsContacts)")
        if let next = stats.nextMilestone { lines.append("Next milestone: day \(next)") }
        if stats.readinessCheckDue { lines.append("The period has ended: take the readiness check, or `nocontact extend DAYS`") }
        return lines
    }

    /// A trigger as one short line for a terminal: control characters (an escape sequence
    /// typed into a trigger) become spaces, and long ones end in "…".
    static func label(_ text: String, limit: Int = 24) -> String {
        let printable = String(String.UnicodeScalarView(text.unicodeScalars.map { $0.properties.generalCategory == .control ? " " : $0 }))
        return printable.count > limit ? String(printable.prefix(limit - 1)) + "…" : printable
    }

    static func hourText(_ hour: Int) -> String { hour < 10 ? "0\(hour):00" : "\(hour):00" }

    /// 256-colour codes: greens and blues, never red.
    static func markColour(_ mark: DayMark) -> Int {
        switch mark {
        case .space: return 71  // a soft green
        case .slip: return 68  // a calm blue
        case .logistics: return 73  // teal
        case .received: return 140  // lavender
        case .paused: return 245  // grey
        }
    }

    /// Light to deep violet, from a faint urge to an overwhelming one.
    static func urgeColour(_ intensity: Int) -> Int {
        [183, 177, 141, 135, 93][min(4, max(0, intensity - 1))]
    }

    static func paint(_ text: String, _ colour: Int, bold: Bool = false) -> String {
        "\u{1B}[\(bold ? "1;" : "")38;5;\(colour)m\(text)\u{1B}[0m"
    }
}

extension String {
    /// The text without trailing spaces (calendar lines end where their last day does).
    var trailingSpacesRemoved: String {
        var text = self
        while text.hasSuffix(" ") { text.removeLast() }
        return text
    }
}
