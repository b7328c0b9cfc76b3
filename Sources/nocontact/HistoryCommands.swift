import ArgumentParser
import Foundation
import Glibc
import NoContactCore
import NoContactExport
import NoContactPlatform
import NoContactService

/// Reads `--since`: a local date (YYYY-MM-DD) or a number of days back ("7d").
struct SinceOption: ParsableArguments {
    @Option(help: ArgumentHelp("Only entries since this day (YYYY-MM-DD, local time) or this many days back (e.g. 7d).", valueName: "when"))
    var since: String?

    // Checked while parsing, so that a bad value prints the usage of the command it was given to.
    func validate() throws {
        _ = try instant()
    }

    func instant(now: Date = Date()) throws -> Date? {
        guard let since else { return nil }
        let zone = SystemTimeZone.resolve(environment: ProcessEnvironment.current)
        if since.hasSuffix("d"), let days = Int(since.dropLast()), days >= 0 {
            return zone.startOfDay(zone.localDate(at: now).adding(days: -days))
        }
        guard let day = LocalDate(iso: since)
        else { throw ValidationError("--since takes a day like 2026-11-20, or a number of days back like 7d") }
        return zone.startOfDay(day)
    }
}

/// `nocontact history`.
struct HistoryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "history", abstract: "Show what you recorded and what was delivered, oldest first.")

    @OptionGroup var since: SinceOption

    @Option(
        name: .customLong("kind"),
        help: ArgumentHelp(
            "Only this kind (repeatable): \(HistoryKind.allCases.map(\.rawValue).joined(separator: ", ")).", valueName: "kind"),
        completion: .list(HistoryKind.allCases.map(\.rawValue)))
    var kinds: [String] = []

    @OptionGroup var options: SharedOptions

    // Checked while parsing, so that a bad kind prints history's usage, not nocontact's.
    func validate() throws {
        for name in kinds where HistoryKind(rawValue: name) == nil {
            throw ValidationError(
                "--kind \(name) is not a kind; choose from \(HistoryKind.allCases.map(\.rawValue).joined(separator: ", "))")
        }
    }

    func run() throws {
        let parsedKinds = kinds.compactMap(HistoryKind.init(rawValue:))
        let start = try since.instant()
        let entries: [HistoryEntry]
        do {
            entries = try ServiceConnection.open(options).service.history(since: start, kinds: parsedKinds.isEmpty ? nil : parsedKinds)
        } catch {
            throw Output.fail(error)
        }
        if options.json {
            try Output.json(entries, dates: .secondsSince1970)
            return
        }
        if entries.isEmpty { print("Nothing recorded yet.") }
        let zone = SystemTimeZone.resolve(environment: ProcessEnvironment.current)
        for entry in entries {
            print("\(LocalTimeText.format(entry.recordedAt, in: zone))  \(HistoryFormatting.line(for: entry))")
        }
    }
}

/// `nocontact stats`.
struct StatsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stats",
        abstract: "Show each period's story: a calendar of its days, urges and mood over the last weeks, runs and longest run.")

    @OptionGroup var options: SharedOptions

    func run() throws {
        let reports: [PeriodReport]
        do {
            reports = try ServiceConnection.open(options).service.stats()
        } catch {
            throw Output.fail(error)
        }
        if options.json {
            try Output.json(reports)
            return
        }
        // Calendars, charts and runs; colour only at a terminal without NO_COLOR.
        let colour = TerminalStyle.standardOutput.isEnabled
        print(reports.map { JourneyPictureText.render($0, colour: colour) }.joined(separator: "\n"), terminator: "")
    }
}

/// One line per history entry for people.
enum HistoryFormatting {
    static func line(for entry: HistoryEntry) -> String {
        switch entry {
        case let .reflection(reflection):
            let mood = reflection.mood.map { " (mood \($0)/5)" } ?? ""
            return
                "reflection, day \(reflection.day) of \(reflection.period)\(mood): \(reflection.text.replacingOccurrences(of: "\n", with: " "))"
        case let .urge(urge):
            let trigger = urge.trigger.map { ", after \($0)" } ?? ""
            return
                "urge \(urge.intensity)/5, day \(urge.day) of \(urge.period)\(trigger), \(urge.resisted ? "resisted" : "acted on")\(urge.unsentMessage == nil ? "" : ", with an unsent message")"
        case let .contact(contact):
            let note = contact.note.map { ": \($0)" } ?? ""
            return contact.kind == .slip
                ? "slip on day \(contact.day) of \(contact.period)\(note)"
                : "\(contact.kind.name) contact, day \(contact.day) of \(contact.period)\(note)"
        case let .periodExtension(extension_):
            return "\(extension_.period)'s period extended by \(extension_.days) days"
        case let .delivery(delivery):
            return
                "\(delivery.kind.rawValue) delivered, day \(delivery.day) of \(delivery.period)\(delivery.promptID.map { " (\($0))" } ?? "")\(delivery.late ? ", late" : "")"
        }
    }
}
