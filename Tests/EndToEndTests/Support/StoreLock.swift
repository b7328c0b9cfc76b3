import Foundation
import Testing

/// Another process (sqlite3) holding the journey store's write lock until `release()`, the way
/// a second writer would: the daemon's writes then wait out their busy timeout and fail.
final class StoreLock {
    private let process = Process()
    private let input = Pipe()
    private var released = false

    /// Takes the lock on `sandboxRoot`'s journey.sqlite; returns once sqlite3 says it holds it.
    init(sandboxRoot: String) throws {
        let output = Pipe()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/sqlite3")
        process.arguments = ["\(sandboxRoot)/state/nocontact/journey.sqlite"]
        process.standardInput = input
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        input.fileHandleForWriting.write(Data("BEGIN EXCLUSIVE;\nSELECT 'locked';\n".utf8))
        let answer = String(decoding: output.fileHandleForReading.availableData, as: UTF8.self)
        try #require(answer.contains("locked"), "sqlite3 said \(answer)")
    }

    /// Commits (nothing) and lets sqlite3 exit.
    func release() throws {
        guard !released else { return }
        released = true
        input.fileHandleForWriting.write(Data("COMMIT;\n.quit\n".utf8))
        try input.fileHandleForWriting.close()
        process.waitUntilExit()
    }

    deinit {
        try? release()
    }
}
