public import Foundation
import NoContactCore

/// The system's time zone, resolved afresh on each call (Foundation caches `TimeZone.current`
/// for the life of the process, so a daemon would miss a change of /etc/localtime).
public enum SystemTimeZone {
    /// `TZ` when set (`:Europe/Berlin` and `Europe/Berlin` alike), else the zone /etc/localtime
    /// links to, else Foundation's idea of the current zone.
    public static func resolve(environment: [String: String], localtime: String = "/etc/localtime") -> TimeZone {
        if let value = environment["TZ"], !value.isEmpty {
            if let zone = CalendarReport.timeZone(fromTZ: value) { return zone }
        }
        if let target = try? FileManager.default.destinationOfSymbolicLink(atPath: localtime),
           let range = target.range(of: "zoneinfo/"),
           let zone = TimeZone(identifier: String(target[range.upperBound...]))
        {
            return zone
        }
        return TimeZone.current
    }
}
