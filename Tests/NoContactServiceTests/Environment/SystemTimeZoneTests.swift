import Foundation
import NoContactCore
import Testing

@testable import NoContactService

/// The zone loader: zone files by name from TZDIR or /usr/share/zoneinfo, names checked before
/// any file is opened, and the system zone from TZ or /etc/localtime.
@Suite("SystemTimeZone")
struct SystemTimeZoneTests {
    /// A fresh directory under /tmp, removed by the caller.
    static func temporaryDirectory() throws -> String {
        let path = NSTemporaryDirectory() + "nocontact-zone-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    static let july = Date(timeIntervalSince1970: 1_782_900_000)  // 2026-07-01T10:00:00Z

    @Test func loadsFromTheSystemDirectory() throws {
        let berlin = try SystemTimeZone.load("Europe/Berlin", environment: [:])
        #expect(berlin.identifier == "Europe/Berlin")
        #expect(berlin.offset(at: Self.july) == 7200)
    }

    /// TZDIR replaces /usr/share/zoneinfo: a zone only there is found, and one only in the
    /// system directory is not.
    @Test func honoursTZDIR() throws {
        let dir = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try FileManager.default.createDirectory(atPath: dir + "/Test", withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: "/usr/share/zoneinfo/Asia/Kolkata", toPath: dir + "/Test/Zone")
        let zone = try SystemTimeZone.load("Test/Zone", environment: ["TZDIR": dir])
        #expect(zone.offset(at: Self.july) == 19_800)
        #expect(throws: SystemTimeZone.LoadError.notFound(identifier: "Europe/Berlin", path: dir + "/Europe/Berlin")) {
            try SystemTimeZone.load("Europe/Berlin", environment: ["TZDIR": dir])
        }
        #expect(SystemTimeZone.lookup(environment: ["TZDIR": dir]).zone(named: "Test/Zone") != nil)
        #expect(SystemTimeZone.resolve(environment: ["TZDIR": dir, "TZ": "Test/Zone"]).offset(at: Self.july) == 19_800)
    }

    /// Names that could leave the zone directory are refused before any file is opened.
    @Test(arguments: [
        "../../../etc/passwd", "/etc/localtime", "Europe/../Europe/Berlin", "Europe//Berlin", "Europe/", "", "Europe/Berlin\n",
    ])
    func refusesBadIdentifiers(name: String) {
        #expect(throws: SystemTimeZone.LoadError.invalidIdentifier(name)) {
            try SystemTimeZone.load(name, environment: [:])
        }
        #expect(SystemTimeZone.processLookup.zone(named: name) == nil)
    }

    @Test func refusesFilesThatAreNoZone() throws {
        let dir = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try Data("not a zone".utf8).write(to: URL(fileURLWithPath: dir + "/Fake"))
        #expect(throws: SystemTimeZone.LoadError.notTZif(identifier: "Fake", path: dir + "/Fake")) {
            try SystemTimeZone.load("Fake", environment: ["TZDIR": dir])
        }
    }

    /// TZ as glibc reads it: ":Name" and "Name", "UTC", a POSIX rule; unknown values fall back
    /// to /etc/localtime.
    @Test func resolvesTZ() throws {
        let dir = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let link = dir + "/localtime"
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: "/usr/share/zoneinfo/Asia/Kolkata")
        #expect(SystemTimeZone.resolve(environment: ["TZ": ":Europe/Berlin"], localtime: link).identifier == "Europe/Berlin")
        #expect(SystemTimeZone.resolve(environment: ["TZ": "Europe/Berlin"], localtime: link).identifier == "Europe/Berlin")
        #expect(SystemTimeZone.resolve(environment: ["TZ": "UTC"], localtime: link).identifier == "Etc/UTC")
        let rule = SystemTimeZone.resolve(environment: ["TZ": "EST5EDT,M3.2.0,M11.1.0"], localtime: link)
        #expect(rule.offset(at: Self.july) == -4 * 3600)
        #expect(SystemTimeZone.resolve(environment: ["TZ": "No/Such_Zone"], localtime: link).identifier == "Asia/Kolkata")
        #expect(SystemTimeZone.resolve(environment: ["TZ": ""], localtime: link).identifier == "Asia/Kolkata")
    }

    /// /etc/localtime as a symlink names the zone; as a copied file it still gives its rules;
    /// missing, the zone is UTC.
    @Test func resolvesLocaltime() throws {
        let dir = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try FileManager.default.createSymbolicLink(atPath: dir + "/linked", withDestinationPath: "../usr/share/zoneinfo/America/New_York")
        #expect(SystemTimeZone.zoneName(inLinkTarget: "../usr/share/zoneinfo/America/New_York") == "America/New_York")
        #expect(SystemTimeZone.resolve(environment: [:], localtime: dir + "/linked").identifier == "America/New_York")
        try FileManager.default.copyItem(atPath: "/usr/share/zoneinfo/Asia/Kolkata", toPath: dir + "/copied")
        #expect(SystemTimeZone.resolve(environment: [:], localtime: dir + "/copied").offset(at: Self.july) == 19_800)
        #expect(SystemTimeZone.resolve(environment: [:], localtime: dir + "/missing") == .utc)
    }

    @Test func listsIdentifiers() {
        let names = SystemTimeZone.identifiers(in: "/usr/share/zoneinfo")
        #expect(names.contains("Europe/Berlin"))
        #expect(names.contains("UTC"))
        #expect(names.count > 400)
    }
}
