import ArgumentParser
import Foundation
import Glibc
import NoContactCore
import NoContactExport
import NoContactService

/// The export formats past JSON's and Markdown's first versions: the readable Markdown
/// document, the self-contained HTML page, and one file per entry (`--format yaml`), kept
/// apart from `ExportCommand` so that the command reads as the flow.
enum ExportFormats {
    /// Entries above which a terminal shows progress.
    static let progressThreshold = 2000

    /// The single-file exports: Markdown (a document to read), JSON (version 2) or HTML.
    static func text(_ format: ExportCommand.Format, entries: [HistoryEntry], options: SharedOptions) throws -> String {
        let zone = ServiceConnection.timeZone(options)
        if entries.count > progressThreshold { progress("Preparing \(entries.count) entries…") }
        switch format {
        case .json:
            return try JourneyExport.json(entries, exportedAt: Date(), zone: zone)
        case .markdown:
            let reports = try self.reports(options)
            let lengths = Dictionary(reports.map { ($0.stats.period, $0.stats.current.daysTotal) }, uniquingKeysWith: { $1 })
            return JourneyExport.markdown(entries, exportedAt: Date(), zone: zone, lengths: lengths)
        case .html:
            return JourneyHTML.document(entries, reports: try reports(options), exportedAt: Date(), zone: zone)
        case .yaml:
            throw ValidationError("--format yaml writes one file per entry: give a directory with --output DIR")
        }
    }

    /// `--format yaml --output DIR`: one Markdown file with YAML front matter per entry, each
    /// created 0600 in `directory` (created 0700 if missing). Nothing is overwritten: when any
    /// name is taken, nothing is written.
    static func writeEntryFiles(_ entries: [HistoryEntry], to directory: String, options: SharedOptions) throws {
        let files = JourneyEntryFiles.files(entries, zone: ServiceConnection.timeZone(options))
        if mkdir(directory, 0o700) != 0, errno != EEXIST {
            Output.note("cannot create the directory \(directory): \(String(cString: strerror(errno)))")
            throw ExitCode.failure
        }
        var status = stat()
        guard stat(directory, &status) == 0, status.st_mode & S_IFMT == S_IFDIR else {
            Output.note("\(directory) is not a directory; --format yaml writes one file per entry into a directory")
            throw ExitCode.failure
        }
        if let taken = files.first(where: { access("\(directory)/\($0.name)", F_OK) == 0 }) {
            Output.note("\(directory)/\(taken.name) already exists; nothing was written (choose another directory; nothing is overwritten)")
            throw ExitCode.failure
        }
        let showProgress = files.count > progressThreshold && isatty(STDERR_FILENO) == 1
        for (index, file) in files.enumerated() {
            try write(file.contents, to: "\(directory)/\(file.name)")
            if showProgress, index % 250 == 0 || index == files.count - 1 {
                FileHandle.standardError.write(Data("\rWriting \(index + 1) of \(files.count) files…".utf8))
            }
        }
        if showProgress { FileHandle.standardError.write(Data("\n".utf8)) }
        Output.note(
            "Exported \(files.count) entr\(files.count == 1 ? "y" : "ies") to \(files.count == 1 ? "a file" : "files") in \(directory) (readable only by you)."
        )
    }

    /// Creates `path` 0600 (never replacing a file) and writes `text` to it.
    private static func write(_ text: String, to path: String) throws {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            Output.note("cannot create \(path): \(String(cString: strerror(errno)))\(errno == EEXIST ? " (nothing is overwritten)" : "")")
            throw ExitCode.failure
        }
        defer { close(descriptor) }
        let bytes = Array(text.utf8)
        var written = 0
        while written < bytes.count {
            let count = bytes[written...].withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress, $0.count) }
            guard count > 0 else {
                Output.note("cannot write \(path): \(String(cString: strerror(errno)))")
                throw ExitCode.failure
            }
            written += count
        }
        guard fsync(descriptor) == 0 else {
            Output.note("cannot write \(path): \(String(cString: strerror(errno)))")
            throw ExitCode.failure
        }
    }

    private static func reports(_ options: SharedOptions) throws -> [PeriodReport] {
        do throws(ServiceError) {
            return try ServiceConnection.open(options).service.stats()
        } catch {
            throw Output.fail(error)
        }
    }

    /// A line of progress on standard error, only at a terminal.
    private static func progress(_ line: String) {
        if isatty(STDERR_FILENO) == 1 { Output.note(line) }
    }
}
