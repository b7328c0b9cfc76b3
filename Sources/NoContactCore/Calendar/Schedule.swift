public import Foundation

/// When prompts fall due: one systemd calendar expression from `[prompts] schedule`, e.g.
/// `"21:00"` or `"Mon..Fri 08:30"`, meaning exactly what `OnCalendar=` means to systemd.
public struct Schedule: Sendable, Hashable, CustomStringConvertible {
    /// The expression as the user wrote it.
    public var expression: String { spec.originalText }
    public let spec: CalendarSpec

    /// Parses one expression.
    /// - Parameter localZone: the zone the config counts in, if known: systemd reads a trailing
    ///   abbreviation of the local zone ("21:00 CEST") as "in summer time only".
    public init(parsing expression: String, localZone: TimeZone? = nil) throws(CalendarSpecError) {
        spec = try CalendarSpec(parsing: expression, localZone: localZone)
    }

    /// The built-in prompt times, 09:00 and 21:00.
    static let builtinDefault: [Schedule] = ["09:00", "21:00"].compactMap { try? Schedule(parsing: $0) }

    /// The default of `[prompts] schedule` when a config file leaves it out.
    static let configDefault: [Schedule] = ["09:00"].compactMap { try? Schedule(parsing: $0) }

    public var description: String { expression }

    /// The first instant strictly after `instant` at which this schedule falls due, counted on
    /// the wall clock of `calendar`'s zone (or the expression's own zone when it names one).
    /// Like systemd, times in a DST gap are skipped and a time in the overlap falls due once:
    /// at its first pass. Unlike a bare calendar computation, that also holds when `instant`
    /// lies inside the second pass (a restart or reload then): the wall-clock time already
    /// came at or before `instant`, so its repeat is not due again.
    public func nextElapse(after instant: Date, in calendar: Calendar) -> Date? {
        let zone = spec.timeZone ?? calendar.timeZone
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
    static func earlierPass(of instant: Date, in zone: TimeZone) -> Date? {
        let shift = zone.secondsFromGMT(for: instant.addingTimeInterval(-7200)) - zone.secondsFromGMT(for: instant)
        guard shift > 0 else { return nil }
        let earlier = instant.addingTimeInterval(-TimeInterval(shift))
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let fields: Set<Calendar.Component> = [.year, .month, .day, .hour, .minute, .second]
        return calendar.dateComponents(fields, from: earlier) == calendar.dateComponents(fields, from: instant) ? earlier : nil
    }
}
