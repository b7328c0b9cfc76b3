#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif

/// A parsed systemd calendar event expression (systemd.time(7), "Calendar Events"), with the
/// same meaning, normalized form and next-elapse behaviour as systemd 252's `OnCalendar=`.
///
/// ```swift
/// let spec = try CalendarSpec(parsing: "Mon..Fri *-*-* 21:00")
/// spec.normalized                        // "Mon..Fri *-*-* 21:00:00"
/// spec.nextElapse(after: now, in: zone)  // the next weekday at 21:00 in `zone`
/// ```
public struct CalendarSpec: Sendable, Hashable, CustomStringConvertible {
    /// One element of a comma-separated list: `start`, `start..stop`, `start/repeat` or
    /// `start..stop/repeat`; `stop` is -1 when absent. Seconds are stored in microseconds.
    struct Component: Hashable, Sendable, Comparable {
        var start: Int
        var stop: Int
        var `repeat`: Int

        static func < (a: Component, b: Component) -> Bool {
            (a.start, a.stop, a.repeat) < (b.start, b.stop, b.repeat)
        }
    }

    /// Which zone the expression is evaluated in.
    enum ZoneRule: Hashable, Sendable {
        /// The caller's zone.
        case local
        /// A trailing "UTC".
        case utc
        /// A trailing abbreviation of the local zone (systemd's `tzname[]`), which pins
        /// `tm_isdst` to 0 or 1 while evaluating in the local zone.
        case localDST(Int, String)
        /// A trailing tzdata zone name such as "Europe/Berlin".
        case named(String)
    }

    /// The parsed expression, after systemd's normalization. `nil` chains mean `*`.
    struct Model: Hashable, Sendable {
        var weekdaysBits = -1
        var year: [Component]?
        var month: [Component]?
        var day: [Component]?
        var hour: [Component]?
        var minute: [Component]?
        var microsecond: [Component]?
        var endOfMonth = false
        var zone = ZoneRule.local

        /// The `tm_isdst` value systemd uses while searching (-1 unless pinned by an abbreviation).
        var dst: Int {
            if case .localDST(let d, _) = zone { return d }
            return -1
        }
    }

    /// The expression exactly as written.
    public let originalText: String
    /// The normalized form, exactly as `systemd-analyze calendar` prints it after "Normalized form:".
    public let normalized: String
    let model: Model
    /// The tzdata zone named in the expression, resolved once at parse time.
    let namedZone: Zone?

    /// Parses `text` as systemd would with a local zone that has no abbreviation in common with
    /// the expression (so a trailing "CET" means the tzdata zone "CET").
    public init(parsing text: String) throws(CalendarSpecError) {
        try self.init(parsing: text, localZone: nil)
    }

    /// Parses `text` as systemd would if `localZone` were the process's zone (`TZ`): a trailing
    /// abbreviation of that zone ("CET", "CEST") then pins standard or daylight time, exactly as
    /// systemd does with `tzname[]`.
    /// Tzdata zone names at the end ("21:00 Europe/Berlin") are looked up in `zones`.
    public init(parsing text: String, localZone: Zone?, zones: ZoneLookup = .none) throws(CalendarSpecError) {
        var parser = CalendarSpecParser(text: text, localZone: localZone?.model, zones: zones)
        let model = try parser.parse()
        self.originalText = text
        self.model = model
        self.normalized = CalendarSpec.format(model)
        self.namedZone = parser.namedZone
    }

    /// Two specs are equal when they were written the same way and mean the same thing.
    public static func == (a: CalendarSpec, b: CalendarSpec) -> Bool {
        a.originalText == b.originalText && a.model == b.model
    }

    /// Hashes what `==` compares.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(originalText)
        hasher.combine(model)
    }

    /// The normalized form.
    public var description: String { normalized }

    /// The zone written at the end of the expression ("UTC", "Europe/Berlin"), if any.
    public var zone: Zone? {
        switch model.zone {
        case .utc: return .utc
        case .named: return namedZone
        case .local, .localDST: return nil
        }
    }

    /// The first instant strictly after `date` that matches, computed in the expression's own
    /// zone if it has one, else in `zone`. `nil` if there is none (e.g. `2020-01-01` in the past,
    /// `*-02-30`, or after the year 2199, systemd's limit).
    public func nextElapse(after date: Date, in zone: Zone) -> Date? {
        guard case .at(let usec) = nextElapse(afterUsec: CalendarSpec.usec(before: date), in: zone) else {
            return nil
        }
        return CalendarSpec.date(usec: usec)
    }

    /// Whether `date` has the wall-clock fields the expression asks for in the evaluation zone
    /// (the expression's own zone, else `zone`). In a DST overlap both occurrences of a matching
    /// wall-clock time match; `nextElapse` steps from the first to the next day as systemd does.
    public func matches(_ date: Date, in zone: Zone) -> Bool {
        let usec = CalendarSpec.usec(before: date)
        guard CalendarSpec.date(usec: usec) == date else { return false }
        let (z, utc) = evaluationZone(zone)
        var seconds = usec / 1_000_000
        var subsecondValue = usec % 1_000_000
        if subsecondValue < 0 {
            subsecondValue += 1_000_000
            seconds -= 1
        }
        let subsecond = Int(subsecondValue)
        let tm = utc ? CalendarSpecZone.gmtime(seconds) : z.localtime(seconds)
        let year = tm.year + 1900
        guard year >= CalendarSpec.minYear, year <= CalendarSpec.maxYear else { return false }
        let m = model
        if m.weekdaysBits >= 0 && m.weekdaysBits < 127 {
            let k = tm.wday == 0 ? 6 : tm.wday - 1
            if m.weekdaysBits & (1 << k) == 0 { return false }
        }
        guard CalendarSpec.chain(m.year, allows: year),
            CalendarSpec.chain(m.month, allows: tm.mon + 1),
            CalendarSpec.chain(m.hour, allows: tm.hour),
            CalendarSpec.chain(m.minute, allows: tm.min),
            CalendarSpec.chain(m.microsecond, allows: tm.sec * CalendarSpec.usecPerSec + subsecond)
        else { return false }
        if m.endOfMonth, let days = m.day {
            let leap = CalendarSpecZone.isLeap(year)
            let monthLength = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][tm.mon]
            // "~N" is the N-th last day; a range ~a..b runs from the b-th last to the a-th last.
            let hit = days.contains { c in
                var start = monthLength + 1 - c.start
                var stop = c.stop >= 0 ? monthLength + 1 - c.stop : -1
                if stop > 0 { swap(&start, &stop) }
                return CalendarSpec.component(start: start, stop: stop, repeat: c.repeat, allows: tm.mday)
            }
            if !hit { return false }
        } else if !CalendarSpec.chain(m.day, allows: tm.mday) {
            return false
        }
        return true
    }

    // MARK: - Internals shared with CalendarReport

    /// The zone model and UTC flag the expression is evaluated with, given the caller's zone.
    func evaluationZone(_ zone: Zone) -> (CalendarSpecZone, Bool) {
        switch model.zone {
        case .utc: return (CalendarSpecZone.utc, true)
        case .named: return ((namedZone ?? zone).model, false)
        case .local, .localDST: return (zone.model, false)
        }
    }

    func nextElapse(afterUsec base: Int64, in zone: Zone) -> NextResult {
        let (z, utc) = evaluationZone(zone)
        return nextElapse(afterUsec: base, zone: z, utc: utc)
    }

    func nextElapse(afterUsec base: Int64, zone: CalendarSpecZone, utc: Bool) -> NextResult {
        var evaluation = Evaluation(model: model, zone: zone, utc: utc)
        return evaluation.next(after: base)
    }

    /// The largest whole microsecond count whose instant is not after `date`, so "strictly
    /// after `date`" is "strictly after this count", and dates made by `date(usec:)` round-trip.
    static func usec(before date: Date) -> Int64 {
        let seconds = date.timeIntervalSince1970
        guard seconds.isFinite else { return seconds > 0 ? Int64.max / 2 : -1 }
        let clamped = max(-1e12, min(1e13, seconds))
        var u = Int64((clamped * 1e6).rounded())
        if CalendarSpec.date(usec: u) > date { u -= 1 }
        return u
    }

    static func date(usec: Int64) -> Date {
        Date(timeIntervalSince1970: Double(usec) / 1e6)
    }

    static func component(start: Int, stop: Int, repeat rep: Int, allows v: Int) -> Bool {
        if v == start { return true }
        guard rep > 0, v > start, (v - start) % rep == 0 else { return false }
        return stop < 0 || v <= stop
    }

    static func chain(_ chain: [Component]?, allows v: Int) -> Bool {
        guard let chain else { return true }
        return chain.contains { component(start: $0.start, stop: $0.stop, repeat: $0.repeat, allows: v) }
    }

    // MARK: - Normalized form (calendar_spec_to_string)

    static func format(_ m: Model) -> String {
        var out = ""
        if m.weekdaysBits > 0 && m.weekdaysBits <= 127 {
            formatWeekdays(m.weekdaysBits, into: &out)
            out += " "
        }
        formatChain(m.year, width: 4, usec: false, into: &out)
        out += "-"
        formatChain(m.month, width: 2, usec: false, into: &out)
        out += m.endOfMonth ? "~" : "-"
        formatChain(m.day, width: 2, usec: false, into: &out)
        out += " "
        formatChain(m.hour, width: 2, usec: false, into: &out)
        out += ":"
        formatChain(m.minute, width: 2, usec: false, into: &out)
        out += ":"
        formatChain(m.microsecond, width: 2, usec: true, into: &out)
        switch m.zone {
        case .utc: out += " UTC"
        case .named(let name): out += " " + name
        case .localDST(_, let name): if !name.isEmpty { out += " " + name }
        case .local: break
        }
        return out
    }

    private static let dayNames = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]

    private static func formatWeekdays(_ bits: Int, into out: inout String) {
        var l = -1
        var needComma = false
        var x = 0
        while x < 7 {
            if bits & (1 << x) != 0 {
                if l < 0 {
                    if needComma { out += "," } else { needComma = true }
                    out += dayNames[x]
                    l = x
                }
            } else if l >= 0 {
                if x > l + 1 {
                    out += x > l + 2 ? ".." : ","
                    out += dayNames[x - 1]
                }
                l = -1
            }
            x += 1
        }
        if l >= 0 && x > l + 1 {
            out += x > l + 2 ? ".." : ","
            out += dayNames[x - 1]
        }
    }

    /// printf("%0*i") for non-negative values.
    static func padded(_ v: Int, _ width: Int) -> String {
        let s = String(v)
        return s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
    }

    private static func formatChain(_ chain: [Component]?, width: Int, usec: Bool, into out: inout String) {
        guard let chain, !chain.isEmpty else {
            out += "*"
            return
        }
        let d = usec ? usecPerSec : 1
        // systemd 252 prints the seconds of "*" as "*", but a written "00..59" stays as it is.
        if usec, chain.count == 1, chain[0].start == 0, chain[0].stop < 0, chain[0].repeat == usecPerSec {
            out += "*"
            return
        }
        for (i, c) in chain.enumerated() {
            if i > 0 { out += "," }
            out += padded(c.start / d, width)
            if c.start % d > 0 { out += "." + padded(c.start % d, 6) }
            if c.stop > 0 { out += ".." + padded(c.stop / d, width) }
            if c.stop % d > 0 { out += "." + padded(c.stop % d, 6) }
            if c.repeat > 0 && !(c.stop > 0 && c.repeat == d) { out += "/" + String((c.repeat) / d) }
            if c.repeat % d > 0 { out += "." + padded(c.repeat % d, 6) }
        }
    }
}
