#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif

/// When prompts fall due: one systemd calendar expression from `[prompts] schedule`, e.g.
/// `"21:00"` or `"Mon..Fri 08:30"`, meaning exactly what `OnCalendar=` means to systemd.
public struct Schedule: Sendable, Hashable, CustomStringConvertible {
    /// The expression as the user wrote it.
    public var expression: String { spec.originalText }
    public let spec: CalendarSpec

    /// Parses one expression.
    /// - Parameter localZone: the zone the config counts in, if known: systemd reads a trailing
    ///   abbreviation of the local zone ("21:00 CEST") as "in summer time only".
    /// - Parameter zones: where a tzdata zone name at the end ("21:00 Europe/Berlin") is found.
    public init(parsing expression: String, localZone: Zone? = nil, zones: ZoneLookup = .none) throws(CalendarSpecError) {
        spec = try CalendarSpec(parsing: expression, localZone: localZone, zones: zones)
    }

    /// The built-in prompt times, 09:00 and 21:00.
    static let builtinDefault: [Schedule] = ["09:00", "21:00"].compactMap { try? Schedule(parsing: $0) }

    /// The default of `[prompts] schedule` when a config file leaves it out.
    static let configDefault: [Schedule] = ["09:00"].compactMap { try? Schedule(parsing: $0) }

    public var description: String { expression }

    /// The first instant strictly after `instant` at which this schedule falls due, counted on
    /// the wall clock of `zone` (or the expression's own zone when it names one).
    /// Like systemd, times in a DST gap are skipped and a time in the overlap falls due once:
    /// at its first pass. Unlike a bare calendar computation, that also holds when `instant`
    /// lies inside the second pass (a restart or reload then): the wall-clock time already
    /// came at or before `instant`, so its repeat is not due again.
    public func nextElapse(after instant: Date, in localZone: Zone) -> Date? {
        let zone = spec.zone ?? localZone
        var base = instant
        // Each overlap can hide at most one repeat, and overlaps are months apart.
        for _ in 0..<3 {
            guard let candidate = spec.nextElapse(after: base, in: zone) else { return nil }
            guard let firstPass = Self.earlierPass(of: candidate, in: zone), firstPass <= instant else { return candidate }
            base = candidate
        }
        return nil
    }

    /// When `instant`'s wall-clock time already showed once before, in the hour a clock set
    /// back repeats, that earlier instant; else nil.
    static func earlierPass(of instant: Date, in zone: Zone) -> Date? {
        let shift = zone.offset(at: instant.addingTimeInterval(-7200)) - zone.offset(at: instant)
        guard shift > 0 else { return nil }
        let earlier = instant.addingTimeInterval(-TimeInterval(shift))
        func wallClock(_ t: Date) -> [Int] {
            let local = zone.localTime(at: t)
            return [local.date.year, local.date.month, local.date.day, local.hour, local.minute, local.second]
        }
        return wallClock(earlier) == wallClock(instant) ? earlier : nil
    }
}
