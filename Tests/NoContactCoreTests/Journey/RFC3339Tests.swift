import Foundation
import Testing

@testable import NoContactCore

/// The export's timestamps: local wall clock with its offset, microseconds, and back.
@Suite("RFC 3339")
struct RFC3339Tests {
    @Test func formatsWithTheLocalOffset() throws {
        let berlin = testZone("Europe/Berlin")
        let winter = Date(timeIntervalSince1970: 1_795_942_800.25)  // 2026-11-29T10:00:00.25+01:00
        #expect(RFC3339.format(winter, in: berlin) == "2026-11-29T10:00:00.250000+01:00")
        let summer = Date(timeIntervalSince1970: 1_782_900_000)  // 2026-07-01T10:00:00Z
        #expect(RFC3339.format(summer, in: berlin) == "2026-07-01T12:00:00.000000+02:00")
        let newYork = testZone("America/New_York")
        #expect(RFC3339.format(summer, in: newYork) == "2026-07-01T06:00:00.000000-04:00")
        let kolkata = testZone("Asia/Kolkata")
        #expect(RFC3339.format(summer, in: kolkata) == "2026-07-01T15:30:00.000000+05:30")
        // Rounding up to a whole second carries.
        #expect(RFC3339.format(Date(timeIntervalSince1970: 1_782_899_999.9999996), in: .utc) == "2026-07-01T10:00:00.000000+00:00")
    }

    /// Whole seconds (rounded down) and "Z" at offset zero, as the varlink answers print them.
    @Test func formatsWholeSeconds() {
        let winter = Date(timeIntervalSince1970: 1_795_942_800.75)  // 2026-11-29T10:00:00.75+01:00
        #expect(RFC3339.formatSeconds(winter, in: testZone("Europe/Berlin")) == "2026-11-29T10:00:00+01:00")
        #expect(RFC3339.formatSeconds(winter, in: .utc) == "2026-11-29T09:00:00Z")
        #expect(RFC3339.formatSeconds(winter, in: testZone("America/New_York")) == "2026-11-29T04:00:00-05:00")
        #expect(RFC3339.formatSeconds(Date(timeIntervalSince1970: -0.5), in: .utc) == "1969-12-31T23:59:59Z")
    }

    @Test func parsesBack() throws {
        let zones = ["Europe/Berlin", "America/New_York", "Asia/Kolkata", "UTC"].map(testZone)
        for seconds in stride(from: 1_700_000_000.0, to: 1_800_000_000, by: 3_333_333.123456) {
            for zone in zones {
                let text = RFC3339.format(Date(timeIntervalSince1970: seconds), in: zone)
                let parsed = try #require(RFC3339.parse(text))
                #expect(abs(parsed.timeIntervalSince1970 - seconds) < 0.000_001)
            }
        }
        #expect(RFC3339.parse("2026-11-29T10:00:00Z") == Date(timeIntervalSince1970: 1_795_946_400))
        #expect(RFC3339.parse("2026-11-29T10:00:00+01:00") == Date(timeIntervalSince1970: 1_795_942_800))
        for bad in [
            "", "2026-11-29", "2026-11-29T10:00:00", "2026-11-29 10:00:00Z", "2026-13-29T10:00:00Z", "2026-11-29T10:00:00.Z",
            "2026-11-29T10:00:00+0100",
        ] {
            #expect(RFC3339.parse(bad) == nil)
        }
    }
}
