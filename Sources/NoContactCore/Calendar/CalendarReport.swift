#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif

/// The report `systemd-analyze calendar` prints for one expression, line for line, so that
/// `nocontact calendar` can be compared with it directly.
public enum CalendarReport {
    /// The lines `systemd-analyze calendar --base-time=BASE --iterations=N EXPR` prints with
    /// `TZ` set to `zone`, without the "From now:" lines (those depend on the wall clock).
    ///
    /// Labels are right-aligned as in systemd's table ("  Original form:", "Normalized form:",
    /// "    Next elapse:", "       (in UTC):", "       Iter. #2:"). "Original form" only appears
    /// when it differs from the normalized form, and "(in UTC)" only when `zone` is not UTC.
    /// Throws for an invalid expression, and also in the rare case where systemd itself gives up
    /// computing an elapse (it then prints nothing for the expression and fails).
    public static func lines(for text: String, base: Date, iterations: Int, zone: Zone, zones: ZoneLookup) throws(CalendarSpecError)
        -> [String]
    {
        let report = try elapses(of: text, base: base, iterations: iterations, zone: zone, zones: zones)
        var rows: [(String, String)] = []
        if report.normalized != text {
            rows.append(("Original form", text))
        }
        rows.append(("Normalized form", report.normalized))
        if report.elapses.isEmpty { rows.append(("Next elapse", "never")) }
        for (i, elapse) in report.elapses.enumerated() {
            rows.append((i == 0 ? "Next elapse" : "Iter. #\(i + 1)", elapse.local))
            if let utc = elapse.utc { rows.append(("(in UTC)", utc)) }
        }
        let width = rows.reduce(0) { max($0, $1.0.count) }
        return rows.map { label, value in
            String(repeating: " ", count: width - label.count) + label + ": " + value
        }
    }

    /// The normalized form of an expression and its next `iterations` elapses after `base`
    /// (fewer when it never elapses again), in systemd's timestamp format.
    public static func elapses(of text: String, base: Date, iterations: Int, zone: Zone, zones: ZoneLookup) throws(CalendarSpecError)
        -> Elapses
    {
        let spec = try CalendarSpec(parsing: text, localZone: zone, zones: zones)
        let display = zone.model
        let (evalZone, utc) = spec.evaluationZone(zone)
        var report = Elapses(expression: text, normalized: spec.normalized, elapses: [])
        var n = CalendarSpec.usec(before: base)
        while report.elapses.count < iterations {
            let result = spec.nextElapse(afterUsec: n, zone: evalZone, utc: utc)
            guard case .at(let next) = result else {
                if result == .failed {
                    throw CalendarSpecError(
                        expression: text, column: 1,
                        message: "systemd gives up computing the next elapse of this expression (its loop guard trips)")
                }
                break
            }
            let seconds = floorSeconds(next)
            report.elapses.append(
                Elapse(
                    usec: next, local: SystemdTimestamp.format(seconds: seconds, zone: display),
                    utc: display.isUTCLike ? nil : SystemdTimestamp.format(seconds: seconds, zone: CalendarSpecZone.utc)))
            n = next
        }
        return report
    }

    /// An expression, normalized, and when it falls due.
    public struct Elapses: Sendable, Equatable, Codable {
        public var expression: String
        public var normalized: String
        public var elapses: [Elapse]
    }

    /// One elapse: microseconds since 1970, the local time as systemd prints it, and the same in
    /// UTC (nil when the zone is UTC).
    public struct Elapse: Sendable, Equatable, Codable {
        public var usec: Int64
        public var local: String
        public var utc: String?
    }

    static func floorSeconds(_ usec: Int64) -> Int64 {
        var s = usec / 1_000_000
        if usec % 1_000_000 < 0 { s -= 1 }
        return s
    }
}
