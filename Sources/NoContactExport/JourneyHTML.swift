package import Foundation
package import NoContactCore
package import NoContactService

/// The HTML export: one self-contained page (inline CSS and SVG; no scripts, fonts, images or
/// links to fetch), readable offline on a phone or a desktop. The periods with their calendars
/// and the charts of `nocontact stats`, then everything recorded, by day.
///
/// Colours follow the no-shame rule: greens, blues and violets; a slip is a calm blue, never red.
package enum JourneyHTML {
    package static func document(_ entries: [HistoryEntry], reports: [PeriodReport], exportedAt: Date, zone: Zone) -> String {
        var html = """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <meta name="referrer" content="no-referrer">
            <meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
            <title>Your nocontact journal</title>
            <style>\(style)</style>
            </head>
            <body>
            <main>
            <h1>Your nocontact journal</h1>
            <p class="note">Exported on \(escape(LocalTimeText.format(exportedAt, in: zone))) (\(escape(zone.identifier))). Private: keep it somewhere only you can read.</p>

            """
        for report in reports {
            html += period(report)
        }
        let lengths = Dictionary(reports.map { ($0.stats.period, $0.stats.current.daysTotal) }, uniquingKeysWith: { $1 })
        let days = ExportDay.group(entries, zone: zone, lengths: lengths)
        html += "<h2>Day by day</h2>\n"
        if days.isEmpty { html += "<p>Nothing recorded yet.</p>\n" }
        for day in days {
            html += "<section class=\"day\">\n<h3>\(escape(day.heading))</h3>\n"
            for entry in day.entries { html += article(entry, zone: zone) }
            html += "</section>\n"
        }
        html += "</main>\n</body>\n</html>\n"
        return html
    }

    // MARK: Periods and charts

    static func period(_ report: PeriodReport) -> String {
        var html = "<section class=\"period\">\n<h2>\(escape(report.stats.period))</h2>\n<p>\(escape(report.stats.current.summary))</p>\n"
        guard let first = report.days.first, let last = report.days.last else {
            return html + "<p>Nothing to draw yet: the period has not started.</p>\n</section>\n"
        }
        let byDate = Dictionary(report.days.map { ($0.date, $0) }, uniquingKeysWith: { $1 })
        html += "<div class=\"months\">\n"
        var month = LocalDate(year: first.date.year, month: first.date.month, day: 1)
        while month <= last.date {
            html += calendar(of: month, days: byDate)
            month =
                month.month == 12
                ? LocalDate(year: month.year + 1, month: 1, day: 1) : LocalDate(year: month.year, month: month.month + 1, day: 1)
        }
        html += "</div>\n" + legend()
        let patterns = JourneyPatterns(days: report.days)
        if let from = patterns.recent.first?.date, let to = patterns.recent.last?.date {
            html += "<h3>The last \(patterns.recent.count) days (\(from) to \(to))</h3>\n"
            html += "<figure><figcaption>Urges a day</figcaption>\(bars(patterns.recentUrges, labels: [:]))</figure>\n"
            html +=
                "<figure><figcaption>Mood (1 low to 5 good; a gap: no mood given)</figcaption>\(moodLine(patterns.recentMood))</figure>\n"
        }
        if patterns.urgesByHour.contains(where: { $0 > 0 }) {
            html += "<figure><figcaption>Urges by hour of day</figcaption>"
            html += bars(patterns.urgesByHour, labels: [0: "0:00", 6: "6:00", 12: "12:00", 18: "18:00"]) + "</figure>\n"
        }
        if !patterns.topTriggers.isEmpty {
            html +=
                "<figure><figcaption>What set urges off (top \(patterns.topTriggers.count))</figcaption>\(triggers(patterns.topTriggers))</figure>\n"
        }
        let stats = report.stats
        html += "<p>Runs: \(stats.runs); longest run: \(stats.longestRunDays) days; days of space in all: \(stats.totalDaysOfSpace).<br>"
        html +=
            "Reflections: \(report.reflections); urges: \(report.urges) (\(report.urgesResisted) resisted); logistics contacts: \(report.logisticsContacts).</p>\n"
        return html + "</section>\n"
    }

    /// One month as an SVG grid: weeks as rows from Monday, each day coloured by its mark, a
    /// violet dot in the corner as large as the day's strongest urge.
    static func calendar(of month: LocalDate, days: [LocalDate: JourneyDay]) -> String {
        let cell = 40
        let top = 44
        let offset = JourneyDay.weekday(of: month)
        let length = LocalDate.daysIn(month: month.month, year: month.year)
        let rows = (offset + length + 6) / 7
        let height = top + rows * cell
        var svg = "<svg class=\"month\" viewBox=\"0 0 \(7 * cell) \(height)\" role=\"img\" aria-label=\"\(DateText.month(month))\">"
        svg += "<text x=\"\(7 * cell / 2)\" y=\"16\" text-anchor=\"middle\" class=\"title\">\(DateText.month(month))</text>"
        for (index, name) in ["Mo", "Tu", "We", "Th", "Fr", "Sa", "Su"].enumerated() {
            svg += "<text x=\"\(index * cell + cell / 2)\" y=\"36\" text-anchor=\"middle\" class=\"weekday\">\(name)</text>"
        }
        for dayNumber in 1...length {
            let date = LocalDate(year: month.year, month: month.month, day: dayNumber)
            let position = offset + dayNumber - 1
            let x = position % 7 * cell
            let y = top + position / 7 * cell
            let day = days[date]
            let fill = day.map { colour(of: $0.mark) } ?? "#f1f1ee"
            var title = DateText.long(date)
            if let day {
                title += ": \(JourneyPictureText.meaning(of: day.mark))"
                if !day.urges.isEmpty {
                    title += "; \(day.urges.count) urge\(day.urges.count == 1 ? "" : "s"), strongest \(day.strongestUrge ?? 0) of 5"
                }
            }
            svg += "<g><title>\(escape(title))</title>"
            svg += "<rect x=\"\(x + 2)\" y=\"\(y + 2)\" width=\"\(cell - 4)\" height=\"\(cell - 4)\" rx=\"6\" fill=\"\(fill)\"/>"
            svg +=
                "<text x=\"\(x + cell / 2)\" y=\"\(y + cell / 2 + 5)\" text-anchor=\"middle\" class=\"\(day == nil ? "outside" : "daynumber")\">\(dayNumber)</text>"
            if let strongest = day?.strongestUrge {
                svg += "<circle cx=\"\(x + cell - 9)\" cy=\"\(y + 9)\" r=\"\(2 + strongest)\" fill=\"\(urgeColour(strongest))\"/>"
            }
            svg += "</g>"
        }
        return svg + "</svg>\n"
    }

    static func legend() -> String {
        var html = "<ul class=\"legend\">"
        for mark in DayMark.allCases {
            html +=
                "<li><span class=\"swatch\" style=\"background:\(colour(of: mark))\"></span>\(escape(JourneyPictureText.meaning(of: mark)))</li>"
        }
        html += "<li>Dot: the strongest urge of the day, "
        html += (1...5).map {
            "<span class=\"dot\" style=\"background:\(urgeColour($0));width:\(4 + 2 * $0)px;height:\(4 + 2 * $0)px\"></span>\($0)"
        }
        .joined(separator: " ")
        return html + " (1 faint, 5 overwhelming)</li></ul>\n"
    }

    /// A bar chart of counts, with a few labels under their bars.
    static func bars(_ values: [Int], labels: [Int: String]) -> String {
        let width = 12
        let height = 64
        let base = 78
        let top = max(1, values.max() ?? 1)
        var svg = "<svg class=\"chart\" viewBox=\"0 0 \(max(1, values.count) * width) 80\" preserveAspectRatio=\"none\" role=\"img\">"
        for (index, value) in values.enumerated() {
            let barHeight = value == 0 ? 1 : max(3, value * height / top)
            svg +=
                "<rect x=\"\(index * width + 1)\" y=\"\(base - barHeight)\" width=\"\(width - 2)\" height=\"\(barHeight)\" rx=\"2\" fill=\"\(value == 0 ? "#dcdcd6" : urgeColour(3))\"><title>\(value)</title></rect>"
        }
        svg += "</svg>"
        guard !labels.isEmpty else { return svg }
        // Labels in HTML under their bars: text in a stretched SVG would stretch too.
        svg += "<div class=\"axis\" style=\"grid-template-columns:repeat(\(max(1, values.count)),1fr)\">"
        for (index, label) in labels.sorted(by: { $0.key < $1.key }) {
            svg += "<span style=\"grid-column:\(index + 1) / span 4\">\(escape(label))</span>"
        }
        return svg + "</div>"
    }

    /// The mood as a line over the days, with a dot for each day that has one.
    static func moodLine(_ values: [Double?]) -> String {
        let width = 12
        var svg = "<svg class=\"chart\" viewBox=\"0 0 \(max(1, values.count) * width) 80\" role=\"img\">"
        for level in 1...5 {
            let y = 70 - (level - 1) * 15
            svg += "<line x1=\"0\" x2=\"\(values.count * width)\" y1=\"\(y)\" y2=\"\(y)\" stroke=\"#e4e4de\" stroke-width=\"1\"/>"
        }
        var points: [String] = []
        for (index, value) in values.enumerated() {
            guard let value else {
                if points.count > 1 {
                    svg += "<polyline points=\"\(points.joined(separator: " "))\" fill=\"none\" stroke=\"#4f8a6b\" stroke-width=\"2\"/>"
                }
                points = []
                continue
            }
            let x = index * width + width / 2
            let y = 70 - (value - 1) * 15
            points.append("\(x),\(format(y))")
            svg += "<circle cx=\"\(x)\" cy=\"\(format(y))\" r=\"3\" fill=\"#4f8a6b\"><title>\(format(value))</title></circle>"
        }
        if points.count > 1 {
            svg += "<polyline points=\"\(points.joined(separator: " "))\" fill=\"none\" stroke=\"#4f8a6b\" stroke-width=\"2\"/>"
        }
        return svg + "</svg>"
    }

    static func triggers(_ counts: [JourneyPatterns.TriggerCount]) -> String {
        let most = max(1, counts.first?.count ?? 1)
        var html = "<table class=\"triggers\">"
        for count in counts {
            let percent = max(4, count.count * 100 / most)
            html += "<tr><td>\(escape(count.trigger))</td><td class=\"bar\"><svg viewBox=\"0 0 100 10\" preserveAspectRatio=\"none\">"
            html +=
                "<rect x=\"0\" y=\"1\" width=\"\(percent)\" height=\"8\" rx=\"2\" fill=\"\(urgeColour(3))\"/></svg></td><td>\(count.count)</td></tr>"
        }
        return html + "</table>"
    }

    // MARK: Entries

    static func article(_ entry: HistoryEntry, zone: Zone) -> String {
        var html =
            "<article class=\"\(entry.entryType.rawValue)\">\n<h4><time datetime=\"\(RFC3339.format(entry.recordedAt, in: zone))\">\(DateText.time(entry.recordedAt, in: zone))</time> · \(escape(entry.readableTitle))</h4>\n"
        let facts = entry.readableFacts
        if !facts.isEmpty { html += "<p class=\"facts\">\(facts.map(escape).joined(separator: "<br>"))</p>\n" }
        switch entry {
        case let .reflection(reflection):
            if let prompt = reflection.promptText { html += "<blockquote>\(escape(prompt))</blockquote>\n" }
            html += "<p class=\"text\">\(escape(reflection.text))</p>\n"
        case let .urge(urge):
            if let message = urge.unsentMessage {
                html += "<p class=\"facts\">The message you did not send:</p>\n<blockquote class=\"text\">\(escape(message))</blockquote>\n"
            }
        case let .contact(contact):
            if let note = contact.note { html += "<p class=\"text\">\(escape(note))</p>\n" }
        default: break
        }
        return html + "</article>\n"
    }

    // MARK: Colours and text

    /// Day colours: soft greens, blues and violets; never red.
    package static func colour(of mark: DayMark) -> String {
        switch mark {
        case .space: return "#a8d5b5"
        case .slip: return "#9dbbe6"
        case .logistics: return "#9fd3d1"
        case .received: return "#c9b8ec"
        case .paused: return "#d6d6d0"
        }
    }

    /// Light to deep violet, from a faint urge to an overwhelming one.
    package static func urgeColour(_ intensity: Int) -> String {
        ["#e2d4f7", "#c8aef0", "#a883e0", "#8658cc", "#5f35a8"][min(4, max(0, intensity - 1))]
    }

    /// Text safe inside HTML elements and attribute values.
    package static func escape(_ text: String) -> String {
        var escaped = ""
        escaped.reserveCapacity(text.utf8.count)
        for character in text {
            switch character {
            case "&": escaped += "&amp;"
            case "<": escaped += "&lt;"
            case ">": escaped += "&gt;"
            case "\"": escaped += "&quot;"
            case "'": escaped += "&#39;"
            default: escaped.append(character)
            }
        }
        return escaped
    }

    static func format(_ value: Double) -> String {
        let rounded = (value * 10).rounded() / 10
        return rounded == rounded.rounded() ? String(Int(rounded)) : String(rounded)
    }

    static let style = """
        :root{color-scheme:light;--ink:#2b2d2a;--soft:#6b6e68;--paper:#fbfbf8}
        *{box-sizing:border-box}
        body{margin:0;background:var(--paper);color:var(--ink);font:16px/1.55 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans",sans-serif}
        main{max-width:52rem;margin:0 auto;padding:1rem}
        h1{font-size:1.6rem;margin:.5rem 0}
        h2{font-size:1.3rem;margin:2rem 0 .5rem;border-bottom:1px solid #e4e4de}
        h3{font-size:1.05rem;margin:1.5rem 0 .5rem}
        h4{font-size:1rem;margin:0 0 .25rem}
        .note,.facts,figcaption{color:var(--soft)}
        .months{display:grid;grid-template-columns:repeat(auto-fill,minmax(15rem,1fr));gap:1rem}
        svg.month{width:100%;height:auto}
        svg.month .title{font-weight:600;font-size:14px;fill:var(--ink)}
        svg.month .weekday{font-size:12px;fill:var(--soft)}
        svg.month .daynumber{font-size:13px;fill:var(--ink)}
        svg.month .outside{font-size:13px;fill:#b4b4ae}
        svg.chart{width:100%;height:5rem;display:block}
        .axis{display:grid;font-size:.75rem;color:var(--soft)}
        figure{margin:1rem 0}
        .legend{list-style:none;padding:0;display:flex;flex-wrap:wrap;gap:.4rem 1rem;font-size:.9rem}
        .swatch{display:inline-block;width:1rem;height:1rem;border-radius:3px;vertical-align:-2px;margin-right:.3rem}
        .dot{display:inline-block;border-radius:50%;margin:0 .15rem 0 .4rem}
        .triggers{border-collapse:collapse;width:100%}
        .triggers td{padding:.15rem .4rem .15rem 0;white-space:nowrap}
        .triggers td.bar{width:100%}
        .triggers svg{width:100%;height:.9rem;display:block}
        article{background:#fff;border:1px solid #ebebe5;border-radius:8px;padding:.75rem 1rem;margin:.6rem 0}
        blockquote{margin:.5rem 0;padding:.1rem .8rem;border-left:3px solid #c8aef0;color:#4a4c48}
        .text{white-space:pre-wrap;overflow-wrap:anywhere}
        @media (max-width:30rem){main{padding:.6rem}body{font-size:15px}}
        @media print{article{break-inside:avoid}}
        """
}
