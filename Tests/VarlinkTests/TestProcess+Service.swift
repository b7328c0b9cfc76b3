import Foundation
import Glibc
import TestSupport
import Varlink

extension TestProcess {
    /// Waits until a varlink service answers GetInfo at `path`, polling every 20 ms for at most
    /// `seconds`; throws if the process ends first or the time runs out.
    func waitForService(at path: String, seconds: Double = 30) throws {
        let deadline = ContinuousClock.now + .milliseconds(Int(seconds * 1000))
        while ContinuousClock.now < deadline {
            guard isRunning else {
                throw TestTimeout("the service exited (\(process.terminationStatus)) before listening: \(standardError)")
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
