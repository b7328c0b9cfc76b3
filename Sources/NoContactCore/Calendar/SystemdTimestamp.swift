#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif

/// systemd's timestamp syntax (systemd.time(7), "Parsing Timestamps"), as accepted by
/// `systemd-analyze calendar --base-time=`, and its display format.
public enum SystemdTimestamp {
    /// Parses a timestamp such as "2026-03-28 12:00:00 UTC", "2026-03-28 12:00 Europe/Berlin",
    /// "Sat 2026-03-28 12:00:00", "12:00", "@1774699200", "now", "today", "tomorrow",
    /// "yesterday", "+5min", "-2h" or "3 days ago"; times without a zone are in `zone`.
    /// Tzdata zone names at the end are looked up in `zones`.
    public static func parse(_ text: String, in zone: Zone, zones: ZoneLookup, now: Date) throws(CalendarSpecError) -> Date {
        let nowUsec = CalendarSpec.usec(before: now)
        let usec = try parseUsec(text, local: zone.model, zones: zones, now: nowUsec)
        return CalendarSpec.date(usec: usec)
    }

    /// "Sat 2026-03-28 12:00:00 CET": the weekday, date, time and zone abbreviation of `date`
    /// in `zone`, exactly as systemd prints timestamps.
    public static func format(_ date: Date, in zone: Zone) -> String {
        let usec = CalendarSpec.usec(before: date)
        return format(seconds: CalendarReport.floorSeconds(usec), zone: zone.model)
    }

    private static let weekdays = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]

    static func format(seconds: Int64, zone: CalendarSpecZone) -> String {
        let tm = zone.localtime(seconds)
        var s = weekdays[tm.wday]
        s += " "
        s += CalendarSpec.padded(tm.year + 1900, 4)
        s += "-"
        s += CalendarSpec.padded(tm.mon + 1, 2)
        s += "-"
        s += CalendarSpec.padded(tm.mday, 2)
        s += " "
        s += CalendarSpec.padded(tm.hour, 2)
        s += ":"
        s += CalendarSpec.padded(tm.min, 2)
        s += ":"
        s += CalendarSpec.padded(tm.sec, 2)
        s += " "
        s += tm.zoneName
        return s
    }

    // MARK: - Parsing

    private static func fail(_ text: String, _ column: Int, _ message: String) -> CalendarSpecError {
        CalendarSpecError(expression: text, column: column, message: message)
    }

    private static let units: [(String, Int64)] = [
        ("seconds", 1_000_000), ("second", 1_000_000), ("sec", 1_000_000), ("s", 1_000_000),
        ("minutes", 60_000_000), ("minute", 60_000_000), ("min", 60_000_000), ("m", 60_000_000),
        ("hours", 3_600_000_000), ("hour", 3_600_000_000), ("hr", 3_600_000_000), ("h", 3_600_000_000),
        ("days", 86_400_000_000), ("day", 86_400_000_000), ("d", 86_400_000_000),
        ("weeks", 604_800_000_000), ("week", 604_800_000_000), ("w", 604_800_000_000),
        ("months", 2_629_800_000_000), ("month", 2_629_800_000_000), ("M", 2_629_800_000_000),
        ("years", 31_557_600_000_000), ("year", 31_557_600_000_000), ("y", 31_557_600_000_000),
        ("msec", 1_000), ("ms", 1_000), ("usec", 1), ("us", 1),
    ]

    /// A time span such as "3min", "1h 30min", "2d" or "90" (seconds), in microseconds, as
    /// systemd.time(7) writes them; nil when it is not one.
    public static func timeSpan(_ text: String) -> Int64? {
        let trimmed = text.trimmingSpaces()
        guard !trimmed.isEmpty else { return nil }
        return parseSpan(Substring(trimmed))
    }

    /// A time span such as "5min", "1h 30min" or "90" (seconds), in microseconds.
    private static func parseSpan(_ s: Substring) -> Int64? {
        var rest = s.drop(while: { $0 == " " })
        var total: Int64 = 0
        var any = false
        while !rest.isEmpty {
            let digits = rest.prefix(while: { $0.isASCII && $0.isNumber })
            guard !digits.isEmpty, let n = Int64(digits) else { return nil }
            rest = rest.dropFirst(digits.count).drop(while: { $0 == " " })
            let word = rest.prefix(while: { $0.isLetter })
            var factor: Int64 = 1_000_000
            if !word.isEmpty {
                guard let unit = units.first(where: { $0.0 == String(word) }) else { return nil }
                factor = unit.1
            }
            let (product, overflow) = n.multipliedReportingOverflow(by: factor)
            if overflow { return nil }
            total += product
            any = true
            rest = rest.dropFirst(word.count).drop(while: { $0 == " " })
        }
        return any ? total : nil
    }

    static func parseUsec(_ text: String, local: CalendarSpecZone, zones: ZoneLookup, now: Int64) throws(CalendarSpecError) -> Int64 {
        if text.isEmpty { throw fail(text, 1, "the timestamp is empty; write e.g. '2026-03-28 12:00:00 UTC' or '@1774699200'") }
        switch text {
        case "now": return now
        case "today", "yesterday", "tomorrow":
            var tm = local.localtime(CalendarReport.floorSeconds(now))
            tm.hour = 0
            tm.min = 0
            tm.sec = 0
            tm.isdst = -1
            tm.mday += text == "yesterday" ? -1 : (text == "tomorrow" ? 1 : 0)
            var state = CalendarSpecZone.MktimeState(offset: -Int64(tm.gmtoff))
            guard let t = local.mktime(&tm, state: &state) else { throw fail(text, 1, "cannot resolve '\(text)'") }
            return t * 1_000_000
        default: break
        }
        if text.hasPrefix("+") || text.hasPrefix("-") {
            guard let span = parseSpan(text.dropFirst()) else {
                throw fail(text, 2, "expected a time span such as '5min' or '2h' after '\(text.prefix(1))'")
            }
            return text.hasPrefix("+") ? now + span : now - span
        }
        if text.hasSuffix(" ago") {
            guard let span = parseSpan(text.dropLast(4)) else {
                throw fail(text, 1, "expected a time span such as '5min' before 'ago'")
            }
            return now - span
        }
        if text.hasPrefix("@") {
            let body = text.dropFirst()
            let parts = body.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
            guard let whole = parts.first, !whole.isEmpty, whole.allSatisfy({ $0.isASCII && $0.isNumber }),
                let seconds = Int64(whole), seconds < 253_402_300_800
            else {
                throw fail(text, 2, "expected seconds since 1970-01-01 00:00 UTC after '@'")
            }
            var usec = seconds * 1_000_000
            if parts.count == 2 {
                let frac = parts[1]
                guard !frac.isEmpty, frac.allSatisfy({ $0.isASCII && $0.isNumber }) else {
                    throw fail(text, whole.count + 3, "expected digits after the decimal point")
                }
                let six = String((frac + "000000").prefix(6))
                usec += Int64(six) ?? 0
            }
            return usec
        }

        // A trailing zone: " UTC", the local zone's abbreviations, or a tzdata name.
        var body = text
        var zone = local
        var utc = false
        var isdst = -1
        if text.uppercased().hasSuffix(" UTC") {
            body = String(text.dropLast(4))
            utc = true
        } else if let abbreviation = [local.tzname.0, local.tzname.1].firstIndex(where: { name in
            !name.isEmpty && text.count > name.count && text.uppercased().hasSuffix(" " + name.uppercased())
        }) {
            let name = abbreviation == 0 ? local.tzname.0 : local.tzname.1
            body = String(text.dropLast(name.count + 1))
            isdst = abbreviation
        } else if let space = text.lastIndex(of: " "), let named = zones.zone(named: String(text[text.index(after: space)...]))?.model {
            body = String(text[..<space])
            zone = named
        }
        if utc { zone = CalendarSpecZone.utc }

        var rest = Substring(body)
        // An optional weekday, which must agree with the date.
        var weekday: Int?
        if let first = rest.split(separator: " ", maxSplits: 1).first,
            let idx = CalendarSpecParser.dayNames.firstIndex(where: { $0.0 == first.lowercased() })
        {
            weekday = (CalendarSpecParser.dayNames[idx].1 + 1) % 7
            rest = rest.dropFirst(first.count).drop(while: { $0 == " " })
        }

        var tm = zone.localtime(CalendarReport.floorSeconds(now))
        var usecFraction: Int64 = 0
        let pieces = rest.split(separator: " ", omittingEmptySubsequences: false)
        guard pieces.count == 1 || pieces.count == 2 else {
            throw fail(text, 1, "expected 'YYYY-MM-DD [HH:MM[:SS]] [ZONE]', '@SECONDS' or 'now'")
        }
        var datePart: Substring?
        var timePart: Substring?
        if pieces.count == 2 {
            datePart = pieces[0]
            timePart = pieces[1]
        } else if pieces[0].contains(":") {
            timePart = pieces[0]
        } else {
            datePart = pieces[0]
        }
        if let datePart {
            let f = datePart.split(separator: "-", omittingEmptySubsequences: false)
            guard f.count == 3, f.allSatisfy({ !$0.isEmpty && $0.allSatisfy { $0.isASCII && $0.isNumber } }),
                var y = Int(f[0]), let m = Int(f[1]), let d = Int(f[2]),
                (1...12).contains(m), (1...31).contains(d)
            else {
                throw fail(text, 1, "expected a date YYYY-MM-DD, found '\(datePart)'")
            }
            if f[0].count <= 2 { y += y < 69 ? 2000 : 1900 }
            tm.year = y - 1900
            tm.mon = m - 1
            tm.mday = d
            tm.hour = 0
            tm.min = 0
            tm.sec = 0
        }
        if let timePart {
            let f = timePart.split(separator: ":", omittingEmptySubsequences: false)
            guard f.count == 2 || f.count == 3 else {
                throw fail(text, 1, "expected a time HH:MM[:SS], found '\(timePart)'")
            }
            var secondText = f.count == 3 ? f[2] : "0"
            if let dot = secondText.firstIndex(of: ".") {
                let frac = secondText[secondText.index(after: dot)...]
                guard !frac.isEmpty, frac.allSatisfy({ $0.isASCII && $0.isNumber }) else {
                    throw fail(text, 1, "expected digits after the decimal point in '\(timePart)'")
                }
                usecFraction = Int64(String((frac + "000000").prefix(6))) ?? 0
                secondText = secondText[..<dot]
            }
            guard [f[0], f[1], secondText].allSatisfy({ !$0.isEmpty && $0.allSatisfy { $0.isASCII && $0.isNumber } }),
                let h = Int(f[0]), let mi = Int(f[1]), let s = Int(secondText),
                h <= 23, mi <= 59, s <= 60
            else {
                throw fail(text, 1, "expected a time HH:MM[:SS] with hour 0..23 and minute 0..59, found '\(timePart)'")
            }
            tm.hour = h
            tm.min = mi
            tm.sec = s
        }
        tm.isdst = isdst
        var state = CalendarSpecZone.MktimeState(offset: -Int64(tm.gmtoff))
        // Like systemd (strptime, then mktime), a day past the month's end rolls over:
        // "2026-02-31" is 2026-03-03. The weekday is checked before that normalization.
        if let weekday {
            var probe = tm
            probe.hour = 12
            probe.isdst = -1
            var probeState = state
            _ = zone.mktime(&probe, state: &probeState)
            if probe.wday != weekday {
                throw fail(text, 1, "the weekday does not match the date")
            }
        }
        guard let t = zone.mktime(&tm, state: &state) else {
            throw fail(text, 1, "the timestamp cannot be represented")
        }
        if t < 0 {
            throw fail(text, 1, "the timestamp is before 1970-01-01 00:00 UTC")
        }
        return t * 1_000_000 + usecFraction
    }
}
