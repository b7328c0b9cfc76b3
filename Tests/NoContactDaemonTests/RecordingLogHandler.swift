import Logging
import Synchronization

/// Keeps every log line, for tests that check what a channel says and how often.
final class LogRecorder: Sendable {
    struct Line: Sendable, Equatable {
        var level: Logger.Level
        var message: String
    }

    private let lines = Mutex<[Line]>([])

    /// A logger that writes here.
    var logger: Logger {
        Logger(label: "test") { _ in RecordingLogHandler(recorder: self) }
    }

    var recorded: [Line] { lines.withLock { $0 } }

    func record(_ line: Line) {
        lines.withLock { $0.append(line) }
    }

    /// Lines at `level` or above containing `text`.
    func lines(containing text: String, atLeast level: Logger.Level = .trace) -> [Line] {
        recorded.filter { $0.level >= level && $0.message.contains(text) }
    }
}

struct RecordingLogHandler: LogHandler {
    let recorder: LogRecorder
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .trace

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        recorder.record(LogRecorder.Line(level: event.level, message: "\(event.message)"))
    }
}
