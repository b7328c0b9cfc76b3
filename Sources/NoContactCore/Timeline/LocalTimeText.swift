public import Foundation

/// Instants as people read them on their own clock: "2026-11-29 21:00".
public enum LocalTimeText {
    /// "YYYY-MM-DD HH:MM", or with `seconds` "YYYY-MM-DD HH:MM:SS", on `zone`'s wall clock.
    public static func format(_ date: Date, in zone: TimeZone, seconds: Bool = false) -> String {
        let style = seconds
            ? Date.VerbatimFormatStyle(
                format: "\(year: .defaultDigits)-\(month: .twoDigits)-\(day: .twoDigits) \(hour: .twoDigits(clock: .twentyFourHour, hourCycle: .zeroBased)):\(minute: .twoDigits):\(second: .twoDigits)",
                locale: posix, timeZone: zone, calendar: Calendar(identifier: .gregorian))
            : Date.VerbatimFormatStyle(
                format: "\(year: .defaultDigits)-\(month: .twoDigits)-\(day: .twoDigits) \(hour: .twoDigits(clock: .twentyFourHour, hourCycle: .zeroBased)):\(minute: .twoDigits)",
                locale: posix, timeZone: zone, calendar: Calendar(identifier: .gregorian))
        return style.format(date)
    }

    private static let posix = Locale(identifier: "en_US_POSIX")
}
