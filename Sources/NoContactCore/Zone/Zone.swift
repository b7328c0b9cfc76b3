#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif

/// A time zone as glibc sees it: a tzdata identifier and the TZif data behind it (transitions,
/// local types, POSIX footer for instants after the last transition, abbreviations).
///
/// This is the only time-zone engine of the daemon: local dates, quiet hours, schedules,
/// calendar expressions and timestamps all count with it. It decodes bytes it is given and never
/// opens files; the shell loads them (see `SystemTimeZone` in NoContactService).
public struct Zone: Sendable, Hashable, CustomStringConvertible {
    /// The decoded TZif data, shared between copies (it is immutable).
    let model: CalendarSpecZone

    init(model: CalendarSpecZone) {
        self.model = model
    }

    /// Decodes the TZif file `bytes` (RFC 8536) of the zone `identifier`; nil when they are no
    /// TZif data.
    public init?(identifier: String, tzif bytes: [UInt8]) {
        guard let model = CalendarSpecZone.parseTZif(bytes, identifier: identifier) else { return nil }
        self.model = model
    }

    /// A zone given only by a POSIX TZ rule such as `CET-1CEST,M3.5.0,M10.5.0/3` (what `TZ` may
    /// hold instead of a name); nil when `rule` is not one.
    public init?(posixRule rule: String) {
        guard let footer = CalendarSpecZone.parsePosixTZ(Array(rule.utf8)) else { return nil }
        let standard = CalendarSpecZone.LocalType(utoff: footer.std.offset, isdst: false, abbreviation: footer.std.name)
        model = CalendarSpecZone(identifier: rule, transitions: [], transitionTypes: [], types: [standard], footer: footer)
    }

    /// Coordinated Universal Time.
    public static let utc = Zone(model: .utc)

    /// The tzdata name, e.g. "Europe/Berlin".
    public var identifier: String { model.identifier }

    public var description: String { identifier }

    /// Zones are equal when they have the same name (the same tzdata file).
    public static func == (a: Zone, b: Zone) -> Bool {
        a.model === b.model || a.identifier == b.identifier
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(identifier)
    }

    // MARK: Instant -> local

    /// Seconds east of UTC at `instant`.
    public func offset(at instant: Date) -> Int {
        model.localType(at: Zone.seconds(instant)).utoff
    }

    /// The wall clock at `instant` (whole seconds, rounded down).
    public func localTime(at instant: Date) -> LocalTime {
        LocalTime(model.localtime(Zone.seconds(instant)))
    }

    /// The calendar day on which `instant` falls in this zone.
    public func localDate(at instant: Date) -> LocalDate {
        localTime(at: instant).date
    }

    // MARK: Local -> instant

    /// The instant the wall clock shows `hour:minute:second` on `date`.
    ///
    /// A wall-clock time that repeats when the clock is set back (a fold) means its first pass;
    /// one the clock skips when it is set forward (a gap) is read with the offset before the
    /// jump, which lands as far past the jump as the time was past its start (02:30 in a
    /// 02:00 -> 03:00 gap is 03:30). That is what Foundation's `Calendar.date(from:)` did, which
    /// the DST tests encode.
    public func instant(of date: LocalDate, hour: Int = 0, minute: Int = 0, second: Int = 0) -> Date {
        let local = Int64(date.daysSinceEpoch) * 86_400 + Int64(hour) * 3600 + Int64(minute) * 60 + Int64(second)
        return Date(timeIntervalSince1970: Double(utcSeconds(forLocal: local)))
    }

    /// The first instant of `date` (after the gap when midnight is skipped).
    public func startOfDay(_ date: LocalDate) -> Date {
        instant(of: date)
    }

    /// Seconds since the epoch for local seconds since the epoch, with the rule of `instant(of:)`.
    func utcSeconds(forLocal local: Int64) -> Int64 {
        // The offsets a day either side: transitions are months apart, so these are the offsets
        // before and after any transition near `local`.
        let before = Int64(model.localType(at: local - 86_400).utoff)
        let after = Int64(model.localType(at: local + 86_400).utoff)
        let early = local - before
        let late = local - after
        let earlyFits = Int64(model.localType(at: early).utoff) == before
        let lateFits = Int64(model.localType(at: late).utoff) == after
        switch (earlyFits, lateFits) {
        case (true, true): return min(early, late)
        case (false, true): return late
        default: return early
        }
    }

    /// Whole seconds since the epoch, rounded down, clamped to what the calendar arithmetic
    /// handles (years -29,000 to 300,000).
    static func seconds(_ instant: Date) -> Int64 {
        let value = instant.timeIntervalSince1970.rounded(.down)
        guard value.isFinite else { return value > 0 ? 10_000_000_000_000 : -1_000_000_000_000 }
        return Int64(max(-1e12, min(1e13, value)))
    }
}
