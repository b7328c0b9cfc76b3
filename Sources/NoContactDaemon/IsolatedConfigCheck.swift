import Glibc
package import NoContactCore
import NoContactPlatform
import NoContactService

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Checks config text in a child process before the daemon parses it itself.
///
/// Reloads used to grow the daemon for good: TOMLKit never freed what it parsed (20 reloads of a
/// large broken config, 36 to 307 MB). The TOML parser is now our own and frees everything,
/// yet parsing 20 broken and 20 good large configs in the daemon itself still grew it by about
/// 26 MB (glibc keeps the freed heap; the zone and calendar work of the config stays cached),
/// against under 5 MB with this check. So a broken config is only ever parsed by a short-lived
/// child (`nocontactd --validate-config`), whose memory goes when it exits; the daemon parses a
/// config itself only once the child found it valid.
package enum IsolatedConfigCheck {
    /// The hidden option of nocontactd that runs the check: config text on standard input,
    /// the file's name as its value, the issues as JSON on standard output.
    package static let option = "--validate-config"

    /// What the child prints: each issue of the config, none when it is valid.
    package struct Report: Codable, Sendable {
        package struct Issue: Codable, Sendable {
            package var line: Int?
            package var column: Int?
            package var message: String
        }

        package var issues: [Issue]

        /// The issues the daemon is told of (and logs); a file can hold thousands.
        static let maximumIssues = 100

        package init(_ error: ConfigError?) {
            let all = error?.issues ?? []
            issues = all.prefix(Self.maximumIssues).map { Issue(line: $0.line, column: $0.column, message: $0.message) }
            if all.count > Self.maximumIssues {
                issues.append(
                    Issue(
                        line: nil, column: nil,
                        message: "and \(all.count - Self.maximumIssues) more problems; `nocontact check` lists them all"))
            }
        }
    }

    /// The child's side: parses standard input as the config `file` and prints the report.
    /// Exit status 0 when valid, 2 when not.
    package static func runChild(file: String) -> Int32 {
        let text = String(decoding: FileDescriptorIO.readToEnd(STDIN_FILENO), as: UTF8.self)
        var failure: ConfigError?
        do {
            _ = try ConfigParser.parse(text, file: file, zones: SystemTimeZone.processLookup)
        } catch {
            failure = error
        }
        let data = (try? JSONEncoder().encode(Report(failure))) ?? Data()
        // The parent may be gone (EPIPE): nothing to tell then, so the result is not checked.
        FileDescriptorIO.write(Array(data), to: STDOUT_FILENO)
        return failure == nil ? 0 : 2
    }

    /// Why the check could not run (the child did not start or answered nonsense): the caller
    /// then parses in process, as before.
    struct Unavailable: Error, CustomStringConvertible {
        let description: String
    }

    /// Runs the check in a child of `executable`; returns the config's error, or nil when valid.
    static func check(_ text: String, file: String, executable: String) throws(Unavailable) -> ConfigError? {
        // Socket pairs rather than pipes: they are made close-on-exec at once (pipe2 is hidden
        // from Swift), so no other child started meanwhile inherits them; dup2 clears the flag
        // on the child's copies. Index 0 is the child's end, 1 the daemon's.
        var input: [Int32] = [0, 0]
        var output: [Int32] = [0, 0]
        let type = Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue)
        guard socketpair(AF_UNIX, type, 0, &input) == 0 else {
            throw Unavailable(description: "socketpair: \(String(cString: strerror(errno)))")
        }
        guard socketpair(AF_UNIX, type, 0, &output) == 0 else {
            close(input[0])
            close(input[1])
            throw Unavailable(description: "socketpair: \(String(cString: strerror(errno)))")
        }
        // One argument with "=": a file name starting with "-" cannot pass for an option.
        // Only TZDIR, where the zone files of `timezone` are: parsing reads nothing else.
        let child: ChildProcess
        do {
            child = try ChildProcess.start(
                executable, arguments: ["\(option)=\(file)"],
                options: .init(
                    environment: getenv("TZDIR").map { ["TZDIR": String(cString: $0)] } ?? [:], standardInput: .descriptor(input[0]),
                    standardOutput: .descriptor(output[0]), standardError: .null))
        } catch {
            close(input[0])
            close(output[0])
            close(input[1])
            close(output[1])
            throw Unavailable(description: error.description)
        }
        close(input[0])
        close(output[0])
        // The child reads all of its input before it writes: writing all, then reading, cannot
        // deadlock. A child that died early makes the send fail (EPIPE, without SIGPIPE).
        let bytes = Array(text.utf8)
        var written = 0
        while written < bytes.count {
            let count = bytes[written...].withUnsafeBytes { send(input[1], $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if count < 0, errno == EINTR { continue }
            guard count > 0 else { break }
            written += count
        }
        close(input[1])
        let reply = FileDescriptorIO.readToEnd(output[1])
        close(output[1])
        let termination = child.wait()
        guard termination == .exited(0) || termination == .exited(2), written == bytes.count,
            let report = try? JSONDecoder().decode(Report.self, from: Data(reply))
        else {
            throw Unavailable(description: "the check in \(executable) ended (\(termination)) with \(reply.count) bytes of output")
        }
        guard termination == .exited(2) else { return nil }
        return ConfigError(file: file, issues: report.issues.map { .init(line: $0.line, column: $0.column, message: $0.message) })
    }

    /// This process's executable, for starting the child.
    static var ownExecutable: String? {
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        let count = readlink("/proc/self/exe", &buffer, buffer.count - 1)
        guard count > 0 else { return nil }
        return String(decoding: buffer[..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
