#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// What the charts under the calendar show, drawn from a period's days: urges by hour of day,
/// the most frequent triggers, and the series of the last weeks. Pure.
public struct JourneyPatterns: Sendable, Equatable {
    /// A trigger and how many urges named it.
    public struct TriggerCount: Sendable, Equatable {
        public var trigger: String
        public var count: Int

        public init(trigger: String, count: Int) {
            self.trigger = trigger
            self.count = count
        }
    }

    /// Urges in each local hour of day, 24 counts from 00 to 23.
    public var urgesByHour: [Int]
    /// The most named triggers, most first (ties by name), at most `triggerLimit`.
    public var topTriggers: [TriggerCount]
    /// The days the sparklines cover: the last `recentDays` of the series.
    public var recent: [JourneyDay]

    /// How many triggers are listed.
    public static let triggerLimit = 5
    /// How many days the sparklines cover (the last weeks).
    public static let recentDays = 28

    public init(days: [JourneyDay]) {
        var hours = [Int](repeating: 0, count: 24)
        var triggers: [String: Int] = [:]
        for urge in days.flatMap(\.urges) {
            if (0..<24).contains(urge.hour) { hours[urge.hour] += 1 }
            if let trigger = urge.trigger?.trimmingWhitespace(), !trigger.isEmpty {
                triggers[trigger.lowercased(), default: 0] += 1
            }
        }
        urgesByHour = hours
        topTriggers = triggers.map { TriggerCount(trigger: $0.key, count: $0.value) }
            .sorted { $0.count != $1.count ? $0.count > $1.count : $0.trigger < $1.trigger }
            .prefix(Self.triggerLimit).map { $0 }
        recent = Array(days.suffix(Self.recentDays))
    }

    /// Urges per day over the recent days.
    public var recentUrges: [Int] { recent.map(\.urges.count) }

    /// Mean mood per day over the recent days (nil where none was given).
    public var recentMood: [Double?] { recent.map(\.mood) }

    /// A line of block characters, one per value, scaled to the largest (`▁` for 0 or
    /// nothing, ` ` for a missing value).
    public static func sparkline(_ values: [Double?], maximum: Double? = nil) -> String {
        let blocks = Array("▁▂▃▄▅▆▇█")
        let top = maximum ?? values.compactMap { $0 }.max() ?? 0
        return String(
            values.map { value -> Character in
                guard let value else { return " " }
                guard top > 0, value > 0 else { return blocks[0] }
                let level = Int((value / top * Double(blocks.count - 1)).rounded())
                return blocks[min(blocks.count - 1, max(0, level))]
            })
    }
}
