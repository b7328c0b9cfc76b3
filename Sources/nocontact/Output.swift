import ArgumentParser
import Foundation
import NoContactService

/// Printing for commands: JSON for programs, short lines for people, notes on standard error.
enum Output {
    static func json(_ value: some Encodable) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let data = try encoder.encode(value)
        print(String(decoding: data, as: UTF8.self))
    }

    static func note(_ line: String) {
        FileHandle.standardError.write(Data("\(line)\n".utf8))
    }

    /// Reports a service error and exits with the matching status.
    static func fail(_ error: ServiceError) -> ExitCode {
        note("\(error)")
        switch error {
        case .invalidConfig, .invalidRequest: return ExitCode(2)
        case .daemonUnavailable: return ExitCode(69)
        default: return ExitCode.failure
        }
    }
}
