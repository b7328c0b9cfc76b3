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
        abstract:
            "Export everything you recorded: Markdown or HTML to read, JSON for programs (schema: docs/export.schema.json), or one file per entry (yaml)."
    )

    @Option(
        help: ArgumentHelp(
            "The format of the export: html is one self-contained page with calendars and charts; yaml is one Markdown file with YAML front matter per entry, in the directory --output names.",
            valueName: "format"))
    var format: Format = .markdown

    @Option(
        name: .shortAndLong,
        help: ArgumentHelp(
            "Write to this file (created 0600; an existing file is not overwritten) instead of standard output; for yaml, into this directory.",
            valueName: "file"), completion: .file())
    var output: String?

    @OptionGroup var options: SharedOptions

    func validate() throws {
        // --json comes with the shared options, but an export has a format of its own.
        if options.json { throw ValidationError("export takes --format json, not --json") }
    }

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
            Output.standardOutput(text)
            return
        }
        do {
            try Self.writeNew(output, Array(text.utf8))
        } catch {
            Output.note("\(error)")
            throw ExitCode.failure
        }
        Output.note("Exported \(entries.count) entr\(entries.count == 1 ? "y" : "ies") to \(output) (readable only by you).")
    }

    /// Why the export file could not be written; says what to do.
    struct WriteFailure: Error, CustomStringConvertible {
        let description: String
    }

    /// Writes `bytes` to a new file at `path`, 0600, all or nothing: the bytes go to a
    /// temporary file beside it, which takes the name only once complete and on disk. A full
    /// file system or a crash then never leaves a truncated export that looks whole, and an
    /// existing file is never replaced (link fails with EEXIST where rename would overwrite).
    static func writeNew(_ path: String, _ bytes: [UInt8]) throws(WriteFailure) {
        let directory = path.contains("/") ? String(path[..<(path.lastIndex(of: "/") ?? path.startIndex)]) : "."
        let name = path.split(separator: "/").last.map(String.init) ?? path
        if access(path, F_OK) == 0 {
            throw WriteFailure(
                description: "cannot create \(path): \(String(cString: strerror(EEXIST))) (choose another name; nothing is overwritten)")
        }
        var template = Array("\(directory.isEmpty ? "/" : directory)/.\(name).XXXXXX".utf8CString)
        // mkstemp creates the file 0600, O_EXCL.
        let descriptor = template.withUnsafeMutableBufferPointer { buffer in buffer.baseAddress.map { mkstemp($0) } ?? -1 }
        guard descriptor >= 0 else {
            throw WriteFailure(description: "cannot create \(path): \(String(cString: strerror(errno)))")
        }
        let temporary = String(decoding: template.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        func fail(_ what: String, _ code: Int32) -> WriteFailure {
            close(descriptor)
            unlink(temporary)
            return WriteFailure(description: "cannot write \(path): \(String(cString: strerror(code))); \(what)")
        }
        var written = 0
        while written < bytes.count {
            let count = bytes[written...].withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
            if count < 0, errno == EINTR { continue }
            guard count > 0 else { throw fail("nothing was left behind", count < 0 ? errno : EIO) }
            written += count
        }
        guard fsync(descriptor) == 0 else { throw fail("nothing was left behind", errno) }
        guard close(descriptor) == 0 else {
            let code = errno
            unlink(temporary)
            throw WriteFailure(description: "cannot write \(path): \(String(cString: strerror(code))); nothing was left behind")
        }
        // A file system without hard links (FAT, some network ones) gets a rename, after the
        // check above that nothing is in the way.
        guard link(temporary, path) == 0 || ([EPERM, ENOTSUP, EOPNOTSUPP].contains(errno) && rename(temporary, path) == 0) else {
            let code = errno
            unlink(temporary)
            throw WriteFailure(
                description:
                    "cannot create \(path): \(String(cString: strerror(code)))\(code == EEXIST ? " (choose another name; nothing is overwritten)" : "")"
            )
        }
        unlink(temporary)
    }
}
