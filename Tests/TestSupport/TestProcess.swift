package import Foundation
import Glibc

/// Why a test step failed, in words for the test's report.
package struct TestFailure: Error, CustomStringConvertible {
    package let description: String
    package init(_ description: String) { self.description = description }
}

/// A program a test runs in the background (a daemon, a reference server), its standard
/// output and error in files (a pipe nobody reads could fill and stall it, and a file can be
/// read at any time), with bounded waits for its end. A process still running when this is
/// released is killed.
package final class TestProcess {
    package let process = Process()
    package let standardOutputPath: String
    package let standardErrorPath: String
    private let exited = DispatchSemaphore(value: 0)

    /// Starts `executable`. `environment: nil` passes the test's own; the output files go in
    /// `directory` (removed with it by the caller) or, without one, in /tmp (removed here).
    package init(_ executable: String, _ arguments: [String], environment: [String: String]? = nil, directory: String? = nil) throws {
        let name = "\(URL(fileURLWithPath: executable).lastPathComponent)-\(UUID().uuidString.prefix(8))"
        standardOutputPath = "\(directory ?? "/tmp")/\(name).out"
        standardErrorPath = "\(directory ?? "/tmp")/\(name).err"
        ownsFiles = directory == nil
        guard FileManager.default.createFile(atPath: standardOutputPath, contents: nil),
            FileManager.default.createFile(atPath: standardErrorPath, contents: nil)
        else { throw TestFailure("cannot create \(standardOutputPath)") }
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        if let environment { process.environment = environment }
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: standardOutputPath))
        process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: standardErrorPath))
        process.terminationHandler = { [exited] _ in exited.signal() }
        try process.run()
    }

    private let ownsFiles: Bool

    deinit {
        if process.isRunning {
            Glibc.kill(pid, SIGKILL)
            _ = exited.wait(timeout: .now() + 10)
        }
        if ownsFiles {
            unlink(standardOutputPath)
            unlink(standardErrorPath)
        }
    }

    package var pid: pid_t { process.processIdentifier }
    package var isRunning: Bool { process.isRunning }

    /// Whether it ended by exiting (rather than by a signal).
    package var exitedNormally: Bool { process.terminationReason == .exit }

    package var standardOutput: String { (try? String(contentsOfFile: standardOutputPath, encoding: .utf8)) ?? "" }
    package var standardError: String { (try? String(contentsOfFile: standardErrorPath, encoding: .utf8)) ?? "" }

    package func signal(_ number: Int32) {
        Glibc.kill(pid, number)
    }

    /// The exit status (or the signal that ended it), or nil while it still runs after `seconds`.
    package func wait(seconds: Double) -> Int32? {
        guard exited.wait(timeout: .now() + seconds) == .success else { return nil }
        exited.signal()
        return process.terminationStatus
    }

    /// Waits for the end, at most `timeout` seconds (then kills it and throws); returns the
    /// exit status.
    package func waitForExit(timeout: Double = 10) throws -> Int32 {
        guard let status = wait(seconds: timeout) else {
            Glibc.kill(pid, SIGKILL)
            throw TestFailure("the process did not exit within \(timeout) s; stderr:\n\(standardError)")
        }
        return status
    }

    /// Sends SIGTERM, then SIGKILL if it has not ended within 10 seconds.
    ///
    /// A child started from the test runner inherits its blocked signal mask (SIGTERM among
    /// them): only a program that handles signals itself (like our servers, through Dispatch)
    /// sees the SIGTERM; others, such as the Python reference server, end with the SIGKILL.
    package func terminate() {
        guard process.isRunning else { return }
        process.terminate()
        if wait(seconds: 10) == nil { kill() }
    }

    /// Sends SIGKILL, which no mask blocks, and waits for the end.
    package func kill() {
        guard process.isRunning else { return }
        Glibc.kill(pid, SIGKILL)
        _ = wait(seconds: 10)
    }
}

/// What a command run by `run` reads on standard input.
package enum StandardInput {
    /// /dev/null: as when run with no terminal.
    case nullDevice
    /// A pipe carrying this text, then end of file.
    case text(String)
    /// A pseudo-terminal that nobody types into: as when a person runs the command.
    case terminal
}

/// Runs a command to completion (at most `timeout` seconds) and returns its status and output.
@discardableResult
package func run(
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
            throw TestFailure("cannot open a pseudo-terminal: errno \(errno)")
        }
        let slave = open("/dev/pts/\(number)", O_RDWR | O_NOCTTY)
        guard slave >= 0 else { throw TestFailure("cannot open /dev/pts/\(number): errno \(errno)") }
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
        throw TestFailure("\(executable) \(arguments) did not finish within \(timeout) s")
    }
    return (process.terminationStatus, String(decoding: outData, as: UTF8.self), String(decoding: errData, as: UTF8.self))
}

/// Waits until `condition` holds, checking every 10 ms, at most `timeout` seconds.
package func waitUntil(_ description: String, timeout: Double = 10, _ condition: () -> Bool) throws {
    let deadline = Date().addingTimeInterval(timeout)
    while !condition() {
        guard Date() < deadline else { throw TestFailure("timed out waiting until \(description)") }
        usleep(10_000)
    }
}
