import ArgumentParser
import Foundation
import Glibc
import NoContactService

/// Printing for commands: JSON for programs, short lines for people, notes on standard error.
enum Output {
    /// Prints `value` as JSON; dates as seconds since 1970 unless told otherwise.
    static func json(_ value: some Encodable, dates: JSONEncoder.DateEncodingStrategy = .secondsSince1970) throws {
        print(try jsonText(value, dates: dates))
    }

    static func jsonText(_ value: some Encodable, dates: JSONEncoder.DateEncodingStrategy = .secondsSince1970) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = dates
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    /// One compact JSON object on one line (JSON Lines), for streams such as `watch --json`.
    static func jsonLine(_ value: some Encodable) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    /// Writes `text` to standard output as it is (no newline added), in the same buffer as
    /// `print`, so that the order holds and `finishStandardOutput` sees any failure.
    static func standardOutput(_ text: String) {
        // Not FileHandle.write: it traps (a `try!` inside Foundation) when the write fails.
        guard let stream = standardOutputStream else {
            print(text, terminator: "")
            return
        }
        if fputs(text, stream) == EOF, writeFailure == nil { writeFailure = errno }
    }

    /// The first errno of a failed `standardOutput` write, for the message.
    ///
    /// nonisolated(unsafe) is safe: commands run on the main thread alone, and only they write
    /// to standard output, so this is never touched from two threads.
    nonisolated(unsafe) private static var writeFailure: Int32?

    /// Flushes standard output; says why when anything written there was lost (a full disk,
    /// a closed pipe), else nil.
    static func standardOutputFailure() -> String? {
        errno = 0
        // glibc keeps what it could not write and fails again here, with the reason.
        let flushFailed = fflush(standardOutputStream) != 0
        let flushError = errno
        let sawError = standardOutputStream.map { ferror($0) != 0 } ?? false
        guard flushFailed || sawError || writeFailure != nil else { return nil }
        let code = flushFailed && flushError != 0 ? flushError : writeFailure ?? EIO
        return "cannot write to standard output: \(String(cString: strerror(code)))"
    }

    /// Flushes standard output and, when anything written there was lost, says so and exits 1:
    /// output must never vanish silently.
    static func finishStandardOutput() {
        guard let failure = standardOutputFailure() else { return }
        note(failure)
        exit(1)
    }

    static func note(_ line: String) {
        FileHandle.standardError.write(Data("\(line)\n".utf8))
    }

    /// Reports a service error and exits with the matching status.
    static func fail(_ error: ServiceError) -> ExitCode {
        note("\(error)")
        switch error {
        case .invalidConfig, .invalidRequest, .periodNotFound, .configMismatch: return ExitCode(2)
        // EX_UNAVAILABLE (sysexits.h): the service this needs is not there.
        case .daemonUnavailable, .daemonRequired, .daemonStopped: return ExitCode(69)
        default: return ExitCode.failure
        }
    }
}

/// glibc's `stdout`, the stream `print` writes to. Swift 6 refuses to read that C global
/// outside the main actor; the stream never moves, so it is looked up once by its symbol.
nonisolated(unsafe) private let standardOutputStream: UnsafeMutablePointer<FILE>? = {
    guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "stdout") else { return nil }
    return symbol.load(as: UnsafeMutablePointer<FILE>?.self)
}()
