import Foundation
import NoContactCore
import Testing

/// Where the tests' zone files are: the system's tzdata (Debian's `tzdata` package).
let testZoneDirectory = "/usr/share/zoneinfo"

/// The tzdata zone `identifier`, decoded by Core's zone engine from /usr/share/zoneinfo.
/// A zone that cannot be loaded stops the run with the reason: every test using it would be
/// meaningless.
func testZone(_ identifier: String) -> Zone {
    guard let zone = testZones.zone(named: identifier) else {
        fatalError("test zone \"\(identifier)\" cannot be loaded from \(testZoneDirectory) (is tzdata installed?)")
    }
    return zone
}

/// Zone names looked up in /usr/share/zoneinfo, as the shell's loader does in production.
let testZones = ZoneLookup(
    zone: { name in
        guard let data = FileManager.default.contents(atPath: testZoneDirectory + "/" + name) else { return nil }
        return Zone(identifier: name, tzif: [UInt8](data))
    },
    identifiers: {
        let text = (try? String(contentsOfFile: testZoneDirectory + "/tzdata.zi", encoding: .utf8)) ?? ""
        return text.split(separator: "\n").compactMap { line in
            let fields = line.split(separator: " ")
            if fields.first == "Z", fields.count >= 2 { return String(fields[1]) }
            if fields.first == "L", fields.count >= 3 { return String(fields[2]) }
            return nil
        }
    })

/// A Gregorian calendar in the named zone: Foundation as an independent oracle for what the
/// zone engine computes.
func testCalendar(_ zone: String, sourceLocation: SourceLocation = #_sourceLocation) -> Calendar {
    var calendar = Calendar(identifier: .gregorian)
    guard let timeZone = TimeZone(identifier: zone) else {
        Issue.record("Foundation knows no zone \"\(zone)\"", sourceLocation: sourceLocation)
        return calendar
    }
    calendar.timeZone = timeZone
    return calendar
}

extension Zone {
    /// Foundation's Gregorian calendar in this zone, the tests' independent oracle.
    var oracle: Calendar { testCalendar(identifier) }
}

/// The instant written in ISO 8601 with an offset, e.g. "2026-03-29T02:30:00+02:00".
func instant(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) -> Date {
    do {
        return try Date(text, strategy: .iso8601)
    } catch {
        Issue.record("not an ISO 8601 instant with an offset: \(text)", sourceLocation: sourceLocation)
        return .distantPast
    }
}
