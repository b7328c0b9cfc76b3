#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif

/// RFC 3339 timestamps with the local offset and microseconds, e.g.
/// `2026-11-20T21:04:05.250000+01:00`: the export's instants (version 2). Pure.
public enum RFC3339 {
    /// `instant` on `zone`'s wall clock, with its offset at that instant.
    public static func format(_ instant: Date, in zone: Zone) -> String {
        var seconds = instant.timeIntervalSince1970.rounded(.down)
        var micros = Int(((instant.timeIntervalSince1970 - seconds) * 1_000_000).rounded())
        if micros >= 1_000_000 {
            seconds += 1
            micros -= 1_000_000
        }
        let local = zone.localTime(at: Date(timeIntervalSince1970: seconds))
        return dateTime(local) + ".\(pad(micros, 6))" + offsetText(local.offset)
    }

    /// `instant` in whole seconds (rounded down) on `zone`'s wall clock, with "Z" for an offset
    /// of zero, e.g. `2026-11-20T21:04:05+01:00`: the varlink interface's instants, as
    /// Foundation's `ISO8601FormatStyle` wrote them.
    public static func formatSeconds(_ instant: Date, in zone: Zone) -> String {
        let local = zone.localTime(at: instant)
        return dateTime(local) + (local.offset == 0 ? "Z" : offsetText(local.offset))
    }

    /// "2026-11-20T21:04:05".
    private static func dateTime(_ local: LocalTime) -> String {
        "\(pad(local.date.year, 4))-\(pad(local.date.month, 2))-\(pad(local.date.day, 2))T"
            + "\(pad(local.hour, 2)):\(pad(local.minute, 2)):\(pad(local.second, 2))"
    }

    /// "+01:00", "-04:00", "+00:00".
    private static func offsetText(_ offset: Int) -> String {
        "\(offset < 0 ? "-" : "+")\(pad(abs(offset) / 3600, 2)):\(pad(abs(offset) % 3600 / 60, 2))"
    }

    /// The instant of an RFC 3339 timestamp (`Z` or `±HH:MM`, any fraction), nil if it is not one.
    public static func parse(_ text: String) -> Date? {
        let characters = Array(text.utf8)
        func number(_ from: Int, _ length: Int) -> Int? {
            guard from + length <= characters.count else { return nil }
            var value = 0
            for byte in characters[from..<(from + length)] {
                guard (48...57).contains(byte) else { return nil }
                value = value * 10 + Int(byte - 48)
            }
            return value
        }
        guard characters.count >= 20,
            let year = number(0, 4), characters[4] == UInt8(ascii: "-"), let month = number(5, 2), characters[7] == UInt8(ascii: "-"),
            let day = number(8, 2), characters[10] == UInt8(ascii: "T") || characters[10] == UInt8(ascii: "t"),
            let hour = number(11, 2), characters[13] == UInt8(ascii: ":"), let minute = number(14, 2),
            characters[16] == UInt8(ascii: ":"), let second = number(17, 2),
            (1...12).contains(month), (1...31).contains(day), hour < 24, minute < 60, second < 61
        else { return nil }
        var index = 19
        var fraction = 0.0
        if index < characters.count, characters[index] == UInt8(ascii: ".") {
            index += 1
            var scale = 0.1
            let start = index
            while index < characters.count, (48...57).contains(characters[index]) {
                fraction += Double(characters[index] - 48) * scale
                scale /= 10
                index += 1
            }
            guard index > start else { return nil }
        }
        guard index < characters.count else { return nil }
        var offset = 0
        switch characters[index] {
        case UInt8(ascii: "Z"), UInt8(ascii: "z"):
            guard index + 1 == characters.count else { return nil }
        case UInt8(ascii: "+"), UInt8(ascii: "-"):
            guard index + 6 == characters.count, let hours = number(index + 1, 2), characters[index + 3] == UInt8(ascii: ":"),
                let minutes = number(index + 4, 2), hours < 24, minutes < 60
            else { return nil }
            offset = (hours * 3600 + minutes * 60) * (characters[index] == UInt8(ascii: "-") ? -1 : 1)
        default: return nil
        }
        let days = LocalDate(year: year, month: month, day: day).daysSinceEpoch
        let seconds = Double(days * 86_400 + hour * 3600 + minute * 60 + second - offset)
        return Date(timeIntervalSince1970: seconds + fraction)
    }

    private static func pad(_ value: Int, _ width: Int) -> String {
        let digits = String(value)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }
}
