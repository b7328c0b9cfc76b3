import Glibc
package import Logging
import Synchronization

/// Where log lines end up: the journal when one accepts them, else standard error.
///
/// Shared by every `JournalLogHandler` of the process, so that the switch to standard error is
/// announced once, not once per logger.
package final class LogSink: Sendable {
    private struct State {
        var journalWorks = true
    }

    private let state = Mutex(State())
    private let identifier: String
    /// Also copy lines to standard error, e.g. when it is a terminal someone is watching.
    private let mirrorToStandardError: Bool
    private let journalEnabled: Bool

    /// - Parameters:
    ///   - identifier: the journal's `SYSLOG_IDENTIFIER`.
    ///   - journalEnabled: false to log to standard error only.
    package init(identifier: String, mirrorToStandardError: Bool, journalEnabled: Bool = true) {
        self.identifier = identifier
        self.mirrorToStandardError = mirrorToStandardError
        self.journalEnabled = journalEnabled
    }

    /// The process's sink for `nocontactd`, mirroring to standard error when it is a terminal.
    package static func standard(identifier: String) -> LogSink {
        LogSink(identifier: identifier, mirrorToStandardError: isatty(STDERR_FILENO) == 1)
    }

    /// Writes one entry; `fields` must not contain MESSAGE, PRIORITY or SYSLOG_IDENTIFIER.
    /// - Returns: whether the journal accepted it.
    @discardableResult
    package func write(message: String, priority: Int, fields: [JournalField] = []) -> Bool {
        var accepted = false
        if journalEnabled {
            let entry =
                [
                    JournalField("MESSAGE", message), JournalField("PRIORITY", String(priority)),
                    JournalField("SYSLOG_IDENTIFIER", identifier),
                ] + fields
            switch Journal.send(entry) {
            case .sent:
                accepted = true
                let recovered = state.withLock { state in
                    defer { state.journalWorks = true }
                    return !state.journalWorks
                }
                if recovered { writeStandardError("the journal accepts entries again; logging there") }
            case let .unavailable(reason):
                let isFirst = state.withLock { state in
                    defer { state.journalWorks = false }
                    return state.journalWorks
                }
                if isFirst { writeStandardError("cannot log to the journal (\(reason)); logging to standard error instead") }
            }
        }
        if !accepted || mirrorToStandardError {
            writeStandardError(message)
        }
        return accepted
    }

    private func writeStandardError(_ line: String) {
        let text = "\(identifier): \(line)\n"
        _ = text.utf8CString.withUnsafeBufferPointer { buffer in
            // One write per line keeps lines whole when several threads log.
            Glibc.write(STDERR_FILENO, buffer.baseAddress, buffer.count - 1)
        }
    }
}

/// A swift-log handler that writes to the journal through a shared `LogSink`.
package struct JournalLogHandler: LogHandler {
    package var metadata: Logger.Metadata = [:]
    package var logLevel: Logger.Level = .info
    package var metadataProvider: Logger.MetadataProvider?
    private let sink: LogSink

    package init(sink: LogSink) {
        self.sink = sink
    }

    package subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    package func log(event: LogEvent) {
        let merged = metadata.merging(event.metadata ?? [:]) { $1 }
        var fields: [JournalField] = []
        var suffix = ""
        for (key, value) in merged.sorted(by: { $0.key < $1.key }) {
            let name = "NOCONTACT_" + key.uppercased()
            if Journal.isValidFieldName(name) { fields.append(JournalField(name, "\(value)")) }
            suffix += " \(key)=\(value)"
        }
        sink.write(message: "\(event.message)\(suffix)", priority: Self.priority(of: event.level), fields: fields)
    }

    /// syslog priorities as the journal expects them.
    static func priority(of level: Logger.Level) -> Int {
        switch level {
        case .trace, .debug: return 7
        case .info: return 6
        case .notice: return 5
        case .warning: return 4
        case .error: return 3
        case .critical: return 2
        }
    }
}
