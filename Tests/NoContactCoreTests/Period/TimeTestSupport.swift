import Foundation

/// A Gregorian calendar in the named zone.
func testCalendar(_ zone: String) -> Calendar {
    var calendar = Calendar(identifier: .gregorian)
    calendar.timeZone = TimeZone(identifier: zone)!
    return calendar
}

/// The instant written in ISO 8601 with an offset, e.g. "2026-03-29T02:30:00+02:00".
func instant(_ text: String) -> Date {
    try! Date(text, strategy: .iso8601)
}
