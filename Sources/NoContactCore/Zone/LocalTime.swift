/// A wall-clock reading in a zone: the broken-down time of an instant.
public struct LocalTime: Sendable, Hashable {
    public var date: LocalDate
    public var hour: Int
    public var minute: Int
    public var second: Int
    /// 0 for Sunday through 6 for Saturday, as in C's `tm_wday`.
    public var weekday: Int
    /// Seconds east of UTC.
    public var offset: Int
    /// The tzdata abbreviation, e.g. "CET" or "CEST".
    public var abbreviation: String
    public var isDST: Bool

    public init(date: LocalDate, hour: Int, minute: Int, second: Int, weekday: Int, offset: Int, abbreviation: String, isDST: Bool) {
        self.date = date
        self.hour = hour
        self.minute = minute
        self.second = second
        self.weekday = weekday
        self.offset = offset
        self.abbreviation = abbreviation
        self.isDST = isDST
    }

    init(_ tm: CalendarSpecTM) {
        self.init(
            date: LocalDate(year: tm.year + 1900, month: tm.mon + 1, day: tm.mday), hour: tm.hour, minute: tm.min,
            second: tm.sec, weekday: tm.wday, offset: tm.gmtoff, abbreviation: tm.zoneName, isDST: tm.isdst > 0)
    }

    /// Minutes since local midnight.
    public var minuteOfDay: Int { hour * 60 + minute }
}
