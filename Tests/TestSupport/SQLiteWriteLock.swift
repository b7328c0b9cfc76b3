import Foundation

/// Another process (sqlite3) holding a database's write lock until `release()`, the way a
/// second writer would: writes through any other connection then wait out their busy timeout.
package final class SQLiteWriteLock {
    /// sqlite3 ended before it said it held the lock.
    package struct NotTaken: Error, CustomStringConvertible {
        package let description: String
    }

    private let process = Process()
    private let input = Pipe()
    private var released = false

    /// Takes the lock on the database at `path`; returns once sqlite3 says it holds it.
    package init(path: String) throws {
        let output = Pipe()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/sqlite3")
        process.arguments = ["-batch", path]
        process.standardInput = input
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        input.fileHandleForWriting.write(Data("BEGIN EXCLUSIVE;\nSELECT 'locked';\n".utf8))
        var said = Data()
        while !String(decoding: said, as: UTF8.self).contains("locked\n") {
            let chunk = output.fileHandleForReading.availableData
            guard !chunk.isEmpty else {
                throw NotTaken(description: "sqlite3 ended before it held the lock on \(path): \(String(decoding: said, as: UTF8.self))")
            }
            said.append(chunk)
        }
    }

    /// Commits (nothing) and lets sqlite3 exit.
    package func release() throws {
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
