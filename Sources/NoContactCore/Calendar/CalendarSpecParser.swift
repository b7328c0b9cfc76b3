/// Parses calendar expressions with exactly the acceptance rules of systemd 252's
/// `calendar_spec_from_string()`, but reports where and why an expression is rejected.
///
/// It works on UTF-8 bytes with an explicit end index (the trailing zone is cut off first, as
/// systemd does), so positions always refer to the original text.
struct CalendarSpecParser {
    typealias Component = CalendarSpec.Component

    /// A component with the byte offset it was written at, for error messages.
    struct Located {
        var component: Component
        var offset: Int
    }

    enum Field: String {
        case year, month, day, hour, minute, second

        var range: (Int, Int) {
            switch self {
            case .year: return (CalendarSpec.minYear, CalendarSpec.maxYear)
            case .month: return (1, 12)
            case .day: return (1, 31)
            case .hour: return (0, 23)
            case .minute: return (0, 59)
            case .second: return (0, 60 * CalendarSpec.usecPerSec - 1)
            }
        }
    }

    let text: String
    let bytes: [UInt8]
    let localZone: CalendarSpecZone?
    /// Where tzdata zone names at the end of the text are looked up.
    let zones: ZoneLookup
    /// The zone the trailing name resolved to, when the text ends in one.
    var namedZone: Zone?
    /// End of the part still to parse (the trailing zone is excluded).
    var end: Int
    var p = 0
    var model = CalendarSpec.Model()
    var located: [Field: [Located]] = [:]
    /// Where the trailing zone starts, if one was cut off.
    var zoneOffset: Int?

    init(text: String, localZone: CalendarSpecZone?, zones: ZoneLookup) {
        self.zones = zones
        self.text = text
        self.bytes = Array(text.utf8)
        self.localZone = localZone
        self.end = bytes.count
    }

    // MARK: - Errors

    func column(_ offset: Int) -> Int {
        let clamped = max(0, min(offset, bytes.count))
        return String(decoding: bytes[0..<clamped], as: UTF8.self).count + 1
    }

    func error(_ offset: Int, _ message: String) -> CalendarSpecError {
        CalendarSpecError(expression: text, column: column(offset), message: message)
    }

    /// The byte at `i`, or 0 past the end (C string semantics).
    @inline(__always) func at(_ i: Int) -> UInt8 { i < end ? bytes[i] : 0 }

    func describe(_ i: Int) -> String {
        if i >= end { return "the end of the expression" }
        var j = i
        while j < end, bytes[j] != UInt8(ascii: " ") { j += 1 }
        let word = String(decoding: bytes[i..<max(j, i + 1)], as: UTF8.self)
        return "'\(word)'"
    }

    static func isDigit(_ b: UInt8) -> Bool { b >= 48 && b <= 57 }
    static func lower(_ b: UInt8) -> UInt8 { (b >= 65 && b <= 90) ? b + 32 : b }

    func hasSuffixNoCase(_ suffix: String, before endIndex: Int) -> Bool {
        let s = Array(suffix.utf8)
        guard s.count <= endIndex else { return false }
        for k in 0..<s.count where CalendarSpecParser.lower(bytes[endIndex - s.count + k]) != CalendarSpecParser.lower(s[k]) {
            return false
        }
        return true
    }

    // MARK: - Top level

    mutating func parse() throws(CalendarSpecError) -> CalendarSpec.Model {
        splitZone()
        if end == 0 {
            throw error(
                0,
                bytes.isEmpty
                    ? "the expression is empty; write e.g. '*-*-* 09:00' or 'daily'"
                    : "a time zone alone is no expression; put a date or time before it")
        }
        let body = String(decoding: bytes[0..<end], as: UTF8.self).lowercased()
        if !applyShorthand(body) {
            try parseWeekdays()
            let epoch = try parseDate()
            if !epoch { try parseTime() }
            if p < end {
                throw error(
                    p,
                    "unexpected \(describe(p)); the expression should end after the time "
                        + "(or with a time zone such as 'UTC' or 'Europe/Berlin')")
            }
        }
        try normalizeAndValidate()
        return model
    }

    /// systemd first looks at the end of the text: " UTC", an abbreviation of the local zone,
    /// or a tzdata zone name after the last space.
    mutating func splitZone() {
        let space = UInt8(ascii: " ")
        if hasSuffixNoCase(" UTC", before: bytes.count) {
            model.zone = .utc
            end = bytes.count - 4
            zoneOffset = end + 1
            return
        }
        if let localZone {
            let names = [localZone.tzname.0, localZone.tzname.1]
            for (j, name) in names.enumerated() where !name.isEmpty {
                let n = name.utf8.count
                guard hasSuffixNoCase(name, before: bytes.count) else { continue }
                let e = bytes.count - n
                if e == 0 || bytes[e - 1] != space { continue }
                model.zone = .localDST(j, name)
                end = e - 1
                zoneOffset = e
                return
            }
        }
        if let lastSpace = bytes.lastIndex(of: space) {
            let name = String(decoding: bytes[(lastSpace + 1)...], as: UTF8.self)
            if let named = zones.zone(named: name) {
                namedZone = named
                model.zone = .named(name)
                end = lastSpace
                zoneOffset = lastSpace + 1
            }
        }
    }

    mutating func applyShorthand(_ body: String) -> Bool {
        func zero() -> [Component] { [Component(start: 0, stop: -1, repeat: 0)] }
        func one() -> [Component] { [Component(start: 1, stop: -1, repeat: 0)] }
        func months(_ list: [Int]) -> [Component] { list.map { Component(start: $0, stop: -1, repeat: 0) } }
        switch body {
        case "minutely":
            model.microsecond = zero()
        case "hourly":
            model.minute = zero()
            model.microsecond = zero()
        case "daily":
            model.hour = zero()
            model.minute = zero()
            model.microsecond = zero()
        case "monthly":
            model.day = one()
            model.hour = zero()
            model.minute = zero()
            model.microsecond = zero()
        case "annually", "yearly", "anually":
            model.month = one()
            model.day = one()
            model.hour = zero()
            model.minute = zero()
            model.microsecond = zero()
        case "weekly":
            model.weekdaysBits = 1
            model.hour = zero()
            model.minute = zero()
            model.microsecond = zero()
        case "quarterly":
            model.month = months([1, 4, 7, 10])
            model.day = one()
            model.hour = zero()
            model.minute = zero()
            model.microsecond = zero()
        case "biannually", "bi-annually", "semiannually", "semi-annually":
            model.month = months([1, 7])
            model.day = one()
            model.hour = zero()
            model.minute = zero()
            model.microsecond = zero()
        default:
            return false
        }
        return true
    }

    // MARK: - Weekdays (parse_weekdays)

    static let dayNames: [(String, Int)] = [
        ("monday", 0), ("mon", 0), ("tuesday", 1), ("tue", 1), ("wednesday", 2), ("wed", 2),
        ("thursday", 3), ("thu", 3), ("friday", 4), ("fri", 4), ("saturday", 5), ("sat", 5),
        ("sunday", 6), ("sun", 6),
    ]
    static let shortNames = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]

    func matchDay(at i: Int) -> (name: String, nr: Int)? {
        for (name, nr) in CalendarSpecParser.dayNames {
            let n = Array(name.utf8)
            guard i + n.count <= end else { continue }
            var ok = true
            for k in 0..<n.count where CalendarSpecParser.lower(bytes[i + k]) != n[k] {
                ok = false
                break
            }
            if ok { return (name, nr) }
        }
        return nil
    }

    mutating func parseWeekdays() throws(CalendarSpecError) {
        var l = -1
        var lStart = 0
        var first = true
        var bits = 0
        let space = UInt8(ascii: " ")
        while true {
            guard let (name, nr) = matchDay(at: p) else {
                if first { return }
                throw error(p, "expected a weekday (Mon..Sun) after '\(Character(UnicodeScalar(bytes[p - 1])))', found \(describe(p))")
            }
            let skip = name.utf8.count
            let next = at(p + skip)
            if ![0, UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: ","), space].contains(next) {
                throw error(
                    p,
                    "\(describe(p)) is not a weekday; write Mon, Tue, ... Sun or Monday ... Sunday, "
                        + "followed by a space, ',' or '..'")
            }
            bits |= 1 << nr
            if l >= 0 {
                if l > nr {
                    let from = CalendarSpecParser.shortNames[l]
                    let to = CalendarSpecParser.shortNames[nr]
                    throw error(
                        lStart,
                        "weekday range \(from)..\(to) goes backwards; ranges cannot wrap past Sunday, "
                            + "write \(from)..Sun,Mon..\(to)")
                }
                for j in (l + 1)..<nr { bits |= 1 << j }
            }
            let nameStart = p
            p += skip
            model.weekdaysBits = (model.weekdaysBits < 0 ? 0 : model.weekdaysBits) | bits
            if at(p) == 0 { return }
            if at(p) == space {
                while at(p) == space { p += 1 }
                return
            }
            if at(p) == UInt8(ascii: ".") {
                if l >= 0 { throw error(p, "a weekday range has only two ends; separate ranges with ','") }
                if at(p + 1) != UInt8(ascii: ".") { throw error(p, "expected '..' for a weekday range, found a single '.'") }
                l = nr
                lStart = nameStart
                p += 2
            } else if at(p) == UInt8(ascii: "-") {
                // "Mon-Fri" is accepted for backwards compatibility.
                if l >= 0 { throw error(p, "a weekday range has only two ends; separate ranges with ','") }
                l = nr
                lStart = nameStart
                p += 1
            } else if at(p) == UInt8(ascii: ",") {
                l = -1
                p += 1
            }
            // A trailing comma is fine, an open range is not.
            if at(p) == 0 || at(p) == space {
                while at(p) == space { p += 1 }
                if l >= 0 { throw error(lStart, "weekday range is missing its end; write e.g. Mon..Fri") }
                return
            }
            first = false
        }
    }

    // MARK: - Numbers and chains (prepend_component, parse_chain)

    mutating func parseDecimal(usec: Bool, field: Field) throws(CalendarSpecError) -> Int {
        let start = p
        guard CalendarSpecParser.isDigit(at(p)) else {
            throw error(p, "expected a number for the \(field.rawValue), found \(describe(p))")
        }
        var value = 0
        while CalendarSpecParser.isDigit(at(p)) {
            value = value &* 10 &+ Int(at(p) - 48)
            if value > Int(Int32.max) {
                while CalendarSpecParser.isDigit(at(p)) { p += 1 }
                throw error(start, "number \(String(decoding: bytes[start..<p], as: UTF8.self)) is far too large for the \(field.rawValue)")
            }
            p += 1
        }
        if usec {
            value *= CalendarSpec.usecPerSec
            // One "." is a decimal point, but ".." is a range separator.
            if at(p) == UInt8(ascii: "."), at(p + 1) != UInt8(ascii: ".") {
                p += 1
                guard CalendarSpecParser.isDigit(at(p)) else {
                    throw error(p, "expected digits after the decimal point of the seconds")
                }
                var fraction = 0
                var digits = 0
                while digits < 6, CalendarSpecParser.isDigit(at(p)) {
                    fraction = fraction * 10 + Int(at(p) - 48)
                    digits += 1
                    p += 1
                }
                while digits < 6 {
                    fraction *= 10
                    digits += 1
                }
                // Rounded to microseconds like systemd's parse_fractional_part_u.
                if at(p) >= UInt8(ascii: "5"), at(p) <= UInt8(ascii: "9") { fraction += 1 }
                while CalendarSpecParser.isDigit(at(p)) { p += 1 }
                value += fraction
            }
            if value > Int(Int32.max) {
                throw error(start, "\(String(decoding: bytes[start..<p], as: UTF8.self)) seconds is far too large; seconds are 0..59")
            }
        }
        return value
    }

    mutating func parseChain(usec: Bool, field: Field) throws(CalendarSpecError) -> [Located]? {
        if at(p) == UInt8(ascii: "*") {
            let offset = p
            p += 1
            if at(p) == UInt8(ascii: "/") {
                throw error(offset, "'*/N' is not accepted by systemd 252; write '0/N' (from 0, every N) instead")
            }
            if usec {
                return [Located(component: Component(start: 0, stop: -1, repeat: CalendarSpec.usecPerSec), offset: offset)]
            }
            return nil
        }
        var list: [Located] = []
        while true {
            if list.count > 240 {
                throw error(p, "too many list elements in the \(field.rawValue); at most 241 are allowed")
            }
            let offset = p
            let start = try parseDecimal(usec: usec, field: field)
            var stop = -1
            var rep = 0
            if at(p) == UInt8(ascii: "."), at(p + 1) == UInt8(ascii: ".") {
                p += 2
                stop = try parseDecimal(usec: usec, field: field)
                rep = usec ? CalendarSpec.usecPerSec : 1
            }
            if at(p) == UInt8(ascii: "/") {
                let slash = p
                p += 1
                rep = try parseDecimal(usec: usec, field: field)
                if rep == 0 {
                    throw error(slash, "repetition '/0' never advances; use /1 or more")
                }
            } else {
                if start > Int(Int32.max) - rep {
                    throw error(offset, "number is far too large for the \(field.rawValue)")
                }
                // Without an explicit repetition a seconds range steps by 1s, so it must be at
                // least one second long.
                if usec && stop >= 0 && start + rep > stop {
                    throw error(
                        offset,
                        "the seconds range \(CalendarSpecParser.seconds(start))..\(CalendarSpecParser.seconds(stop)) is shorter than its "
                            + "default 1s step; add a repetition such as /0.1")
                }
            }
            let next = at(p)
            if ![0, UInt8(ascii: " "), UInt8(ascii: ","), UInt8(ascii: "-"), UInt8(ascii: "~"), UInt8(ascii: ":")].contains(next) {
                throw error(
                    p,
                    "unexpected \(describe(p)) in the \(field.rawValue); expected a number, "
                        + "'..' range, '/' repetition or ',' list")
            }
            list.append(Located(component: Component(start: start, stop: stop, repeat: rep), offset: offset))
            if next == UInt8(ascii: ",") {
                p += 1
                continue
            }
            return list
        }
    }

    static func seconds(_ usec: Int) -> String {
        let whole = usec / CalendarSpec.usecPerSec
        let frac = usec % CalendarSpec.usecPerSec
        if frac == 0 { return String(whole) }
        var f = CalendarSpec.padded(frac, 6)
        while f.hasSuffix("0") { f.removeLast() }
        return "\(whole).\(f)"
    }

    // MARK: - Date (parse_date)

    /// Returns true for "@EPOCH", after which no time follows.
    mutating func parseDate() throws(CalendarSpecError) -> Bool {
        if at(p) == 0 { return false }
        if at(p) == UInt8(ascii: "@") {
            try parseEpoch()
            return true
        }
        let begin = p
        let first = try parseChain(usec: false, field: .year)
        // Already the end, or a ':'? Then this was a time, not a date.
        if at(p) == 0 || at(p) == UInt8(ascii: ":") {
            p = begin
            return false
        }
        if at(p) == UInt8(ascii: "~") {
            model.endOfMonth = true
        } else if at(p) != UInt8(ascii: "-") {
            throw error(
                p,
                "expected '-' or '~' after \(String(decoding: bytes[begin..<p], as: UTF8.self)) in the date, or ':' for a time; found \(describe(p))"
            )
        }
        p += 1
        let secondStart = p
        let second = try parseChain(usec: false, field: .day)
        if at(p) == 0 || at(p) == UInt8(ascii: " ") {
            while at(p) == UInt8(ascii: " ") { p += 1 }
            set(.month, first)
            set(.day, second)
            return false
        } else if model.endOfMonth {
            throw error(secondStart - 1, "'~' (days from the end of the month) must separate the month and day: write MM~DD or YYYY-MM~DD")
        }
        if at(p) == UInt8(ascii: "~") {
            model.endOfMonth = true
        } else if at(p) != UInt8(ascii: "-") {
            throw error(p, "expected '-' or '~' between month and day, found \(describe(p))")
        }
        p += 1
        let third = try parseChain(usec: false, field: .day)
        if at(p) != 0 && at(p) != UInt8(ascii: " ") {
            throw error(p, "expected a space between the date and the time, found \(describe(p))")
        }
        while at(p) == UInt8(ascii: " ") { p += 1 }
        set(.year, first)
        set(.month, second)
        set(.day, third)
        return false
    }

    mutating func set(_ field: Field, _ list: [Located]?) {
        located[field] = list
    }

    mutating func parseEpoch() throws(CalendarSpecError) {
        let at0 = p
        p += 1
        // strtoul: leading spaces and a '+' are accepted; a '-' wraps around to a huge value,
        // which lands before 1970 or after 2199 and is refused below.
        while at(p) == UInt8(ascii: " ") { p += 1 }
        var negative = false
        if at(p) == UInt8(ascii: "+") {
            p += 1
        } else if at(p) == UInt8(ascii: "-") {
            negative = true
            p += 1
        }
        guard CalendarSpecParser.isDigit(at(p)) else {
            throw error(p, "expected seconds since 1970-01-01 00:00 UTC after '@'")
        }
        var value: Int64 = 0
        var overflow = false
        while CalendarSpecParser.isDigit(at(p)) {
            let (m, o1) = value.multipliedReportingOverflow(by: 10)
            let (a, o2) = m.addingReportingOverflow(Int64(at(p) - 48))
            if o1 || o2 { overflow = true } else { value = a }
            p += 1
        }
        if at(p) != 0 {
            throw error(p, "unexpected \(describe(p)) after '@\(value)'; a timestamp takes no time of day")
        }
        let limit = Int64(CalendarSpec.maxYear - 1970 + 1) * 366 * 86400
        if negative || overflow || value > limit {
            throw error(at0, "timestamp is outside the years \(CalendarSpec.minYear)..\(CalendarSpec.maxYear)")
        }
        let tm = CalendarSpecZone.gmtime(value)
        func c(_ v: Int) -> [Located] { [Located(component: Component(start: v, stop: -1, repeat: 0), offset: at0)] }
        located[.year] = c(tm.year + 1900)
        located[.month] = c(tm.mon + 1)
        located[.day] = c(tm.mday)
        located[.hour] = c(tm.hour)
        located[.minute] = c(tm.min)
        located[.second] = c(tm.sec * CalendarSpec.usecPerSec)
        model.zone = .utc
    }

    // MARK: - Time (parse_calendar_time)

    mutating func parseTime() throws(CalendarSpecError) {
        func zero() -> [Located] { [Located(component: Component(start: 0, stop: -1, repeat: 0), offset: p)] }
        if at(p) == 0 {
            located[.hour] = zero()
            located[.minute] = zero()
            located[.second] = zero()
            return
        }
        let hourStart = p
        let h = try parseChain(usec: false, field: .hour)
        if at(p) != UInt8(ascii: ":") {
            if at(p) == UInt8(ascii: " ") || at(p) == 0 {
                throw error(hourStart, "expected a time HH:MM[:SS] (or a date YYYY-MM-DD), found \(describe(hourStart))")
            }
            throw error(p, "expected ':' after the hour, found \(describe(p))")
        }
        p += 1
        let m = try parseChain(usec: false, field: .minute)
        located[.hour] = h
        located[.minute] = m
        if at(p) == 0 {
            located[.second] = zero()
            return
        }
        try rejectTrailingWord()
        if at(p) != UInt8(ascii: ":") {
            throw error(p, "expected ':' before the seconds or the end of the expression, found \(describe(p))")
        }
        p += 1
        let s = try parseChain(usec: true, field: .second)
        located[.second] = s
        try rejectTrailingWord()
        if at(p) != 0 {
            throw error(p, "unexpected \(describe(p)) after the seconds")
        }
    }

    /// Text after the time can only be a zone; if we get here it was not one systemd knows.
    func rejectTrailingWord() throws(CalendarSpecError) {
        guard at(p) == UInt8(ascii: " ") else { return }
        var q = p
        while at(q) == UInt8(ascii: " ") { q += 1 }
        if q >= end {
            throw error(p, "unexpected space at the end of the expression")
        }
        throw error(
            q,
            "unexpected \(describe(q)); only a time zone may follow the time, and this is neither 'UTC', "
                + "an abbreviation of the local zone, nor a tzdata zone name such as 'Europe/Berlin'")
    }

    // MARK: - Normalization and validation (calendar_spec_normalize, calendar_spec_valid)

    mutating func normalizeAndValidate() throws(CalendarSpecError) {
        if model.weekdaysBits <= 0 || model.weekdaysBits >= 127 { model.weekdaysBits = -1 }
        if model.endOfMonth && located[.day] == nil && model.day == nil { model.endOfMonth = false }

        // Two-digit years: 12 -> 2012, 89 -> 1989.
        if var years = located[.year] {
            for i in years.indices {
                var c = years[i].component
                if c.start >= 0 && c.start < 70 { c.start += 2000 }
                if c.stop >= 0 && c.stop < 70 { c.stop += 2000 }
                if c.start >= 70 && c.start < 100 { c.start += 1900 }
                if c.stop >= 70 && c.stop < 100 { c.stop += 1900 }
                years[i].component = c
            }
            located[.year] = years
        }

        for field in [Field.year, .month, .day, .hour, .minute, .second] {
            guard var list = located[field] else { continue }
            for i in list.indices {
                var c = list[i].component
                // Shorten the range to a multiple of the repetition.
                if c.stop > c.start && c.repeat > 0 {
                    c.stop -= (c.stop - c.start) % c.repeat
                }
                // A repetition that cannot fire twice, or a one-value range, is a plain value.
                if (c.stop > c.start && c.repeat > 0 && c.start + c.repeat > c.stop) || c.start == c.stop {
                    c.repeat = 0
                    c.stop = -1
                }
                list[i].component = c
                try validate(c, field: field, offset: list[i].offset)
            }
            // Sorted and without duplicates, as systemd prints them.
            let chain = Array(Set(list.map(\.component))).sorted()
            switch field {
            case .year: model.year = chain
            case .month: model.month = chain
            case .day: model.day = chain
            case .hour: model.hour = chain
            case .minute: model.minute = chain
            case .second: model.microsecond = chain
            }
        }
        if model.endOfMonth && model.day == nil { model.endOfMonth = false }
    }

    func show(_ v: Int, _ field: Field) -> String {
        if field == .second { return CalendarSpecParser.seconds(v) }
        if field == .day && model.endOfMonth { return "~\(v)" }
        return String(v)
    }

    func validate(_ c: Component, field: Field, offset: Int) throws(CalendarSpecError) {
        var (from, to) = field.range
        let eom = field == .day && model.endOfMonth
        // Days counted from the end of the month stop at 28, the shortest month.
        if eom { to -= 3 }
        func rangeText() -> String {
            field == .second ? "0..59" : "\(from)..\(to)"
        }
        func outOfRange(_ v: Int) -> CalendarSpecError {
            if eom {
                return error(offset, "day ~\(v) is out of range: with '~' days count back from the end of the month and must be 1..28")
            }
            return error(offset, "\(field.rawValue) \(show(v, field)) is out of range \(rangeText())")
        }
        if c.start < from || c.start > to { throw outOfRange(c.start) }
        if c.repeat > to - from {
            throw error(
                offset,
                "repetition /\(show(c.repeat, field == .second ? .second : .year)) is longer than the whole \(field.rawValue) range \(rangeText())"
            )
        }
        if c.stop >= 0 {
            if c.stop < from || c.stop > to { throw outOfRange(c.stop) }
            if c.start + c.repeat > c.stop {
                throw error(
                    offset,
                    "range \(show(c.start, field))..\(show(c.stop, field)) goes backwards; write the smaller \(field.rawValue) first")
            }
        } else {
            if eom && c.start - c.repeat < from {
                throw error(offset, "repetition ~\(c.start)/\(c.repeat) would step past the last day of the month")
            }
            if !eom && c.start + c.repeat > to {
                throw error(
                    offset,
                    "\(field.rawValue) \(show(c.start, field))/\(show(c.repeat, field == .second ? .second : .year)) never repeats within \(rangeText()); "
                        + "use a smaller start or repetition")
            }
        }
    }
}
