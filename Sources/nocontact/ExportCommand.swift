import ArgumentParser
import Foundation
import Glibc
import NoContactCore
import NoContactService

/// `nocontact export`.
struct ExportCommand: ParsableCommand {
    enum Format: String, ExpressibleByArgument, CaseIterable { case markdown, json, html, yaml }

    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Export everything you recorded: Markdown or HTML to read, JSON for programs (schema: docs/export.schema.json), or one file per entry (yaml).")

    @Option(help: ArgumentHelp("The format of the export: html is one self-contained page with calendars and charts; yaml is one Markdown file with YAML front matter per entry, in the directory --output names.", valueName: "format"))
    var format: Format = .markdown

    @Option(name: .shortAndLong, help: ArgumentHelp("Write to this file (created 0600; an existing file is not overwritten) instead of standard output; for yaml, into this directory.", valueName: "file"), completion: .file())
    var output: String?

    @OptionGroup var options: SharedOptions

    func run() throws {
        let entries: [HistoryEntry]
        do throws(ServiceError) {
            entries = try ServiceConnection.open(options).service.history(since: nil, kinds: nil)
        } catch {
            throw Output.fail(error)
        }
        if format == .yaml {
            guard let output else { throw ValidationError("--format yaml writes one file per entry: give a directory with --output DIR") }
            try ExportFormats.writeEntryFiles(entries, to: output, options: options)
            return
        }
        let text = try ExportFormats.text(format, entries: entries, options: options)
        guard let output else {
            FileHandle.standardOutput.write(Data(text.utf8))
            return
        }
        // O_EXCL: an export never replaces a file that is already there.
        let descriptor = open(output, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            Output.note("cannot create \(output): \(String(cString: strerror(errno)))\(errno == EEXIST ? " (choose another name; nothing is overwritten)" : "")")
            throw ExitCode.failure
        }
        defer { close(descriptor) }
        let bytes = Array(text.utf8)
        var written = 0
        while written < bytes.count {
            let count = bytes[written...].withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
            guard count > 0 else {
                Output.note("cannot write \(output): \(String(cString: strerror(errno)))")
                throw ExitCode.failure
            }
            written += count
        }
        fsync(descriptor)
        Output.note("Exported \(entries.count) entr\(entries.count == 1 ? "y" : "ies") to \(output) (readable only by you).")
    }
}
