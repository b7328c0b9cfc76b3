import Foundation
import Glibc
import Testing

/// Runs the CLI with standard output on the file at `path` (such as /dev/full); returns its status and standard error.
func runWritingTo(_ path: String, _ arguments: [String], environment: [String: String]) throws -> (status: Int32, stderr: String) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: Binaries.cli)
    process.arguments = arguments
    process.environment = environment
    process.standardInput = FileHandle.nullDevice
    guard let output = FileHandle(forWritingAtPath: path) else { throw E2EError("cannot open \(path)") }
    process.standardOutput = output
    let errors = Pipe()
    process.standardError = errors
    let finished = DispatchSemaphore(value: 0)
    process.terminationHandler = { _ in finished.signal() }
    try process.run()
    try? errors.fileHandleForWriting.close()
    let errData = errors.fileHandleForReading.readDataToEndOfFile()
    guard finished.wait(timeout: .now() + 30) == .success else {
        process.terminate()
        throw E2EError("nocontact \(arguments) did not finish within 30 s")
    }
    return (process.terminationStatus, String(decoding: errData, as: UTF8.self))
}

/// Output that cannot be written is an error, never a crash or a silent loss.
@Suite("output failures end to end", .serialized, .enabled(if: Environment.isReady, "needs scripts/test (private journald)"))
struct OutputFailureEndToEndTests {
    /// With standard output on a full device, export, history and prompts exit 1 saying so (export crashed with 132, the others lost it silently).
    @Test(arguments: [["export"], ["export", "--format", "json"], ["history"], ["prompts"], ["days"]])
    func fullStandardOutput(arguments: [String]) throws {
        let sandbox = try Sandbox()
        defer { sandbox.remove() }
        let result = try runWritingTo("/dev/full", arguments, environment: sandbox.environment)
        #expect(result.status == 1)
        #expect(result.stderr.contains("cannot write to standard output: No space left on device"), "\(result.stderr)")
    }
}
