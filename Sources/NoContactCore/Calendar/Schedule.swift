public import Foundation

/// When prompts fall due: one calendar expression from `[prompts] schedule`.
///
/// For now only times of day are understood (`HH:MM`, `HH:MM:SS`, `*-*-* HH:MM:SS`), each
/// meaning "every day at that wall-clock time in the configured zone".
public struct Schedule: Sendable, Hashable, CustomStringConvertible {
    /// The expression as the user wrote it.
    public let expression: String
    let hour: Int
    let minute: Int
    let second: Int

    static let builtinMorning = Schedule(expression: "09:00", hour: 9, minute: 0, second: 0)
    static let builtinEvening = Schedule(expression: "21:00", hour: 21, minute: 0, second: 0)

    private init(expression: String, hour: Int, minute: Int, second: Int) {
        self.expression = expression
        self.hour = hour
        self.minute = minute
        self.second = second
    }

    /// Parses one schedule expression.
    public init(parsing expression: String) throws(ScheduleError) {
        var timePart = Substring(expression)
        var offset = 0
        if expression.hasPrefix("*-*-* ") {
            timePart = timePart.dropFirst(6)
            offset = 6
        }
        let fields = timePart.split(separator: ":", omittingEmptySubsequences: false)
        guard fields.count == 2 || fields.count == 3 else {
            throw ScheduleError(
                expression: expression, column: 1,
                message: "\"\(expression)\" is not a time of day; write one like \"21:00\" or \"08:30:00\"")
        }
        let limits = [("hour", 0...23), ("minute", 0...59), ("second", 0...59)]
        var values: [Int] = []
        var column = offset + 1
        for (index, field) in fields.enumerated() {
            let (name, range) = limits[index]
            guard field.count == 2 || (index == 0 && field.count == 1), let value = Int(field), value >= 0 else {
                throw ScheduleError(
                    expression: expression, column: column,
                    message: "\"\(field)\" is not a valid \(name) in \"\(expression)\"; write two digits, like \"21:00\"")
            }
            guard range.contains(value) else {
                throw ScheduleError(
                    expression: expression, column: column,
                    message: "\(name) \(value) is out of range \(range.lowerBound)..\(range.upperBound) in \"\(expression)\"")
            }
            values.append(value)
            column += field.count + 1
        }
        self.init(expression: expression, hour: values[0], minute: values[1], second: values.count == 3 ? values[2] : 0)
    }

    public var description: String { expression }

    /// The first instant strictly after `instant` at which this schedule falls due, counted on
    /// the wall clock of `calendar`'s zone. Wall-clock times that do not exist (a DST gap) are
    /// skipped, as systemd does; a time that happens twice (DST overlap) falls due once, at the
    /// first of the two.
    public func nextElapse(after instant: Date, in calendar: Calendar) -> Date? {
        let today = LocalDate(instant, in: calendar)
        // Two DST gaps never fall on consecutive days, so three days always hold a match.
        for dayOffset in 0...3 {
            let day = today.adding(days: dayOffset)
            guard let candidate = Self.instant(of: day, hour: hour, minute: minute, second: second, in: calendar),
                  candidate > instant
            else { continue }
            return candidate
        }
        return nil
    }

    /// The instant at which the wall clock of `calendar` shows the given day and time, or nil
    /// when that wall-clock time does not exist there.
    static func instant(of day: LocalDate, hour: Int, minute: Int, second: Int, in calendar: Calendar) -> Date? {
        let wanted = DateComponents(
            year: day.year, month: day.month, day: day.day, hour: hour, minute: minute, second: second)
        guard let found = calendar.date(from: wanted) else { return nil }
        // Foundation moves a time inside a DST gap forward; such a time does not exist.
        let back = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: found)
        guard back.year == day.year, back.month == day.month, back.day == day.day,
              back.hour == hour, back.minute == minute, back.second == second
        else { return nil }
        // In an overlap Foundation may pick either occurrence; the earlier one is wanted.
        let anHourEarlier = found.addingTimeInterval(-3600)
        let earlier = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: anHourEarlier)
        if earlier == back { return anHourEarlier }
        return found
    }
}

/// Why a schedule expression was refused.
public struct ScheduleError: Error, Sendable, Equatable, CustomStringConvertible {
    public var expression: String
    /// 1-based column inside the expression where the problem starts.
    public var column: Int
    public var message: String

    public var description: String { message }
}
