public import Foundation

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
    public static func lines(for text: String, base: Date, iterations: Int, zone: TimeZone) throws(CalendarSpecError) -> [String] {
        let spec = try CalendarSpec(parsing: text, localZone: zone)
        let display = CalendarSpecZone.forTimeZone(zone)
        let (evalZone, utc) = spec.evaluationZone(zone)
        var rows: [(String, String)] = []
        if spec.normalized != text {
            rows.append(("Original form", text))
        }
        rows.append(("Normalized form", spec.normalized))
        var n = CalendarSpec.usec(before: base)
        var i = 0
        while i < iterations {
            let result = spec.nextElapse(afterUsec: n, zone: evalZone, utc: utc)
            guard case .at(let next) = result else {
                if result == .failed {
                    throw CalendarSpecError(
                        expression: text, column: 1,
                        message: "systemd gives up computing the next elapse of this expression (its loop guard trips)")
                }
                if i == 0 { rows.append(("Next elapse", "never")) }
                break
            }
            let seconds = floorSeconds(next)
            rows.append((i == 0 ? "Next elapse" : "Iter. #\(i + 1)", SystemdTimestamp.format(seconds: seconds, zone: display)))
            if !display.isUTCLike {
                rows.append(("(in UTC)", SystemdTimestamp.format(seconds: seconds, zone: CalendarSpecZone.utc)))
            }
            n = next
            i += 1
        }
        let width = rows.reduce(0) { max($0, $1.0.count) }
        return rows.map { label, value in
            String(repeating: " ", count: width - label.count) + label + ": " + value
        }
    }

    static func floorSeconds(_ usec: Int64) -> Int64 {
        var s = usec / 1_000_000
        if usec % 1_000_000 < 0 { s -= 1 }
        return s
    }

    /// A `TimeZone` for a `TZ` environment value as glibc reads it (":Europe/Berlin" is
    /// "Europe/Berlin"); nil when unset, empty or unknown, so the caller can fall back to the
    /// system zone. Pure: the caller passes the value in.
    public static func timeZone(fromTZ value: String?) -> TimeZone? {
        guard var name = value, !name.isEmpty else { return nil }
        if name.hasPrefix(":") { name.removeFirst() }
        if name == "UTC" || name == "UTC0" { return TimeZone(identifier: "Etc/UTC") }
        return TimeZone(identifier: name)
    }
}
