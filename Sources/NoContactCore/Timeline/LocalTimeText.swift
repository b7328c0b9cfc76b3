#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif

/// Instants as people read them on their own clock: "2026-11-29 21:00".
public enum LocalTimeText {
    /// "YYYY-MM-DD HH:MM", or with `seconds` "YYYY-MM-DD HH:MM:SS", on `zone`'s wall clock.
    public static func format(_ date: Date, in zone: Zone, seconds: Bool = false) -> String {
        let local = zone.localTime(at: date)
        var text = "\(local.date.year)-\(pad(local.date.month))-\(pad(local.date.day)) \(pad(local.hour)):\(pad(local.minute))"
        if seconds { text += ":\(pad(local.second))" }
        return text
    }

    private static func pad(_ value: Int) -> String {
        value < 10 ? "0\(value)" : String(value)
    }
}
