package import NoContactCore
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// Loads zones for Core's zone engine: tzdata files by identifier from `$TZDIR` or
/// /usr/share/zoneinfo, and the system zone from `TZ` or the /etc/localtime symlink.
///
/// Resolved afresh on each call, so a daemon sees a change of /etc/localtime at its next reload.
/// Only this file reads zone files; Core decodes the bytes.
package enum SystemTimeZone {
    /// Why a zone could not be loaded, with the name and file a person would check.
    package enum LoadError: Error, Equatable, CustomStringConvertible {
        /// Not a tzdata name: empty, absolute, with "..", or characters systemd refuses.
        case invalidIdentifier(String)
        /// No readable file for the name in the zone directory.
        case notFound(identifier: String, path: String)
        /// The file is there but holds no TZif data.
        case notTZif(identifier: String, path: String)

        package var description: String {
            switch self {
            case .invalidIdentifier(let name):
                return "\"\(name)\" is not a time zone name; use a name from the tz database, like \"Europe/Berlin\""
            case .notFound(let name, let path):
                return "there is no time zone \"\(name)\" (no readable file \(path))"
            case .notTZif(let name, let path):
                return "the time zone file of \"\(name)\" (\(path)) is no tzdata (TZif) file"
            }
        }
    }

    static let defaultDirectory = "/usr/share/zoneinfo"

    /// Where zone files are: `TZDIR` when it is an absolute path, else /usr/share/zoneinfo.
    package static func directory(environment: [String: String]) -> String {
        if let dir = environment["TZDIR"], dir.hasPrefix("/") { return dir }
        return defaultDirectory
    }

    /// The zone `identifier` ("Europe/Berlin") from the zone directory.
    package static func load(_ identifier: String, environment: [String: String]) throws(LoadError) -> Zone {
        guard Zone.isAcceptableName(identifier) else { throw .invalidIdentifier(identifier) }
        let path = directory(environment: environment) + "/" + identifier
        guard let bytes = readFile(path) else { throw .notFound(identifier: identifier, path: path) }
        guard let zone = Zone(identifier: identifier, tzif: bytes) else { throw .notTZif(identifier: identifier, path: path) }
        return zone
    }

    /// Zone names looked up in the zone directory, for the config and calendar expressions.
    /// Each zone file is read once per lookup (a config may name the same zone in a thousand
    /// schedule entries); a new lookup, as each reload makes, reads them afresh.
    package static func lookup(environment: [String: String]) -> ZoneLookup {
        let dir = directory(environment: environment)
        let loaded = Mutex<[String: Zone?]>([:])
        return ZoneLookup(
            zone: { name in
                if let known = loaded.withLock({ $0[name] }) { return known }
                let zone = try? load(name, environment: ["TZDIR": dir])
                loaded.withLock { $0[name] = zone }
                return zone
            },
            identifiers: { identifiers(in: dir) })
    }

    /// `lookup(environment:)` with this process's `TZDIR`.
    package static var processLookup: ZoneLookup {
        lookup(environment: getenv("TZDIR").map { ["TZDIR": String(cString: $0)] } ?? [:])
    }

    /// The system's zone: `TZ` when set (`:Europe/Berlin` and `Europe/Berlin` alike, or a POSIX
    /// rule such as `CET-1CEST,M3.5.0,M10.5.0/3`), else the zone /etc/localtime links to (or
    /// the file itself when it is a copy), else UTC.
    package static func resolve(environment: [String: String], localtime: String = "/etc/localtime") -> Zone {
        if var name = environment["TZ"], !name.isEmpty {
            if name.hasPrefix(":") { name.removeFirst() }
            if name == "UTC" || name == "UTC0" { return (try? load("Etc/UTC", environment: environment)) ?? .utc }
            if let zone = try? load(name, environment: environment) { return zone }
            if let zone = Zone(posixRule: name) { return zone }
        }
        if let target = readLink(localtime), let name = zoneName(inLinkTarget: target) {
            if let zone = try? load(name, environment: environment) { return zone }
        }
        if let bytes = readFile(localtime), let zone = Zone(identifier: "localtime", tzif: bytes) {
            return zone
        }
        return .utc
    }

    /// "Europe/Berlin" for "../usr/share/zoneinfo/Europe/Berlin": what follows "zoneinfo/".
    static func zoneName(inLinkTarget target: String) -> String? {
        let marker = Array("zoneinfo/".utf8)
        let bytes = Array(target.utf8)
        guard bytes.count > marker.count else { return nil }
        for start in stride(from: bytes.count - marker.count, through: 0, by: -1)
        where bytes[start..<(start + marker.count)].elementsEqual(marker) {
            return String(decoding: bytes[(start + marker.count)...], as: UTF8.self)
        }
        return nil
    }

    /// Every zone and link name tzdata lists (tzdata.zi's "Z" and "L" lines); empty when the
    /// directory has no tzdata.zi.
    package static func identifiers(in directory: String) -> [String] {
        guard let bytes = readFile(directory + "/tzdata.zi") else { return [] }
        var names: [String] = []
        for line in bytes.split(separator: UInt8(ascii: "\n")) {
            let fields = line.split(separator: UInt8(ascii: " "))
            if fields.count >= 2, fields[0].elementsEqual("Z".utf8) {
                names.append(String(decoding: fields[1], as: UTF8.self))
            } else if fields.count >= 3, fields[0].elementsEqual("L".utf8) {
                names.append(String(decoding: fields[2], as: UTF8.self))
            }
        }
        return names
    }

    /// The whole file, or nil if it cannot be read (zone files are a few kilobytes; anything
    /// over 4 MB is no zone file).
    static func readFile(_ path: String) -> [UInt8]? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 16_384)
        while bytes.count <= 4 << 20 {
            let n = chunk.withUnsafeMutableBytes { buffer in buffer.baseAddress.map { read(fd, $0, buffer.count) } ?? -1 }
            if n < 0 {
                if errno == EINTR { continue }
                return nil
            }
            if n == 0 { return bytes }
            bytes.append(contentsOf: chunk[0..<n])
        }
        return nil
    }

    /// Where the symbolic link `path` points, or nil if it is none.
    static func readLink(_ path: String) -> String? {
        var buffer = [CChar](repeating: 0, count: 4096)
        let n = buffer.withUnsafeMutableBufferPointer { chars in chars.baseAddress.map { readlink(path, $0, chars.count) } ?? -1 }
        guard n > 0, n < buffer.count else { return nil }
        return String(decoding: buffer[0..<n].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
