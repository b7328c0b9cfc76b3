/// The next-elapse computation: a faithful port of systemd 252's `find_next()` from
/// calendarspec.c. It walks the fields from year down to microsecond, and every time a field has
/// to move it lets mktime normalize the broken-down time and starts over. Matching systemd in DST
/// gaps and overlaps depends on doing exactly the same mktime calls, so the structure (including
/// the retry counts and error paths) is kept as close to the C as Swift allows.
extension CalendarSpec {
    /// What a next-elapse computation produced.
    enum NextResult: Equatable, Sendable {
        /// The next elapse, in microseconds since the epoch.
        case at(Int64)
        /// The expression never elapses again (systemd: -ENOENT, printed as "never").
        case never
        /// systemd gives up with an error (e.g. its loop guard); it prints no timestamps at all.
        case failed
    }

    static let usecPerSec = 1_000_000
    static let minYear = 1970
    static let maxYear = 2199
    private static let maxCalendarIterations = 1000

    private static let ENOENT = 2
    private static let ERANGE = 34
    private static let EDEADLK = 35
    private static let EINVAL = 22

    /// Everything one computation needs: the zone rules, and glibc's mktime offset guess.
    struct Evaluation {
        let model: Model
        let zone: CalendarSpecZone
        let utc: Bool
        var state = CalendarSpecZone.MktimeState()

        init(model: Model, zone: CalendarSpecZone, utc: Bool) {
            self.model = model
            self.zone = utc ? CalendarSpecZone.utc : zone
            self.utc = utc
        }

        mutating func mktime(_ tm: inout CalendarSpecTM) -> Int64? {
            if utc {
                // timegm: glibc forces tm_isdst to 0 and converts with gmtime.
                tm.isdst = 0
            }
            return zone.mktime(&tm, state: &state)
        }

        /// calendar_spec_next_usec_impl
        mutating func next(after base: Int64) -> NextResult {
            let usec = max(base, -1) + 1
            var t = usec / Int64(CalendarSpec.usecPerSec)
            var tm = utc ? CalendarSpecZone.gmtime(t) : zone.localtime(t)
            if utc { tm.zoneName = "UTC" }
            var tmUsec = Int(usec % Int64(CalendarSpec.usecPerSec))
            // Seed glibc's offset guess the way a fresh process would have it after localtime.
            state.offset = -Int64(tm.gmtoff)
            let r = findNext(&tm, &tmUsec)
            if r == -CalendarSpec.ENOENT { return .never }
            if r < 0 { return .failed }
            guard let final = mktime(&tm), final >= 0 else { return .failed }
            t = final
            return .at(t * Int64(CalendarSpec.usecPerSec) + Int64(tmUsec))
        }

        private mutating func findEndOfMonth(_ tm: CalendarSpecTM, _ day: Int) -> Int {
            var t = tm
            t.mon += 1
            t.mday = 1 - day
            guard let r = mktime(&t), r >= 0, t.mon == tm.mon else { return -1 }
            return t.mday
        }

        /// Finds the earliest value >= `val` allowed by `chain`; 1 if `val` changed, 0 if not,
        /// -ENOENT if nothing is left in this field.
        private mutating func findMatchingComponent(_ chain: [Component]?, isDay: Bool, _ tm: CalendarSpecTM, _ val: inout Int) -> Int {
            guard let chain else { return 0 }
            var d = -1
            var dSet = false
            let endOfMonth = model.endOfMonth && isDay
            for c in chain {
                var start = c.start
                var stop = c.stop
                if endOfMonth {
                    start = findEndOfMonth(tm, c.start)
                    stop = findEndOfMonth(tm, c.stop)
                    if stop > 0 { swap(&start, &stop) }
                }
                if start >= val {
                    if !dSet || start < d {
                        d = start
                        dSet = true
                    }
                } else if c.repeat > 0 {
                    let k = start + c.repeat * ((val - start + c.repeat - 1) / c.repeat)
                    if (!dSet || k < d) && (stop < 0 || k <= stop) {
                        d = k
                        dSet = true
                    }
                }
            }
            if !dSet { return -CalendarSpec.ENOENT }
            let r = val != d ? 1 : 0
            val = d
            return r
        }

        private mutating func tmWithinBounds(_ tm: inout CalendarSpecTM) -> Int {
            // An upper bound on the year so impossible dates like "*-02-31" don't loop forever.
            if tm.year + 1900 > CalendarSpec.maxYear { return -CalendarSpec.ERANGE }
            var t = tm
            guard let r = mktime(&t), r >= 0 else { return -CalendarSpec.EINVAL }
            // If normalization moved a field, the sub-fields restart at their minimum, so that
            // e.g. 3-33 -> 4-2 does not skip 4-1.
            var cmp: Int
            if t.year != tm.year {
                cmp = t.year < tm.year ? -1 : 1
                t.mon = 0
            } else if t.mon != tm.mon {
                cmp = t.mon < tm.mon ? -1 : 1
                t.mday = 1
            } else if t.mday != tm.mday {
                cmp = t.mday < tm.mday ? -1 : 1
                t.hour = 0
            } else if t.hour != tm.hour {
                cmp = t.hour < tm.hour ? -1 : 1
                t.min = 0
            } else if t.min != tm.min {
                cmp = t.min < tm.min ? -1 : 1
                t.sec = 0
            } else {
                cmp = t.sec == tm.sec ? 0 : (t.sec < tm.sec ? -1 : 1)
            }
            if cmp < 0 { return -CalendarSpec.EDEADLK }
            if cmp > 0 { tm = t }
            return cmp == 0 ? 1 : 0
        }

        private mutating func matchesWeekday(_ tm: CalendarSpecTM) -> Bool {
            let bits = model.weekdaysBits
            if bits < 0 || bits >= 127 { return true }
            var t = tm
            guard let r = mktime(&t), r >= 0 else { return false }
            let k = t.wday == 0 ? 6 : t.wday - 1
            return bits & (1 << k) != 0
        }

        private mutating func findNext(_ tm: inout CalendarSpecTM, _ usec: inout Int) -> Int {
            var c = tm
            var tmUsec = usec
            var r: Int
            for _ in 0..<CalendarSpec.maxCalendarIterations {
                // Normalize the current date.
                _ = mktime(&c)
                c.isdst = model.dst

                c.year += 1900
                r = findMatchingComponent(model.year, isDay: false, c, &c.year)
                c.year -= 1900
                if r > 0 {
                    c.mon = 0
                    c.mday = 1
                    c.hour = 0
                    c.min = 0
                    c.sec = 0
                    tmUsec = 0
                }
                if r < 0 { return r }
                if tmWithinBounds(&c) <= 0 { return -CalendarSpec.ENOENT }

                c.mon += 1
                r = findMatchingComponent(model.month, isDay: false, c, &c.mon)
                c.mon -= 1
                if r > 0 {
                    c.mday = 1
                    c.hour = 0
                    c.min = 0
                    c.sec = 0
                    tmUsec = 0
                }
                if r >= 0 { r = tmWithinBounds(&c) }
                if r < 0 {
                    c.year += 1
                    c.mon = 0
                    c.mday = 1
                    c.hour = 0
                    c.min = 0
                    c.sec = 0
                    tmUsec = 0
                    continue
                }
                if r == 0 { continue }

                r = findMatchingComponent(model.day, isDay: true, c, &c.mday)
                if r > 0 {
                    c.hour = 0
                    c.min = 0
                    c.sec = 0
                    tmUsec = 0
                }
                if r >= 0 { r = tmWithinBounds(&c) }
                if r < 0 {
                    c.mon += 1
                    c.mday = 1
                    c.hour = 0
                    c.min = 0
                    c.sec = 0
                    tmUsec = 0
                    continue
                }
                if r == 0 { continue }

                if !matchesWeekday(c) {
                    c.mday += 1
                    c.hour = 0
                    c.min = 0
                    c.sec = 0
                    tmUsec = 0
                    continue
                }

                r = findMatchingComponent(model.hour, isDay: false, c, &c.hour)
                if r > 0 {
                    c.min = 0
                    c.sec = 0
                    tmUsec = 0
                }
                if r >= 0 { r = tmWithinBounds(&c) }
                if r < 0 {
                    c.mday += 1
                    c.hour = 0
                    c.min = 0
                    c.sec = 0
                    tmUsec = 0
                    continue
                }
                // The hour we set might not exist because of a DST change: start over from the
                // normalized time.
                if r == 0 { continue }

                r = findMatchingComponent(model.minute, isDay: false, c, &c.min)
                if r > 0 {
                    c.sec = 0
                    tmUsec = 0
                }
                if r >= 0 { r = tmWithinBounds(&c) }
                if r < 0 {
                    c.hour += 1
                    c.min = 0
                    c.sec = 0
                    tmUsec = 0
                    continue
                }
                if r == 0 { continue }

                var combined = c.sec * CalendarSpec.usecPerSec + tmUsec
                r = findMatchingComponent(model.microsecond, isDay: false, c, &combined)
                tmUsec = combined % CalendarSpec.usecPerSec
                c.sec = combined / CalendarSpec.usecPerSec
                if r >= 0 { r = tmWithinBounds(&c) }
                if r < 0 {
                    c.min += 1
                    c.sec = 0
                    tmUsec = 0
                    continue
                }
                if r == 0 { continue }

                tm = c
                usec = tmUsec
                return 0
            }
            // systemd's safety valve against endless loops.
            return -CalendarSpec.EDEADLK
        }
    }
}
