import Foundation
import NoContactCore
import NoContactService
import Testing

@testable import NoContactExport

/// The renderers of `stats` and the exports, on a small invented journey in Berlin.
@Suite("Journey pictures and exports")
struct JourneyPictureTests {
    static let berlin = try! SystemTimeZone.load("Europe/Berlin", environment: [:])
    static let nov20 = LocalDate(year: 2026, month: 11, day: 20)

    static func at(_ text: String) -> Date {
        RFC3339.parse(text)!
    }

    static let entries: [HistoryEntry] = [
        .reflection(
            Reflection(
                id: 1, recordedAt: at("2026-11-20T21:04:00+01:00"), period: "Sam", day: 1, promptID: "space-01",
                promptText: "What does space give you today?", mood: 3, text: "Quiet.\n# not a heading\n<b>not bold</b>")),
        .urge(
            Urge(
                id: 1, recordedAt: at("2026-11-21T22:10:00+01:00"), period: "Sam", day: 2, intensity: 4, trigger: "our song",
                unsentMessage: "I miss you")),
        .contact(Contact(id: 1, recordedAt: at("2026-11-23T20:00:00+01:00"), period: "Sam", day: 4, kind: .slip, note: "sent a text")),
        .contact(Contact(id: 2, recordedAt: at("2026-11-24T09:00:00+01:00"), period: "Sam", day: 1, kind: .logistics("children"))),
        .delivery(
            DeliveryRecord(
                id: 1, kind: .prompt, period: "Sam", day: 1, promptID: "space-01", due: at("2026-11-20T21:00:00+01:00"),
                deliveredAt: at("2026-11-20T21:00:00+01:00"), late: false)),
    ]

    static func report() -> PeriodReport {
        let days = JourneyDays.series(
            period: "Sam", from: nov20, through: LocalDate(year: 2026, month: 12, day: 2), entries: entries, pauses: [], zone: berlin)
        // PeriodStats has no public memberwise initialiser: its JSON is its contract.
        let stats = try! JSONDecoder().decode(
            PeriodStats.self,
            from: Data(
                """
                {"period": "Sam", "current": {"period": "Sam", "day": 10, "days_total": 30, "days_left": 21, "start": "2026-11-23",
                 "ends": null, "closed": false},
                 "runs": 2, "slips": 1, "longest_run_days": 3, "total_days_of_space": 12, "next_milestone": 14, "readiness_check_due": false}
                """.utf8))
        return PeriodReport(
            stats: stats, reflections: 1, urges: 1, urgesResisted: 1, logisticsContacts: 1, milestonesReached: [], days: days)
    }

    /// `cal`'s layout: the header, November 2026 starting on a Sunday, December on a Tuesday;
    /// a line of marks under each week; the legend; no escape sequences without colour.
    @Test func calendarWithoutColour() {
        let text = JourneyPictureText.render(Self.report(), colour: false)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(lines.contains("Mo Tu We Th Fr Sa Su"))
        #expect(lines.contains("   November 2026"))
        #expect(lines.contains("                   1"))
        #expect(lines.contains("16 17 18 19 20 21 22"))
        // Under 20, 21, 22: space with mood only, an urge of 4, space.
        #expect(lines.contains("            ·  ·▄ ·"))
        #expect(lines.contains("23 24 25 26 27 28 29"))
        #expect(lines.contains("s  l  ·  ·  ·  ·  ·"))
        #expect(lines.contains("    1  2  3  4  5  6"))
        #expect(text.contains("Under each day: · a day of space"))
        #expect(text.contains("▁ 1 ▂ 2 ▃ 3 ▄ 4 ▅ 5"))
        #expect(text.contains("our song"))
        #expect(text.contains("Runs: 2; longest run: 3 days"))
        #expect(!text.contains("\u{1B}"))
    }

    /// Triggers are one short, harmless line: no escape sequences from what was typed.
    @Test func triggerLabels() {
        #expect(JourneyPictureText.label("our song") == "our song")
        #expect(JourneyPictureText.label("a\u{1B}[31mred\nline") == "a [31mred line")
        #expect(JourneyPictureText.label(String(repeating: "x", count: 30)) == String(repeating: "x", count: 23) + "…")
    }

    /// With colour: 256-colour codes, and never a red one (1, 9, 160, 196 and friends).
    @Test func colourIsNeverRed() {
        let text = JourneyPictureText.render(Self.report(), colour: true)
        #expect(text.contains("\u{1B}[1;38;5;68m23\u{1B}[0m"))
        for red in ["[31m", "[91m", ";5;1m", ";5;9m", ";5;160m", ";5;196m", ";5;124m"] {
            #expect(!text.contains(red))
        }
    }

    /// The HTML page: self-contained, calendars and charts as SVG, text escaped, prompt as a
    /// quote, no red, nothing to fetch.
    @Test func html() {
        let html = JourneyHTML.document(
            Self.entries, reports: [Self.report()], exportedAt: Self.at("2026-12-02T10:00:00+01:00"), zone: Self.berlin)
        #expect(html.hasPrefix("<!DOCTYPE html>"))
        #expect(html.contains("<svg"))
        #expect(html.contains("Mo</text>"))
        #expect(!html.contains("http://") && !html.contains("https://"))
        #expect(!html.contains("<script") && !html.contains("src=") && !html.contains("@import") && !html.contains("url("))
        #expect(html.contains("&lt;b&gt;not bold&lt;/b&gt;"))
        #expect(html.contains("<blockquote>What does space give you today?</blockquote>"))
        #expect(html.contains("Friday 20 November 2026 · day 1 of 30"))
        #expect(html.contains("I miss you"))
        // Every colour is green, blue, violet or grey: never one where red leads.
        let colours = html.matches(of: /#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})\b/).compactMap { match -> (Int, Int, Int)? in
            guard let red = Int(match.1, radix: 16), let green = Int(match.2, radix: 16), let blue = Int(match.3, radix: 16) else {
                return nil
            }
            return (red, green, blue)
        }
        #expect(colours.count > 10)
        #expect(colours.allSatisfy { !($0.0 > $0.1 + 30 && $0.0 > $0.2 + 30) })
        #expect(!html.contains("Prompt delivered"))
    }

    /// Markdown to read: a title, a section per day, local times, the prompt quoted above the
    /// answer, the person's own "#" kept from becoming a heading, no field blocks or epochs.
    @Test func markdown() {
        let text = JourneyExport.markdown(
            Self.entries, exportedAt: Self.at("2026-12-02T10:00:00+01:00"), zone: Self.berlin, lengths: ["Sam": 30])
        #expect(text.hasPrefix("# "))
        #expect(text.contains("\n## Friday 20 November 2026 · day 1 of 30\n"))
        #expect(
            text.contains(
                "\n### 21:04 · Reflection\n\nMood: 3 of 5\n\n> What does space give you today?\n\nQuiet.  \n\\# not a heading  \n<b>not bold</b>\n"
            ))
        #expect(text.contains("### 22:10 · Urge, 4 of 5"))
        #expect(text.contains("After: our song"))
        #expect(text.contains("> I miss you"))
        #expect(text.contains("## Monday 23 November 2026 · day 4 of 30\n\n### 20:00 · Got in touch"))
        #expect(!text.contains("recorded_at"))
        #expect(!text.contains("---"))
        #expect(text.range(of: #"\b1[78]\d{8}\b"#, options: .regularExpression) == nil)
    }

    /// One file per recorded entry, front matter first, names sorting by local time.
    @Test func entryFiles() throws {
        let files = JourneyEntryFiles.files(Self.entries, zone: Self.berlin)
        #expect(files.count == 4)
        #expect(files.map(\.name) == files.map(\.name).sorted())
        #expect(files.first?.name == "2026-11-20-210400-000000-reflection-1.md")
        let reflection = try #require(files.first?.contents)
        #expect(
            reflection.hasPrefix(
                "---\ndate: 2026-11-20T21:04:00.000000+01:00\ntype: reflection\nperiod: \"Sam\"\nday: 1\nprompt: \"What does space give you today?\"\n"
            ))
        #expect(reflection.contains("mood: 3\n"))
        #expect(reflection.contains("tags: [\"nocontact\", \"reflection\"]\n---\n"))
        #expect(files[1].contents.contains("intensity: 4\n"))
        #expect(Set(files.map(\.name)).count == files.count)
    }

    /// JSON version 2: RFC 3339 instants, ids unique across kinds, and it reads back; a
    /// version 1 document still reads.
    @Test func jsonVersions() throws {
        let text = try JourneyExport.json(Self.entries, exportedAt: Self.at("2026-12-02T10:00:00+01:00"), zone: Self.berlin)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        #expect(object["version"] as? Int == 2)
        #expect(object["exported_at"] as? String == "2026-12-02T10:00:00.000000+01:00")
        let ids = try #require((object["entries"] as? [[String: Any]])?.compactMap { $0["id"] as? String })
        #expect(ids.count == 5 && Set(ids).count == 5)
        #expect(ids.contains("urge-1") && ids.contains("contact-2"))
        #expect(try JourneyExport.readJSON(text) == Self.entries)

        let version1 = """
            {"format": "nocontact-export", "version": 1, "exported_at": 1796202000, "entries": [
              {"type": "urge", "id": 7, "recorded_at": 1795813800, "period": "Sam", "day": 2, "intensity": 4, "resisted": true}]}
            """
        #expect(
            try JourneyExport.readJSON(version1) == [
                .urge(Urge(id: 7, recordedAt: Date(timeIntervalSince1970: 1_795_813_800), period: "Sam", day: 2, intensity: 4))
            ])
        #expect(throws: JourneyExport.ReadError.self) {
            try JourneyExport.readJSON(#"{"format": "nocontact-export", "version": 3, "entries": []}"#)
        }
    }
}
