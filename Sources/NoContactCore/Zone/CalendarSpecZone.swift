/// Broken-down time with the same conventions as C's `struct tm` (year since 1900, month 0...11),
/// because the next-elapse algorithm is a field-by-field port of systemd's, which relies on
/// exactly how glibc normalizes these fields.
struct CalendarSpecTM: Sendable, Equatable {
    var year = 70
    var mon = 0
    var mday = 1
    var hour = 0
    var min = 0
    var sec = 0
    var isdst = 0
    var wday = 4
    var yday = 0
    var gmtoff = 0
    var zoneName = ""
}

/// A time zone as glibc sees it: the transitions and types of the TZif file plus its POSIX TZ
/// footer for instants after the last transition.
///
/// The engine behind `Zone`: the same offsets, DST flags and abbreviations glibc uses (systemd
/// prints the tzdata abbreviation, "CET", where Foundation said "GMT+1").
final class CalendarSpecZone: Sendable {
    struct LocalType: Sendable, Equatable {
        var utoff: Int
        var isdst: Bool
        var abbreviation: String
    }

    /// One half of a POSIX TZ rule ("M3.5.0/2" and the offset it applies to).
    struct PosixRule: Sendable {
        enum Kind: Sendable { case julian1, julian0, monthWeekDay }
        var kind: Kind
        var m = 0
        var n = 0
        var d = 0
        var secs = 7200
        var offset = 0
        var name = ""
    }

    /// The POSIX TZ footer, e.g. "CET-1CEST,M3.5.0,M10.5.0/3".
    struct PosixTZ: Sendable {
        var std: PosixRule
        var dst: PosixRule
        var hasDST: Bool
    }

    let identifier: String
    let transitions: [Int64]
    let transitionTypes: [Int]
    let types: [LocalType]
    let footer: PosixTZ?
    /// glibc's `tzname[0]` and `tzname[1]` after `tzset()`.
    let tzname: (String, String)
    /// Whether systemd's `in_utc_timezone()` would be true with this zone as TZ.
    let isUTCLike: Bool

    static let utc = CalendarSpecZone(
        identifier: "UTC", transitions: [], transitionTypes: [],
        types: [LocalType(utoff: 0, isdst: false, abbreviation: "UTC")], footer: nil)

    init(identifier: String, transitions: [Int64], transitionTypes: [Int], types: [LocalType], footer: PosixTZ?) {
        self.identifier = identifier
        self.transitions = transitions
        self.transitionTypes = transitionTypes
        self.types = types.isEmpty ? [LocalType(utoff: 0, isdst: false, abbreviation: "UTC")] : types
        self.footer = footer
        // Like glibc's __tzfile_read: the most recent standard and daylight types that are
        // transitioned to give tzname and the rule offsets.
        var names: [String?] = [nil, nil]
        var offsets: [Int?] = [nil, nil]
        var i = transitionTypes.count
        while i > 0 {
            i -= 1
            let type = self.types[transitionTypes[i]]
            let dst = type.isdst ? 1 : 0
            if names[dst] == nil {
                names[dst] = type.abbreviation
                offsets[dst] = type.utoff
                if names[1 - dst] != nil { break }
            }
        }
        if names[0] == nil {
            names[0] = self.types[0].abbreviation
            offsets[0] = self.types[0].utoff
        }
        let std = names[0] ?? "UTC"
        let stdOffset = offsets[0] ?? 0
        self.tzname = (std, names[1] ?? std)
        self.isUTCLike = stdOffset == 0 && (offsets[1] ?? stdOffset) == stdOffset
    }

    /// systemd's `timezone_is_valid()` character rules (the file check is the lookup's).
    static func isAcceptableZoneName(_ name: String) -> Bool {
        if name.isEmpty || name.hasPrefix("/") { return false }
        var slash = false
        for b in name.utf8 {
            let ok =
                (b >= 48 && b <= 57) || (b >= 65 && b <= 90) || (b >= 97 && b <= 122)
                || b == UInt8(ascii: "-") || b == UInt8(ascii: "_") || b == UInt8(ascii: "+") || b == UInt8(ascii: "/")
            if !ok { return false }
            if b == UInt8(ascii: "/") {
                if slash { return false }
                slash = true
            } else {
                slash = false
            }
        }
        return !slash
    }

    /// Decodes a TZif file (RFC 8536), using the 64-bit section when present as glibc does.
    static func parseTZif(_ bytes: [UInt8], identifier: String) -> CalendarSpecZone? {
        guard bytes.count >= 44, bytes[0] == 0x54, bytes[1] == 0x5A, bytes[2] == 0x69, bytes[3] == 0x66 else {
            return nil
        }
        func be32(_ at: Int) -> Int64? {
            guard at + 4 <= bytes.count else { return nil }
            let v = UInt32(bytes[at]) << 24 | UInt32(bytes[at + 1]) << 16 | UInt32(bytes[at + 2]) << 8 | UInt32(bytes[at + 3])
            return Int64(Int32(bitPattern: v))
        }
        func be64(_ at: Int) -> Int64? {
            guard at + 8 <= bytes.count else { return nil }
            var v: UInt64 = 0
            for k in 0..<8 { v = v << 8 | UInt64(bytes[at + k]) }
            return Int64(bitPattern: v)
        }
        struct Header { var isut, isstd, leap, time, type, char: Int }
        func header(_ at: Int) -> Header? {
            guard let a = be32(at + 20), let b = be32(at + 24), let c = be32(at + 28),
                let d = be32(at + 32), let e = be32(at + 36), let f = be32(at + 40),
                a >= 0, b >= 0, c >= 0, d >= 0, e > 0, f >= 0
            else { return nil }
            return Header(isut: Int(a), isstd: Int(b), leap: Int(c), time: Int(d), type: Int(e), char: Int(f))
        }
        guard var h = header(0) else { return nil }
        let version = bytes[4]
        var base = 44
        var timeSize = 4
        if version >= UInt8(ascii: "2") {
            let v1Length = h.time * 5 + h.type * 6 + h.char + h.leap * 8 + h.isstd + h.isut
            let second = 44 + v1Length
            guard let h2 = header(second) else { return nil }
            h = h2
            base = second + 44
            timeSize = 8
        }
        var p = base
        var transitions: [Int64] = []
        transitions.reserveCapacity(h.time)
        for _ in 0..<h.time {
            guard let t = timeSize == 8 ? be64(p) : be32(p) else { return nil }
            transitions.append(t)
            p += timeSize
        }
        var transitionTypes: [Int] = []
        for _ in 0..<h.time {
            guard p < bytes.count else { return nil }
            transitionTypes.append(Int(bytes[p]))
            p += 1
        }
        var raw: [(Int, Bool, Int)] = []
        for _ in 0..<h.type {
            guard let off = be32(p), p + 6 <= bytes.count else { return nil }
            raw.append((Int(off), bytes[p + 4] != 0, Int(bytes[p + 5])))
            p += 6
        }
        guard p + h.char <= bytes.count else { return nil }
        let chars = Array(bytes[p..<(p + h.char)])
        p += h.char
        p += h.leap * (timeSize + 4) + h.isstd + h.isut
        let types = raw.map { (off, dst, idx) -> LocalType in
            var end = idx
            while end < chars.count, chars[end] != 0 { end += 1 }
            let name = idx < chars.count ? String(decoding: chars[idx..<end], as: UTF8.self) : ""
            return LocalType(utoff: off, isdst: dst, abbreviation: name)
        }
        guard transitionTypes.allSatisfy({ $0 < types.count }) else { return nil }
        var footer: PosixTZ?
        if timeSize == 8, p < bytes.count, bytes[p] == 0x0A {
            var end = p + 1
            while end < bytes.count, bytes[end] != 0x0A { end += 1 }
            footer = parsePosixTZ(Array(bytes[(p + 1)..<end]))
        }
        return CalendarSpecZone(
            identifier: identifier, transitions: transitions, transitionTypes: transitionTypes,
            types: types, footer: footer)
    }

    /// Parses a POSIX TZ string the way glibc's __tzset_parse_tz does (the subset tzdata emits).
    static func parsePosixTZ(_ s: [UInt8]) -> PosixTZ? {
        var i = 0
        func name() -> String? {
            if i < s.count, s[i] == UInt8(ascii: "<") {
                let start = i + 1
                while i < s.count, s[i] != UInt8(ascii: ">") { i += 1 }
                guard i < s.count else { return nil }
                let n = String(decoding: s[start..<i], as: UTF8.self)
                i += 1
                return n
            }
            let start = i
            while i < s.count, (s[i] >= 65 && s[i] <= 90) || (s[i] >= 97 && s[i] <= 122) { i += 1 }
            return i - start >= 3 ? String(decoding: s[start..<i], as: UTF8.self) : nil
        }
        func number() -> Int? {
            let start = i
            var v = 0
            while i < s.count, s[i] >= 48, s[i] <= 57 {
                v = v * 10 + Int(s[i] - 48)
                i += 1
            }
            return i > start ? v : nil
        }
        /// [+-]hh[:mm[:ss]] in seconds.
        func hms() -> Int? {
            var sign = 1
            if i < s.count, s[i] == UInt8(ascii: "+") {
                i += 1
            } else if i < s.count, s[i] == UInt8(ascii: "-") {
                sign = -1
                i += 1
            }
            guard let hh = number() else { return nil }
            var total = hh * 3600
            if i < s.count, s[i] == UInt8(ascii: ":") {
                i += 1
                guard let mm = number() else { return nil }
                total += mm * 60
                if i < s.count, s[i] == UInt8(ascii: ":") {
                    i += 1
                    guard let ss = number() else { return nil }
                    total += ss
                }
            }
            return sign * total
        }
        func rule() -> PosixRule? {
            var r = PosixRule(kind: .julian0)
            if i < s.count, s[i] == UInt8(ascii: "J") {
                i += 1
                guard let d = number() else { return nil }
                r.kind = .julian1
                r.d = d
            } else if i < s.count, s[i] == UInt8(ascii: "M") {
                i += 1
                guard let m = number(), i < s.count, s[i] == UInt8(ascii: ".") else { return nil }
                i += 1
                guard let n = number(), i < s.count, s[i] == UInt8(ascii: ".") else { return nil }
                i += 1
                guard let d = number() else { return nil }
                r.kind = .monthWeekDay
                r.m = m
                r.n = n
                r.d = d
            } else {
                guard let d = number() else { return nil }
                r.d = d
            }
            if i < s.count, s[i] == UInt8(ascii: "/") {
                i += 1
                guard let t = hms() else { return nil }
                r.secs = t
            }
            return r
        }
        guard let stdName = name(), let stdOff = hms() else { return nil }
        var std = PosixRule(kind: .julian0, secs: 0, offset: -stdOff, name: stdName)
        if i >= s.count {
            var dst = std
            dst.kind = .julian0
            return PosixTZ(std: std, dst: dst, hasDST: false)
        }
        guard let dstName = name() else { return nil }
        var dstOffset = std.offset + 3600
        if i < s.count, s[i] != UInt8(ascii: ",") {
            guard let o = hms() else { return nil }
            dstOffset = -o
        }
        var startRule: PosixRule
        var endRule: PosixRule
        if i < s.count, s[i] == UInt8(ascii: ",") {
            i += 1
            guard let a = rule(), i < s.count, s[i] == UInt8(ascii: ",") else { return nil }
            i += 1
            guard let b = rule() else { return nil }
            startRule = a
            endRule = b
        } else {
            // glibc's default when a DST name has no rules: the US rules.
            startRule = PosixRule(kind: .monthWeekDay, m: 3, n: 2, d: 0)
            endRule = PosixRule(kind: .monthWeekDay, m: 11, n: 1, d: 0)
        }
        // glibc keeps the start-of-DST rule in tz_rules[0] with the standard offset and the end
        // rule in tz_rules[1] with the daylight offset.
        std.kind = startRule.kind
        std.m = startRule.m
        std.n = startRule.n
        std.d = startRule.d
        std.secs = startRule.secs
        var dst = endRule
        dst.offset = dstOffset
        dst.name = dstName
        return PosixTZ(std: std, dst: dst, hasDST: true)
    }

    // MARK: - Conversions

    /// The local type in effect at `t` (glibc's __tzfile_compute).
    func localType(at t: Int64) -> LocalType {
        let n = transitions.count
        if n == 0 || t < transitions[0] {
            if n == 0, let footer, footer.hasDST {
                return footerType(at: t, footer)
            }
            // Before the first transition glibc uses the first standard-time type.
            return types.first(where: { !$0.isdst }) ?? types[0]
        }
        if t >= transitions[n - 1] {
            if let footer { return footerType(at: t, footer) }
            return types[transitionTypes[n - 1]]
        }
        var lo = 0
        var hi = n - 1
        // Find the last transition <= t.
        while lo < hi {
            let mid = (lo + hi + 1) >> 1
            if transitions[mid] <= t { lo = mid } else { hi = mid - 1 }
        }
        return types[transitionTypes[lo]]
    }

    private func footerType(at t: Int64, _ f: PosixTZ) -> LocalType {
        if !f.hasDST {
            return LocalType(utoff: f.std.offset, isdst: false, abbreviation: f.std.name)
        }
        let year = CalendarSpecZone.gmtime(t).year + 1900
        let c0 = CalendarSpecZone.change(f.std, year: year)
        let c1 = CalendarSpecZone.change(f.dst, year: year)
        let isdst = c0 > c1 ? (t < c1 || t >= c0) : (t >= c0 && t < c1)
        let r = isdst ? f.dst : f.std
        return LocalType(utoff: r.offset, isdst: isdst, abbreviation: r.name)
    }

    private static let monYday: [[Int]] = [
        [0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334, 365],
        [0, 31, 60, 91, 121, 152, 182, 213, 244, 274, 305, 335, 366],
    ]

    static func isLeap(_ y: Int) -> Bool { y % 4 == 0 && (y % 100 != 0 || y % 400 == 0) }

    /// glibc's compute_change: the UTC instant at which `rule` takes effect in `year`.
    static func change(_ rule: PosixRule, year: Int) -> Int64 {
        var t: Int64 = 0
        if year > 1970 {
            let leaps = ((year - 1) / 4 - (year - 1) / 100 + (year - 1) / 400) - (1969 / 4 - 1969 / 100 + 1969 / 400)
            t = Int64((year - 1970) * 365 + leaps) * 86400
        }
        let leap = isLeap(year) ? 1 : 0
        switch rule.kind {
        case .julian1:
            t += Int64(rule.d - 1) * 86400
            if rule.d >= 60 && leap == 1 { t += 86400 }
        case .julian0:
            t += Int64(rule.d) * 86400
        case .monthWeekDay:
            let m = max(1, min(12, rule.m))
            t += Int64(monYday[leap][m - 1]) * 86400
            let m1 = (m + 9) % 12 + 1
            let yy0 = m <= 2 ? year - 1 : year
            let yy1 = yy0 / 100
            let yy2 = yy0 % 100
            var dow = ((26 * m1 - 2) / 10 + 1 + yy2 + yy2 / 4 + yy1 / 4 - 2 * yy1) % 7
            if dow < 0 { dow += 7 }
            var d = rule.d - dow
            if d < 0 { d += 7 }
            var i = 1
            while i < rule.n {
                if d + 7 >= monYday[leap][m] - monYday[leap][m - 1] { break }
                d += 7
                i += 1
            }
            t += Int64(d) * 86400
        }
        return t - Int64(rule.offset) + Int64(rule.secs)
    }

    /// Seconds since the epoch to UTC fields (glibc's __offtime with offset 0).
    static func gmtime(_ t: Int64) -> CalendarSpecTM {
        var days = t / 86400
        var rem = t % 86400
        if rem < 0 {
            rem += 86400
            days -= 1
        }
        var tm = CalendarSpecTM()
        tm.hour = Int(rem / 3600)
        tm.min = Int(rem % 3600 / 60)
        tm.sec = Int(rem % 60)
        var wd = (4 + days) % 7
        if wd < 0 { wd += 7 }
        tm.wday = Int(wd)
        // Civil-from-days (H. Hinnant), exact for the proleptic Gregorian calendar.
        let z = days + 719468
        let era = (z >= 0 ? z : z - 146096) / 146097
        let doe = z - era * 146097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365
        var y = yoe + era * 400
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        if m <= 2 { y += 1 }
        tm.year = Int(y) - 1900
        tm.mon = Int(m) - 1
        tm.mday = Int(d)
        tm.yday = monYday[isLeap(Int(y)) ? 1 : 0][Int(m) - 1] + Int(d) - 1
        tm.zoneName = "GMT"
        return tm
    }

    /// Seconds since the epoch to local fields in this zone (glibc's localtime_r).
    func localtime(_ t: Int64) -> CalendarSpecTM {
        let type = localType(at: t)
        var tm = CalendarSpecZone.gmtime(t + Int64(type.utoff))
        tm.isdst = type.isdst ? 1 : 0
        tm.gmtoff = type.utoff
        tm.zoneName = type.abbreviation
        return tm
    }

    /// A port of glibc 2.36's `__mktime_internal`, including its "guess the offset from the
    /// previous call" state: which of two ambiguous local times it picks in a DST overlap depends
    /// on that state, and systemd's overlap behaviour follows from it.
    struct MktimeState: Sendable {
        var offset: Int64 = 0
    }

    private static func ydhmsDiff(
        _ year1: Int64, _ yday1: Int64, _ hour1: Int, _ min1: Int, _ sec1: Int,
        _ year0: Int, _ yday0: Int, _ hour0: Int, _ min0: Int, _ sec0: Int
    ) -> Int64 {
        func shr(_ a: Int64, _ b: Int64) -> Int64 { a >> b }
        let a4 = shr(year1, 2) + shr(1900, 2) - ((year1 & 3) == 0 ? 1 : 0)
        let b4 = shr(Int64(year0), 2) + shr(1900, 2) - ((Int64(year0) & 3) == 0 ? 1 : 0)
        let a100 = a4 / 25 - (a4 % 25 < 0 ? 1 : 0)
        let b100 = b4 / 25 - (b4 % 25 < 0 ? 1 : 0)
        let a400 = shr(a100, 2)
        let b400 = shr(b100, 2)
        let leapDays = (a4 - b4) - (a100 - b100) + (a400 - b400)
        let years = year1 - Int64(year0)
        let days = 365 * years + yday1 - Int64(yday0) + leapDays
        let hours = 24 * days + Int64(hour1) - Int64(hour0)
        let minutes = 60 * hours + Int64(min1) - Int64(min0)
        return 60 * minutes + Int64(sec1) - Int64(sec0)
    }

    private static func leapyearTM(_ year: Int64) -> Bool {
        (year & 3) == 0 && (year % 100 != 0 || ((year / 100) & 3) == ((-(1900 / 100)) & 3))
    }

    private static func isdstDiffer(_ a: Int, _ b: Int) -> Bool {
        ((a == 0) != (b == 0)) && a >= 0 && b >= 0
    }

    /// mktime (or timegm for the UTC zone): normalizes `tp` and returns the instant, or nil.
    func mktime(_ tp: inout CalendarSpecTM, state: inout MktimeState) -> Int64? {
        let convert: (Int64) -> CalendarSpecTM = { self.localtime($0) }
        var remainingProbes = 6
        var sec = tp.sec
        let min = tp.min
        let hour = tp.hour
        let mday = tp.mday
        let mon = tp.mon
        let isdst = tp.isdst
        var dst2 = 0
        let monRemainder = mon % 12
        let negativeMonRemainder = monRemainder < 0 ? 1 : 0
        let monYears = mon / 12 - negativeMonRemainder
        let year = Int64(tp.year) + Int64(monYears)
        let monYday = CalendarSpecZone.monYday[CalendarSpecZone.leapyearTM(year) ? 1 : 0][monRemainder + 12 * negativeMonRemainder] - 1
        let yday = Int64(monYday) + Int64(mday)
        let off = state.offset
        let secRequested = sec
        if sec < 0 { sec = 0 }
        if sec > 59 { sec = 59 }
        let negativeOffsetGuess = 0 &- off
        let t0 = CalendarSpecZone.ydhmsDiff(year, yday, hour, min, sec, 70, 0, 0, 0, Int(negativeOffsetGuess))
        var t = t0
        var t1 = t0
        var t2 = t0
        var tm = CalendarSpecTM()
        func tmDiff(_ tm: CalendarSpecTM) -> Int64 {
            CalendarSpecZone.ydhmsDiff(year, yday, hour, min, sec, tm.year, tm.yday, tm.hour, tm.min, tm.sec)
        }
        var found = false
        while true {
            tm = convert(t)
            let dt = tmDiff(tm)
            if dt == 0 { break }
            if t == t1 && t != t2
                && (tm.isdst < 0 || (isdst < 0 ? dst2 <= (tm.isdst != 0 ? 1 : 0) : (isdst != 0) != (tm.isdst != 0)))
            {
                found = true
                break
            }
            remainingProbes -= 1
            if remainingProbes == 0 { return nil }
            t1 = t2
            t2 = t
            t += dt
            dst2 = tm.isdst != 0 ? 1 : 0
        }
        if !found && CalendarSpecZone.isdstDiffer(isdst, tm.isdst) {
            let stride = 601200
            let durationMax = 536_454_000
            let deltaBound = durationMax / 2 + stride
            var delta = stride
            var matched = false
            search: while delta < deltaBound {
                for direction in [-1, 1] {
                    let ot = t + Int64(delta * direction)
                    let otm = convert(ot)
                    if !CalendarSpecZone.isdstDiffer(isdst, otm.isdst) {
                        let gt = ot + tmDiff(otm)
                        tm = convert(gt)
                        t = gt
                        matched = true
                        break search
                    }
                }
                delta += stride
            }
            if !matched { return nil }
        }
        state.offset = (t &- t0) &- negativeOffsetGuess
        if secRequested != tm.sec {
            var adjustment: Int64 = (sec == 0 && tm.sec == 60) ? 1 : 0
            adjustment -= Int64(sec)
            adjustment += Int64(secRequested)
            t += adjustment
            tm = convert(t)
        }
        tp = tm
        return t
    }
}
