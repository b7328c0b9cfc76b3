import Foundation
import Glibc

struct E2EError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// Where the built binaries are: NOCONTACT_BIN_DIR, else next to the test bundle.
enum Binaries {
    static var directory: String {
        if let configured = ProcessInfo.processInfo.environment["NOCONTACT_BIN_DIR"] { return configured }
        let runner = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        var candidate = runner.deletingLastPathComponent()
        // swift-testing may run from inside the .xctest bundle.
        while candidate.path != "/", !FileManager.default.fileExists(atPath: candidate.appendingPathComponent("nocontactd").path) {
            candidate = candidate.deletingLastPathComponent()
        }
        return candidate.path
    }

    static var daemon: String { "\(directory)/nocontactd" }
    static var cli: String { "\(directory)/nocontact" }
}

/// The helper programs next to this file (Python scripts the tests run, never code in strings).
enum SupportScripts {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().path

    static func path(_ name: String) -> String { "\(directory)/\(name)" }
}

/// Whether the end-to-end environment (a private journald, from scripts/test) is there.
enum Environment {
    /// Set by scripts/test, which runs the tests next to a private systemd-journald.
    static var isReady: Bool {
        ProcessInfo.processInfo.environment["NOCONTACT_E2E"] == "1"
    }
}

/// A private home for one test: XDG directories in a fresh temp dir.
struct Sandbox {
    let root: String

    init() throws {
        // Short paths: a Unix socket path must fit in 108 bytes.
        root = "/tmp/nc-e2e-\(UUID().uuidString.prefix(12))"
        for directory in ["config/nocontact", "state", "run"] {
            try FileManager.default.createDirectory(atPath: "\(root)/\(directory)", withIntermediateDirectories: true)
        }
        chmod("\(root)/run", 0o700)
    }

    var configPath: String { "\(root)/config/nocontact/config.toml" }
    var socketPath: String { "\(root)/run/nocontact/control.socket" }

    var environment: [String: String] {
        var environment = ProcessInfo.processInfo.environment
        environment["XDG_CONFIG_HOME"] = "\(root)/config"
        environment["XDG_STATE_HOME"] = "\(root)/state"
        environment["XDG_RUNTIME_DIR"] = "\(root)/run"
        environment["HOME"] = root
        environment.removeValue(forKey: "NOTIFY_SOCKET")
        environment.removeValue(forKey: "LISTEN_FDS")
        return environment
    }

    func writeConfig(_ text: String) throws {
        try text.write(toFile: configPath, atomically: true, encoding: .utf8)
    }

    func remove() {
        try? FileManager.default.removeItem(atPath: root)
    }
}

/// A running process whose standard error goes to a file we can read at any time.
final class RunningProcess {
    let process = Process()
    let stderrPath: String
    private let exited = DispatchSemaphore(value: 0)

    init(_ executable: String, _ arguments: [String], environment: [String: String], stderrPath: String) throws {
        self.stderrPath = stderrPath
        _ = FileManager.default.createFile(atPath: stderrPath, contents: nil)
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.environment = environment
        process.standardOutput = FileHandle.nullDevice
        process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: stderrPath))
        process.terminationHandler = { [exited] _ in exited.signal() }
        try process.run()
    }

    var pid: pid_t { process.processIdentifier }

    var standardError: String {
        (try? String(contentsOfFile: stderrPath, encoding: .utf8)) ?? ""
    }

    func signal(_ number: Int32) {
        kill(pid, number)
    }

    /// Waits for the exit, at most `timeout` seconds; returns the exit status.
    func waitForExit(timeout: Double = 10) throws -> Int32 {
        guard exited.wait(timeout: .now() + timeout) == .success else {
            kill(pid, SIGKILL)
            throw E2EError("the process did not exit within \(timeout) s; stderr:\n\(standardError)")
        }
        return process.terminationStatus
    }

    deinit {
        if process.isRunning { kill(pid, SIGKILL) }
    }
}

/// What a command run by `run` reads on standard input.
enum StandardInput {
    /// /dev/null: as when run with no terminal.
    case nullDevice
    /// A pipe carrying this text, then end of file.
    case text(String)
    /// A pseudo-terminal that nobody types into: as when a person runs the command.
    case terminal
}

/// Runs a command to completion and returns its status and output.
@discardableResult
func run(
    _ executable: String, _ arguments: [String], environment: [String: String]? = nil, timeout: Double = 30,
    standardInput: StandardInput = .nullDevice
) throws -> (status: Int32, stdout: String, stderr: String) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    if let environment { process.environment = environment }
    let output = Pipe()
    let errors = Pipe()
    // Never the test runner's own input.
    var terminal: (master: Int32, slave: FileHandle)?
    defer { if let terminal { close(terminal.master) } }
    switch standardInput {
    case .nullDevice:
        process.standardInput = FileHandle.nullDevice
    case let .text(text):
        let input = Pipe()
        process.standardInput = input
        // Small texts only: the pipe's buffer takes them before the command starts reading.
        input.fileHandleForWriting.write(Data(text.utf8))
        try input.fileHandleForWriting.close()
    case .terminal:
        // posix_openpt and friends hide behind _XOPEN_SOURCE in Swift's Glibc: the same by hand,
        // with Linux's ioctls TIOCSPTLCK (unlock) and TIOCGPTN (the number of /dev/pts/N).
        let master = open("/dev/ptmx", O_RDWR | O_NOCTTY | O_CLOEXEC)
        var unlock: Int32 = 0
        var number: UInt32 = 0
        guard master >= 0, ioctl(master, 0x4004_5431, &unlock) == 0, ioctl(master, 0x8004_5430, &number) == 0 else {
            throw E2EError("cannot open a pseudo-terminal: errno \(errno)")
        }
        let slave = open("/dev/pts/\(number)", O_RDWR | O_NOCTTY)
        guard slave >= 0 else { throw E2EError("cannot open /dev/pts/\(number): errno \(errno)") }
        terminal = (master, FileHandle(fileDescriptor: slave, closeOnDealloc: true))
        process.standardInput = terminal?.slave
    }
    process.standardOutput = output
    process.standardError = errors
    let finished = DispatchSemaphore(value: 0)
    process.terminationHandler = { _ in finished.signal() }
    try process.run()
    // Only the child may hold the write ends: with the parent's copies open, EOF never comes.
    try? output.fileHandleForWriting.close()
    try? errors.fileHandleForWriting.close()
    try? terminal?.slave.close()
    // Read before waiting so that a full pipe cannot block the child.
    let outData = output.fileHandleForReading.readDataToEndOfFile()
    let errData = errors.fileHandleForReading.readDataToEndOfFile()
    guard finished.wait(timeout: .now() + timeout) == .success else {
        process.terminate()
        throw E2EError("\(executable) \(arguments) did not finish within \(timeout) s")
    }
    return (process.terminationStatus, String(decoding: outData, as: UTF8.self), String(decoding: errData, as: UTF8.self))
}

/// Reads journal entries with `journalctl -o json`, waiting until `matches` finds at least one.
func waitForJournalEntries(_ matches: [String], timeout: Double = 10) throws -> [[String: Any]] {
    let deadline = Date().addingTimeInterval(timeout)
    while true {
        let result = try run("/usr/bin/journalctl", ["-o", "json", "--no-pager", "--all"] + matches)
        let entries = result.stdout.split(separator: "\n").compactMap { line in
            (try? JSONSerialization.jsonObject(with: Data(line.utf8))) as? [String: Any]
        }
        if !entries.isEmpty { return entries }
        guard Date() < deadline else {
            throw E2EError("no journal entry for \(matches) within \(timeout) s (journalctl: \(result.stderr))")
        }
        // journalctl itself takes ~10 ms; polling it is waiting on the journal, bounded above.
        usleep(20_000)
    }
}

/// Waits until `condition` holds, checking every 10 ms, at most `timeout` seconds.
func waitUntil(_ description: String, timeout: Double = 10, _ condition: () -> Bool) throws {
    let deadline = Date().addingTimeInterval(timeout)
    while !condition() {
        guard Date() < deadline else { throw E2EError("timed out waiting until \(description)") }
        usleep(10_000)
    }
}
