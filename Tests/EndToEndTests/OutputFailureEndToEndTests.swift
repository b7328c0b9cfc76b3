import Foundation
import Glibc
import TestSupport
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

    /// `export --output` on a full file system exits 1 and leaves no file behind (it left a truncated one).
    @Test func exportToFullFileSystemLeavesNothing() throws {
        let sandbox = try Sandbox()
        defer { sandbox.remove() }
        let directory = "\(sandbox.root)/full"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        // scripts/test runs the tests in a private mount namespace: this mount is theirs alone.
        let mounted = try run("/bin/mount", ["-t", "tmpfs", "-o", "size=64k", "tmpfs", directory])
        try #require(mounted.status == 0, "mount: \(mounted.stderr)")
        defer { _ = try? run("/bin/umount", [directory]) }
        // Fills it: dd stops (and fails) at ENOSPC.
        _ = try run("/bin/dd", ["if=/dev/zero", "of=\(directory)/fill", "bs=4k"])
        let result = try run(Binaries.cli, ["export", "--output", "\(directory)/export.md"], environment: sandbox.environment)
        #expect(result.status == 1)
        #expect(result.stderr.contains("cannot write \(directory)/export.md: No space left on device"), "\(result.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory) == ["fill"])
        // With room, the export is written whole, and an existing file is still never replaced.
        unlink("\(directory)/fill")
        #expect(try run(Binaries.cli, ["export", "--output", "\(directory)/export.md"], environment: sandbox.environment).status == 0)
        let exported = try String(contentsOfFile: "\(directory)/export.md", encoding: .utf8)
        #expect(!exported.isEmpty)
        let again = try run(Binaries.cli, ["export", "--output", "\(directory)/export.md"], environment: sandbox.environment)
        #expect(again.status == 1)
        #expect(again.stderr.contains("File exists (choose another name; nothing is overwritten)"), "\(again.stderr)")
        #expect(try String(contentsOfFile: "\(directory)/export.md", encoding: .utf8) == exported)
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory) == ["export.md"])
    }
}
