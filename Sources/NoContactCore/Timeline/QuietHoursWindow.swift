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

    /// The first end of the window strictly after `instant`.
    public func end(after instant: Date, in calendar: Calendar) -> Date? {
        let text = "\(endMinute / 60):\(endMinute % 60 < 10 ? "0" : "")\(endMinute % 60)"
        return (try? Schedule(parsing: text))?.nextElapse(after: instant, in: calendar)
    }
}
