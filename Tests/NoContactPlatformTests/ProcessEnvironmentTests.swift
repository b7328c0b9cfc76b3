import Foundation
import NoContactPlatform
import Testing

@Suite("The process environment")
struct ProcessEnvironmentTests {
    /// The same variables as Foundation reads, values with "=" and empty ones included.
    @Test func matchesWhatFoundationReads() {
        setenv("NOCONTACT_ENVIRONMENT_TEST", "a=b=c", 1)
        setenv("NOCONTACT_ENVIRONMENT_EMPTY", "", 1)
        defer {
            unsetenv("NOCONTACT_ENVIRONMENT_TEST")
            unsetenv("NOCONTACT_ENVIRONMENT_EMPTY")
        }
        let current = ProcessEnvironment.current
        #expect(current["NOCONTACT_ENVIRONMENT_TEST"] == "a=b=c")
        #expect(current["NOCONTACT_ENVIRONMENT_EMPTY"] == "")
        #expect(current == ProcessInfo.processInfo.environment)
    }
}
