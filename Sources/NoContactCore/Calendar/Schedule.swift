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
    /// Like systemd, times in a DST gap are skipped and a time in the overlap falls due once.
    public func nextElapse(after instant: Date, in calendar: Calendar) -> Date? {
        spec.nextElapse(after: instant, in: calendar.timeZone)
    }
}
