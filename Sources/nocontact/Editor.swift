import ArgumentParser
import Foundation
import Glibc
import NoContactPlatform
import NoContactService

/// Lets a person write longer text in their own editor, privately.
///
/// The text goes through a temporary file that only its owner can read (0600), in the
/// private runtime directory when there is one, and the file is removed afterwards, whatever
/// happens. Lines starting with `#` are instructions and are left out.
enum Editor {
    enum Failure: Error, CustomStringConvertible {
        case noEditor
        case file(String)
        case editorFailed(Int32)

        var description: String {
            switch self {
            case .noEditor: return "no editor found: set EDITOR (e.g. EDITOR=nano), or pass the text with --text or on standard input"
            case let .file(detail): return "cannot prepare a private file for the editor: \(detail)"
            case let .editorFailed(status): return "the editor exited with status \(status); nothing was saved"
            }
        }
    }

    /// Opens the editor on `header` (shown as # comments) and returns what was written, or
    /// nil when the person left it empty.
    ///
    /// When standard input is not a terminal the text is read from it instead, and no editor
    /// starts: an editor on a pipe takes the piped text as its commands (vim typed a message
    /// in as keystrokes), and on /dev/null it waits for ever for a person who is not there.
    static func write(header: [String], environment: [String: String]) throws(Failure) -> String? {
        guard isatty(STDIN_FILENO) == 1 else {
            let text = String(decoding: FileHandle.standardInput.readDataToEndOfFile(), as: UTF8.self)
                .trimmingCharacters(in: .whitespacesAndNewlines)
            return text.isEmpty ? nil : text
        }
        guard
            let editor = [environment["VISUAL"], environment["EDITOR"]].compactMap({ $0 }).first(where: { !$0.isEmpty })
                ?? ["/usr/bin/editor", "/usr/bin/nano", "/usr/bin/vi"].first(where: { FileManager.default.isExecutableFile(atPath: $0) })
        else { throw .noEditor }
        let directory =
            environment["XDG_RUNTIME_DIR"].flatMap { FileManager.default.isWritableFile(atPath: $0) ? $0 : nil } ?? NSTemporaryDirectory()
        var template = Array("\(directory)/nocontact-XXXXXX.md".utf8CString)
        let descriptor = template.withUnsafeMutableBufferPointer { buffer in buffer.baseAddress.map { mkstemps($0, 3) } ?? -1 }
        guard descriptor >= 0 else { throw .file(String(cString: strerror(errno))) }
        let path = String(decoding: template.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        defer { unlink(path) }
        fchmod(descriptor, 0o600)
        let initial = "\n" + header.map { "# \($0)" }.joined(separator: "\n") + "\n"
        _ = initial.withCString { Glibc.write(descriptor, $0, strlen($0)) }
        close(descriptor)
        // Editors are commands with arguments ("code --wait"), run the way git runs them.
        let termination: ChildProcess.Termination
        do {
            termination = try ChildProcess.start("/bin/sh", arguments: ["-c", "\(editor) \"$1\"", "editor", path], name: "sh").wait()
        } catch {
            throw .file("cannot start the editor \(editor): \(error)")
        }
        switch termination {
        case .exited(0): break
        case let .exited(status): throw .editorFailed(status)
        case let .signalled(signal): throw .editorFailed(128 + signal)
        }
        guard let written = try? String(contentsOfFile: path, encoding: .utf8) else { throw .file("cannot read back \(path)") }
        let text = written.split(separator: "\n", omittingEmptySubsequences: false)
            .filter { !$0.hasPrefix("#") }
            .joined(separator: "\n")
            .trimmingCharacters(in: .whitespacesAndNewlines)
        return text.isEmpty ? nil : text
    }

    /// The text a person gives a command: `given` (from an option), else what is piped in,
    /// else what they write in their editor on `header`. Exits 1 with `empty` when there is
    /// no text, or with the editor's failure.
    static func text(given: String?, header: [String], empty: String) throws -> String {
        var text = given ?? standardInputIfPiped()
        if text == nil {
            do {
                text = try write(header: header, environment: ProcessEnvironment.current)
            } catch {
                Output.note("\(error)")
                throw ExitCode.failure
            }
        }
        guard let text, !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            Output.note(empty)
            throw ExitCode.failure
        }
        return text
    }

    /// Everything on standard input, when it is a pipe or a file (`echo ... | nocontact
    /// reflect`); nil for a terminal or a device such as /dev/null, where the editor is used.
    static func standardInputIfPiped() -> String? {
        var status = stat()
        guard fstat(STDIN_FILENO, &status) == 0 else { return nil }
        let type = status.st_mode & S_IFMT
        guard type == S_IFIFO || type == S_IFREG || type == S_IFSOCK else { return nil }
        let data = FileHandle.standardInput.readDataToEndOfFile()
        return String(decoding: data, as: UTF8.self)
    }
}
