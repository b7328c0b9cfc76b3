import Glibc
import NoContactCore
import SQLite

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The limits the store enforces on what it is asked to save, whoever asks.
package enum JourneyLimits {
    /// Characters (grapheme clusters) of a reflection's text.
    package static let reflectionText = 100_000
    /// Characters of a message written and never sent.
    package static let unsentMessage = 100_000
    /// Characters of a note or a trigger.
    package static let note = 1_000
    /// Characters of a prompt's text kept with the reflection answering it.
    package static let promptText = 100_000
    /// Characters of a period name, a prompt id or a contact kind.
    package static let name = 1_000
    package static let mood = 1...5
    package static let intensity = 1...5
    package static let extensionDays = 1...3650
}

extension StoreError {
    /// A record refused before anything was written; `what` completes "cannot save ...".
    ///
    /// StoreError has no case for refused input yet: this is the one place to change when it
    /// gets one.
    static func rejected(_ what: String, path: String) -> StoreError {
        .io(path: path, operation: "save \(what); nothing was written to", errno: EINVAL)
    }

    /// `error`, thrown by SQLite while trying to `operation` (e.g. "save a reflection in"),
    /// as a StoreError. Only SQLite's message is kept: never the statement's arguments, so
    /// what a person wrote never reaches an error message or a log.
    static func database(_ error: any Error, path: String, operation: String) -> StoreError {
        if let error = error as? StoreError { return error }
        if let error = error as? UnknownMigrations { return .unreadable(path: path, detail: error.detail) }
        if let error = error as? Migrator.NewerSchemaError {
            return .unreadable(
                path: path, detail: "its schema is version \(error.version), newer than this nocontact knows (\(error.known))")
        }
        guard let error = error as? SQLiteError else {
            return .io(path: path, operation: "\(operation) (\(type(of: error)))", errno: EIO)
        }
        let message = error.message
        let code: Int32
        switch error.code {
        case .corrupt, .notADatabase:
            return .unreadable(path: path, detail: "SQLite: \(message)")
        case .busy, .locked: code = EBUSY
        case .full: code = ENOSPC
        case .readOnly:
            // Usually a file whose mode a person changed: name it and its mode.
            for file in [path, "\(path)-wal", "\(path)-shm"] {
                var status = stat()
                if lstat(file, &status) == 0, status.st_mode & S_IWUSR == 0 {
                    return .readOnly(path: file, operation: operation, mode: status.st_mode)
                }
            }
            code = EROFS
        case .permission, .authorization: code = EACCES
        case .noMemory: code = ENOMEM
        case .interrupted: code = EINTR
        case .constraint, .mismatch, .tooBig, .range: code = EINVAL
        default: code = EIO
        }
        return .io(path: path, operation: "\(operation) (SQLite: \(message))", errno: code)
    }
}

/// Checks of records coming from outside; each returns what is wrong, or nil.
enum JourneyValidation {
    static func problem(with reflection: Reflection) -> String? {
        let what = "a reflection"
        if let problem = common(what, reflection.recordedAt, reflection.period) { return problem }
        if reflection.text.allSatisfy({ $0.isWhitespace }) { return "\(what) whose text is empty" }
        if let problem = length(of: reflection.text, "text", at: JourneyLimits.reflectionText, what) { return problem }
        if let problem = length(of: reflection.promptID, "prompt id", at: JourneyLimits.name, what) { return problem }
        if let problem = length(of: reflection.promptText, "prompt text", at: JourneyLimits.promptText, what) { return problem }
        if let mood = reflection.mood, !JourneyLimits.mood.contains(mood) {
            return "\(what) with mood \(mood) (the mood is 1 to 5)"
        }
        return nil
    }

    static func problem(with urge: Urge) -> String? {
        let what = "an urge"
        if let problem = common(what, urge.recordedAt, urge.period) { return problem }
        if !JourneyLimits.intensity.contains(urge.intensity) {
            return "\(what) of intensity \(urge.intensity) (the intensity is 1 to 5)"
        }
        if let after = urge.intensityAfter, !JourneyLimits.intensity.contains(after) {
            return "\(what) of intensity \(after) after the pause (the intensity is 1 to 5)"
        }
        if let problem = length(of: urge.trigger, "trigger", at: JourneyLimits.note, what) { return problem }
        if let problem = length(of: urge.unsentMessage, "unsent message", at: JourneyLimits.unsentMessage, what) { return problem }
        return nil
    }

    static func problem(with contact: Contact) -> String? {
        let what = contact.kind == .slip ? "a slip" : "a contact"
        if let problem = common(what, contact.recordedAt, contact.period) { return problem }
        if case let .logistics(kind) = contact.kind {
            if kind.isEmpty { return "\(what) without a kind" }
            if kind == "slip" { return "\(what) of logistics kind \"slip\" (a slip is Contact.Kind.slip)" }
            if let problem = length(of: kind, "kind", at: JourneyLimits.name, what) { return problem }
        }
        if let problem = length(of: contact.note, "note", at: JourneyLimits.note, what) { return problem }
        if let problem = length(of: contact.trigger, "trigger", at: JourneyLimits.note, what) { return problem }
        return nil
    }

    static func problem(with periodExtension: PeriodExtension) -> String? {
        let what = "an extension"
        if let problem = common(what, periodExtension.recordedAt, periodExtension.period) { return problem }
        if !JourneyLimits.extensionDays.contains(periodExtension.days) {
            return "\(what) of \(periodExtension.days) days (an extension is 1 to 3650 days)"
        }
        return nil
    }

    static func problem(with delivery: DeliveryRecord) -> String? {
        let what = "a \(delivery.kind.rawValue) delivery"
        if let problem = common(what, delivery.deliveredAt, delivery.period) { return problem }
        if !delivery.due.timeIntervalSince1970.isFinite { return "\(what) with an impossible due time" }
        if let problem = length(of: delivery.promptID, "prompt id", at: JourneyLimits.name, what) { return problem }
        return nil
    }

    /// What every record has: an instant and a period name.
    private static func common(_ what: String, _ instant: Date, _ period: String) -> String? {
        if !instant.timeIntervalSince1970.isFinite { return "\(what) with an impossible time" }
        if period.isEmpty { return "\(what) without a period name" }
        return length(of: period, "period name", at: JourneyLimits.name, what)
    }

    /// Also refuses NUL, at which C strings (and so many tools reading the file) end the text.
    private static func length(of text: String?, _ field: String, at limit: Int, _ what: String) -> String? {
        guard let text else { return nil }
        if text.utf8.contains(0) { return "\(what) whose \(field) contains a NUL character" }
        guard text.utf8.count > limit else { return nil }  // fast path: bytes >= characters
        let count = text.count
        guard count > limit else { return nil }
        return "\(what) whose \(field) has \(count) characters (at most \(limit))"
    }
}
