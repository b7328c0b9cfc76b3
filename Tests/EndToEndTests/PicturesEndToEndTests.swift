import Foundation
import Glibc
import NoContactCore
import NoContactExport
import NoContactService
import NoContactStore
import TestSupport
import Testing

/// `stats` pictures and the exports on a journey of 60 days (slips, urges, moods, a pause,
/// 200 reflections) written into a real store, through the daemon and offline; the HTML page
/// rendered by headless Chromium at phone and desktop widths.
@Suite("pictures end to end", .serialized, .enabled(if: Environment.isReady, "needs scripts/test (private journald)"))
struct PicturesEndToEndTests {
    static let repository = CareEndToEndTests.repository
    static let pngInk = "\(repository)/Tests/EndToEndTests/Support/png-ink.py"
    static let days = 60

    /// A period that started 59 days ago (today is day 60), in UTC.
    static func config() -> String {
        """
        timezone = "UTC"

        [[period]]
        name = "Sam"
        start = \(LocalDate(Date().addingTimeInterval(-Double(days - 1) * 86_400), in: DaemonEndToEndTests.utcZone))
        days = 90
        allow = ["children"]
        """
    }

    /// Writes the journey into the store: 200 reflections with moods and prompts, two urges on
    /// most days, slips on days 15 and 33, logistics and a message received, a pause on day 45.
    static func makeJourney(in sandbox: Sandbox) throws -> Int {
        let store = try JourneyStore(directory: "\(sandbox.root)/state/nocontact")
        let zone = DaemonEndToEndTests.utcZone
        let start = zone.startOfDay(zone.localDate(at: Date().addingTimeInterval(-Double(days - 1) * 86_400)))
        func at(day: Int, hour: Double) -> Date { start.addingTimeInterval(Double(day - 1) * 86_400 + hour * 3600) }
        let now = Date()
        var count = 0
        let triggers = ["our song", "late night", "photos", "payday", "a friend's wedding", "weekend"]
        for index in 0..<200 {
            let day = 1 + index * (days - 1) / 200
            let instant = at(day: day, hour: 7 + Double(index % 4) * 4)
            guard instant < now else { continue }
            _ = try store.add(
                Reflection(
                    recordedAt: instant, period: "Sam", day: day, promptID: "space-01", promptText: "What does space give you today?",
                    mood: 1 + index % 5, text: "Reflection \(index): a line\nand another"))
            count += 1
        }
        for day in 1...days where day % 7 != 3 {
            for (offset, hour) in [9.5, 22.25].enumerated() where (day + offset) % 3 != 0 {
                let instant = at(day: day, hour: hour)
                guard instant < now else { continue }
                _ = try store.add(
                    Urge(
                        recordedAt: instant, period: "Sam", day: day, intensity: 1 + (day + offset) % 5,
                        trigger: triggers[(day + offset) % triggers.count],
                        resisted: true, unsentMessage: day % 5 == 0 ? "I wanted to say hello" : nil))
                count += 1
            }
        }
        for (day, kind) in [(15, Contact.Kind.slip), (33, .slip), (20, .logistics("children")), (40, .received)] {
            _ = try store.add(Contact(recordedAt: at(day: day, hour: 18), period: "Sam", day: day, kind: kind, note: "noted on day \(day)"))
            count += 1
        }
        _ = try store.pause(from: at(day: 45, hour: 8), until: at(day: 45, hour: 20))
        return count
    }

    /// `stats` draws the calendar with its header and legend, and `stats --json` has one record
    /// per day, through the daemon and offline.
    @Test(arguments: [true, false])
    func stats(throughDaemon: Bool) throws {
        let sandbox = try Sandbox()
        defer { sandbox.remove() }
        try sandbox.writeConfig(Self.config())
        _ = try Self.makeJourney(in: sandbox)
        let notify = try NotifyReceiver(directory: sandbox.root)
        let daemon = throughDaemon ? try DaemonEndToEndTests.startDaemon(in: sandbox, notify: notify) : nil
        defer {
            daemon?.signal(SIGTERM)
            _ = try? daemon?.waitForExit()
        }

        let text = try JourneyEndToEndTests.cli(sandbox, ["stats"])
        #expect(text.status == 0)
        #expect(text.stdout.contains("Mo Tu We Th Fr Sa Su"))
        #expect(text.stdout.contains("Under each day: · a day of space"))
        #expect(text.stdout.contains("strongest urge of the day"))
        #expect(text.stdout.contains("Urges by hour of day"))
        #expect(text.stdout.contains("What set urges off (top "))
        #expect(text.stdout.contains("Runs: 3"))
        // Not a terminal: plain text.
        #expect(!text.stdout.contains("\u{1B}"))

        let json = try JourneyEndToEndTests.cli(sandbox, ["stats", "--json"])
        #expect(json.status == 0)
        let reports = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: Any]])
        let days = try #require(reports.first?["days"] as? [[String: Any]])
        #expect(days.count == Self.days)
        #expect(Set(days.compactMap { $0["date"] as? String }).count == Self.days)
        #expect(days[14]["mark"] as? String == "slip")
        #expect(days[19]["mark"] as? String == "logistics")
        #expect(days[39]["mark"] as? String == "received")
        #expect(days[44]["mark"] as? String == "paused")
        #expect(days.contains { ($0["urges"] as? [Any])?.isEmpty == false })
        #expect(days.contains { $0["mood"] is Double || $0["mood"] is Int })
    }

    /// At a terminal the calendar is coloured (256 colours, none of them red); with `NO_COLOR`
    /// it is the same picture in plain characters.
    @Test func colourAtATerminal() throws {
        let sandbox = try Sandbox()
        defer { sandbox.remove() }
        try sandbox.writeConfig(Self.config())
        _ = try Self.makeJourney(in: sandbox)
        var environment = sandbox.environment
        environment["TERM"] = "xterm-256color"
        environment.removeValue(forKey: "NO_COLOR")
        let steps = #"[["expect","Runs:"]]"#
        let coloured = try run(
            "/usr/bin/python3", [CareEndToEndTests.terminalSession, steps, "--", Binaries.cli, "stats"], environment: environment,
            timeout: 60)
        #expect(coloured.status == 0, "\(coloured.stdout)")
        #expect(coloured.stdout.contains("Mo Tu We Th Fr Sa Su"))
        #expect(coloured.stdout.contains("\u{1B}[38;5;71m·\u{1B}[0m"), "a day of space in soft green")
        #expect(coloured.stdout.contains("\u{1B}[1;38;5;68m"), "a slip in calm blue")
        for red in ["[31m", "[91m", ";5;1m", ";5;9m", ";5;160m", ";5;196m", ";5;124m"] {
            #expect(!coloured.stdout.contains(red))
        }
        environment["NO_COLOR"] = "1"
        let plain = try run(
            "/usr/bin/python3", [CareEndToEndTests.terminalSession, steps, "--", Binaries.cli, "stats"], environment: environment,
            timeout: 60)
        #expect(plain.status == 0)
        #expect(plain.stdout.contains("Mo Tu We Th Fr Sa Su"))
        #expect(plain.stdout.contains("s got in touch"))
        #expect(!plain.stdout.contains("\u{1B}["))
    }

    /// Every export of the long journey: HTML (self-contained, rendered by Chromium), Markdown
    /// to read, one file per entry, JSON version 2 against the schema; all 0600, none overwrites.
    @Test func exports() throws {
        let sandbox = try Sandbox()
        defer { sandbox.remove() }
        try sandbox.writeConfig(Self.config())
        let recorded = try Self.makeJourney(in: sandbox)

        // HTML.
        let html = "\(sandbox.root)/journal.html"
        let exported = try JourneyEndToEndTests.cli(sandbox, ["export", "--format", "html", "--output", html])
        #expect(exported.status == 0)
        #expect(try Self.mode(html) == 0o600)
        let page = try String(contentsOfFile: html, encoding: .utf8)
        #expect(page.contains("<svg"))
        #expect(!page.contains("http://") && !page.contains("https://"))
        #expect(page.contains("What does space give you today?"))
        #expect(page.contains("I wanted to say hello"))
        #expect(try JourneyEndToEndTests.cli(sandbox, ["export", "--format", "html", "--output", html]).status == 1)
        for width in [390, 1280] {
            let (ink, consoleLines) = try Self.screenshot(html, width: width, into: sandbox.root)
            #expect(ink > 0.02, "the picture at \(width) px is blank")
            #expect(consoleLines.isEmpty, "console messages at \(width) px: \(consoleLines)")
        }

        // Markdown.
        let markdown = try JourneyEndToEndTests.cli(sandbox, ["export", "--format", "markdown"])
        #expect(markdown.status == 0)
        #expect(markdown.stdout.hasPrefix("# "))
        #expect(!markdown.stdout.contains("recorded_at:"))
        #expect(markdown.stdout.contains("· day 1 of 90\n"))
        #expect(markdown.stdout.contains("> What does space give you today?"))
        #expect(markdown.stdout.range(of: #"\b1[78]\d{8}(\.\d+)?\b"#, options: .regularExpression) == nil)

        // One file per entry.
        let directory = "\(sandbox.root)/entries"
        let files = try JourneyEndToEndTests.cli(sandbox, ["export", "--format", "yaml", "--output", directory])
        #expect(files.status == 0)
        let names = try FileManager.default.contentsOfDirectory(atPath: directory).sorted()
        #expect(names.count == recorded)
        for name in names {
            let path = "\(directory)/\(name)"
            #expect(try Self.mode(path) == 0o600)
            let contents = try String(contentsOfFile: path, encoding: .utf8)
            let lines = contents.split(separator: "\n", maxSplits: 2).map(String.init)
            #expect(lines.first == "---")
            #expect(lines.count > 1 && lines[1].wholeMatch(of: /date: \d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)/) != nil)
        }
        let again = try JourneyEndToEndTests.cli(sandbox, ["export", "--format", "yaml", "--output", directory])
        #expect(again.status == 1)
        #expect(again.stderr.contains("nothing is overwritten"))

        // JSON version 2.
        let jsonPath = "\(sandbox.root)/export.json"
        #expect(try JourneyEndToEndTests.cli(sandbox, ["export", "--format", "json", "--output", jsonPath]).status == 0)
        let document = try JourneyEndToEndTests.json(try String(contentsOfFile: jsonPath, encoding: .utf8))
        #expect(document["version"] as? Int == 2)
        let entries = try #require(document["entries"] as? [[String: Any]])
        let rfc3339 = /\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)/
        #expect(
            entries.allSatisfy { ($0["recorded_at"] as? String)?.wholeMatch(of: rfc3339) != nil || $0["type"] as? String == "delivery" })
        let ids = entries.compactMap { $0["id"] as? String }
        #expect(ids.count == entries.count && Set(ids).count == ids.count)
        let validation = try run(
            "/usr/bin/python3", [SupportScripts.path("schema-check.py"), "\(Self.repository)/docs/export.schema.json", jsonPath])
        #expect(validation.status == 0, "\(validation.stdout)\(validation.stderr)")
        let stored = try JourneyStore(directory: "\(sandbox.root)/state/nocontact").history(since: nil, kinds: nil)
        let read = try JourneyExport.readJSON(try String(contentsOfFile: jsonPath, encoding: .utf8))
        #expect(read.count == stored.count)
        #expect(zip(read, stored).allSatisfy { abs($0.recordedAt.timeIntervalSince($1.recordedAt)) < 0.000_001 })
    }

    /// Over a couple of thousand entries a terminal sees progress; a pipe sees only the result.
    @Test func progressOfALargeExport() throws {
        let sandbox = try Sandbox()
        defer { sandbox.remove() }
        try sandbox.writeConfig(Self.config())
        let store = try JourneyStore(directory: "\(sandbox.root)/state/nocontact")
        let start = Date().addingTimeInterval(-40 * 86_400)
        let count = 2_100
        for index in 0..<count {
            _ = try store.add(
                Urge(
                    recordedAt: start.addingTimeInterval(Double(index) * 1_500), period: "Sam", day: 1 + index / 60,
                    intensity: 1 + index % 5))
        }
        let steps = #"[["expect","Exported 2100 entries"]]"#
        let atTerminal = try run(
            "/usr/bin/python3",
            [
                CareEndToEndTests.terminalSession, steps, "--", Binaries.cli, "export", "--format", "yaml", "--output",
                "\(sandbox.root)/terminal",
            ],
            environment: sandbox.environment, timeout: 120)
        #expect(atTerminal.status == 0, "\(atTerminal.stdout.suffix(500))")
        #expect(atTerminal.stdout.contains("Writing 2100 of 2100 files"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: "\(sandbox.root)/terminal").count == count)

        let piped = try JourneyEndToEndTests.cli(sandbox, ["export", "--format", "yaml", "--output", "\(sandbox.root)/piped"])
        #expect(piped.status == 0)
        #expect(!piped.stderr.contains("Writing"))
        #expect(piped.stderr.contains("Exported 2100 entries"))
    }

    static func mode(_ path: String) throws -> mode_t {
        var status = stat()
        guard stat(path, &status) == 0 else { throw E2EError("cannot stat \(path)") }
        return status.st_mode & 0o777
    }

    /// Renders `html` in headless Chromium `width` pixels wide; returns the share of pixels that
    /// are not the background, and the page's console messages.
    static func screenshot(_ html: String, width: Int, into directory: String) throws -> (ink: Double, console: [String]) {
        let png = "\(directory)/page-\(width).png"
        let chromium = try run(
            "/usr/bin/chromium",
            [
                "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--no-first-run",
                "--user-data-dir=\(directory)/chromium",
                "--enable-logging=stderr", "--v=0", "--window-size=\(width),1600", "--screenshot=\(png)", "file://\(html)",
            ], timeout: 120)
        guard chromium.status == 0, FileManager.default.fileExists(atPath: png) else {
            throw E2EError("chromium failed (\(chromium.status)): \(chromium.stderr.suffix(2000))")
        }
        let console = chromium.stderr.split(separator: "\n").map(String.init).filter { $0.contains("CONSOLE") || $0.contains("Uncaught") }
        let measured = try run("/usr/bin/python3", [pngInk, png], timeout: 120)
        let fields = measured.stdout.split(separator: " ")
        guard measured.status == 0, fields.count == 3, let ink = Double(fields[2].trimmingCharacters(in: .whitespacesAndNewlines)) else {
            throw E2EError("cannot read \(png): \(measured.stderr)")
        }
        #expect(Int(fields[0]) == width)
        return (ink, console)
    }
}
