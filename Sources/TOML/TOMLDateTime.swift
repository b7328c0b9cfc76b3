/// A calendar date without a time zone, as TOML writes it: `1979-05-27`.
public struct TOMLLocalDate: Sendable, Hashable {
    /// The year, 0000 to 9999 as TOML writes it.
    public var year: Int
    /// The month, 1 to 12.
    public var month: Int
    /// The day of the month, 1 to 31 (checked against the month and leap years).
    public var day: Int

    public init(year: Int, month: Int, day: Int) {
        self.year = year
        self.month = month
        self.day = day
    }

    /// `YYYY-MM-DD`.
    public var description: String {
        pad(year, 4) + "-" + pad(month, 2) + "-" + pad(day, 2)
    }

    /// The number of days in `month` of `year` in the proleptic Gregorian calendar.
    package static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }
}

/// A time of day without a time zone: `07:32:00.999999`.
public struct TOMLLocalTime: Sendable, Hashable {
    /// 0 to 23.
    public var hour: Int
    /// 0 to 59.
    public var minute: Int
    /// 0 to 60: RFC 3339, which TOML follows, allows a leap second.
    public var second: Int
    /// The fraction of the second in nanoseconds; digits past the ninth are dropped, as the
    /// TOML specification allows.
    public var nanosecond: Int

    public init(hour: Int, minute: Int, second: Int, nanosecond: Int = 0) {
        self.hour = hour
        self.minute = minute
        self.second = second
        self.nanosecond = nanosecond
    }

    /// `HH:MM:SS`, with the fraction (trailing zeros removed) when there is one.
    public var description: String {
        var text = pad(hour, 2) + ":" + pad(minute, 2) + ":" + pad(second, 2)
        if nanosecond > 0 {
            var digits = pad(nanosecond, 9)
            while digits.last == "0" { digits.removeLast() }
            text += "." + digits
        }
        return text
    }
}

/// A date and time without a time zone: `1979-05-27T07:32:00`.
public struct TOMLLocalDateTime: Sendable, Hashable {
    /// The calendar date.
    public var date: TOMLLocalDate
    /// The time of day.
    public var time: TOMLLocalTime

    public init(date: TOMLLocalDate, time: TOMLLocalTime) {
        self.date = date
        self.time = time
    }

    /// `YYYY-MM-DDTHH:MM:SS[.fraction]`.
    public var description: String { date.description + "T" + time.description }
}

/// A date and time at a known offset from UTC: `1979-05-27T07:32:00-07:00`, or `Z` for UTC.
public struct TOMLOffsetDateTime: Sendable, Hashable {
    /// The calendar date.
    public var date: TOMLLocalDate
    /// The time of day.
    public var time: TOMLLocalTime
    /// Minutes east of UTC (`-07:00` is -420); 0 for `Z`.
    public var offsetMinutes: Int

    public init(date: TOMLLocalDate, time: TOMLLocalTime, offsetMinutes: Int) {
        self.date = date
        self.time = time
        self.offsetMinutes = offsetMinutes
    }

    /// RFC 3339: `YYYY-MM-DDTHH:MM:SS[.fraction]` then `Z` or `±HH:MM`.
    public var description: String {
        let offset: String
        if offsetMinutes == 0 {
            offset = "Z"
        } else {
            let magnitude = abs(offsetMinutes)
            offset = (offsetMinutes < 0 ? "-" : "+") + pad(magnitude / 60, 2) + ":" + pad(magnitude % 60, 2)
        }
        return date.description + "T" + time.description + offset
    }
}

/// `value` in decimal, left-padded with zeros to `width` digits.
private func pad(_ value: Int, _ width: Int) -> String {
    let digits = String(value)
    return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
}
