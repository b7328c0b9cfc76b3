public import Foundation

extension QuietHours {
    /// Whether the wall clock of `calendar` at `instant` is inside the window.
    public func contains(_ instant: Date, in calendar: Calendar) -> Bool {
        let parts = calendar.dateComponents([.hour, .minute], from: instant)
        let minute = (parts.hour ?? 0) * 60 + (parts.minute ?? 0)
        if startMinute < endMinute {
            return minute >= startMinute && minute < endMinute
        }
        // The window straddles midnight, e.g. 22:30-07:30.
        return minute >= startMinute || minute < endMinute
    }

    /// The first end of the window strictly after `instant`. When the end time does not exist
    /// that day (a DST gap), the window ends when the clock jumps past it.
    public func end(after instant: Date, in calendar: Calendar) -> Date? {
        let today = LocalDate(instant, in: calendar)
        for offset in 0...2 {
            let day = today.adding(days: offset)
            let wanted = DateComponents(year: day.year, month: day.month, day: day.day, hour: endMinute / 60, minute: endMinute % 60)
            // Foundation moves a wall-clock time inside a gap forward past the gap: the first
            // instant outside the window.
            if let end = calendar.date(from: wanted), end > instant { return end }
        }
        return nil
    }
}
