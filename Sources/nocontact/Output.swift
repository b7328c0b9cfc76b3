import ArgumentParser
import Foundation
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

    static func note(_ line: String) {
        FileHandle.standardError.write(Data("\(line)\n".utf8))
    }

    /// Reports a service error and exits with the matching status.
    static func fail(_ error: ServiceError) -> ExitCode {
        note("\(error)")
        switch error {
        case .invalidConfig, .invalidRequest, .periodNotFound: return ExitCode(2)
        // EX_UNAVAILABLE (sysexits.h): the service this needs is not there.
        case .daemonUnavailable, .daemonRequired: return ExitCode(69)
        default: return ExitCode.failure
        }
    }
}
