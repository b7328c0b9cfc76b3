#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif

extension QuietHours {
    /// Whether the wall clock of `zone` at `instant` is inside the window.
    public func contains(_ instant: Date, in zone: Zone) -> Bool {
        let minute = zone.localTime(at: instant).minuteOfDay
        if startMinute < endMinute {
            return minute >= startMinute && minute < endMinute
        }
        // The window straddles midnight, e.g. 22:30-07:30.
        return minute >= startMinute || minute < endMinute
    }

    /// The first end of the window strictly after `instant`. When the end time does not exist
    /// that day (a DST gap), the window ends when the clock jumps past it.
    public func end(after instant: Date, in zone: Zone) -> Date? {
        let today = LocalDate(instant, in: zone)
        for offset in 0...2 {
            let day = today.adding(days: offset)
            // A wall-clock time inside a gap reads as past the gap: the first instant outside
            // the window.
            let end = zone.instant(of: day, hour: endMinute / 60, minute: endMinute % 60)
            if end > instant { return end }
        }
        return nil
    }
}
