import Foundation
import Glibc
import Varlink

/// A program a test runs, with its output in files (a pipe could fill and stall it) and
/// bounded waits for it to end.
final class ChildProcess {
    private let process = Process()
    private let ended = DispatchSemaphore(value: 0)
    private let outputPath: String
    private let errorPath: String

    init(_ executable: String, _ arguments: [String], directory: String) throws {
        outputPath = "\(directory)/\(URL(fileURLWithPath: executable).lastPathComponent)-\(UUID().uuidString.prefix(8)).out"
        errorPath = outputPath + ".err"
        guard FileManager.default.createFile(atPath: outputPath, contents: nil),
            FileManager.default.createFile(atPath: errorPath, contents: nil)
        else { throw TestTimeout("cannot create \(outputPath)") }
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: outputPath))
        process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: errorPath))
        process.standardInput = FileHandle.nullDevice
        process.terminationHandler = { [ended] _ in ended.signal() }
        try process.run()
    }

    deinit {
        if process.isRunning { terminate() }
        unlink(outputPath)
        unlink(errorPath)
    }

    var isRunning: Bool { process.isRunning }

    /// The exit status, or nil if it is still running after `seconds`.
    func wait(seconds: Double) -> Int32? {
        guard ended.wait(timeout: .now() + seconds) == .success else { return nil }
        ended.signal()
        return process.terminationStatus
    }

    /// Sends SIGTERM, then SIGKILL if it has not ended within 10 seconds.
    ///
    /// A child started from the test runner inherits its blocked signal mask (SIGTERM among
    /// them): only a program that handles signals itself (like our servers, through Dispatch)
    /// sees the SIGTERM; others, such as the Python reference server, need `kill()`.
    func terminate() {
        guard process.isRunning else { return }
        process.terminate()
        if wait(seconds: 10) == nil { kill() }
    }

    /// Sends SIGKILL, which no mask blocks, and waits for the end.
    func kill() {
        guard process.isRunning else { return }
        Glibc.kill(process.processIdentifier, SIGKILL)
        _ = wait(seconds: 10)
    }

    var output: String { (try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? "" }
    var errorOutput: String { (try? String(contentsOfFile: errorPath, encoding: .utf8)) ?? "" }

    /// Waits until a varlink service answers GetInfo at `path`, polling every 20 ms for at most
    /// `seconds`; throws if the process ends first or the time runs out.
    func waitForService(at path: String, seconds: Double = 30) throws {
        let deadline = ContinuousClock.now + .milliseconds(Int(seconds * 1000))
        while ContinuousClock.now < deadline {
            guard process.isRunning else {
                throw TestTimeout("the service exited (\(process.terminationStatus)) before listening: \(errorOutput)")
            }
            if let client = try? VarlinkClient(path: path, timeout: 5), (try? client.call("org.varlink.service.GetInfo")) != nil {
                return
            }
            usleep(20_000)
        }
        throw TestTimeout("nothing answered at \(path) within \(seconds) s")
    }
}

/// Where the tests find the reference implementation and the built binaries.
enum TestEnvironment {
    /// The Python interpreter with the PyPI `varlink` package (scripts/test sets it).
    static var python: String? {
        ProcessInfo.processInfo.environment["NOCONTACT_PYTHON"].flatMap { $0.isEmpty ? nil : $0 }
    }

    /// The directory of the built executables: NOCONTACT_BIN_DIR (set by scripts/test), else
    /// the one holding the test bundle.
    static var binaryDirectory: String {
        if let configured = ProcessInfo.processInfo.environment["NOCONTACT_BIN_DIR"] { return configured }
        var candidate = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
        // swift-testing may run from inside the .xctest bundle.
        while candidate.path != "/",
            !FileManager.default.fileExists(atPath: candidate.appendingPathComponent("varlink-certification-server").path)
        {
            candidate = candidate.deletingLastPathComponent()
        }
        return candidate.path
    }

    static var certificationServer: String { "\(binaryDirectory)/varlink-certification-server" }
}
