#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// What a day of a period was, for the calendar pictures of `nocontact stats` and the HTML
/// export. One mark per day; when several things happened, the first of slip, received,
/// logistics, paused wins (a slip is shown as a fact, never as a failure).
public enum DayMark: String, Sendable, Equatable, Codable, CaseIterable {
    /// A day of space: no contact recorded.
    case space
    /// The person got in touch: the count restarted that day, the days before still count.
    case slip
    /// Allowed logistics contact (children, bills, a shared home): still a day of space.
    case logistics
    /// The other person reached out (`nocontact received`): still a day of space.
    case received
    /// Deliveries were paused for part or all of the day (`nocontact pause`).
    case paused
}

/// One urge as the pictures need it: when (local hour) and how strong.
public struct DayUrge: Sendable, Equatable, Codable {
    /// The local hour of day, 0 to 23.
    public var hour: Int
    /// 1 (faint) to 5 (overwhelming).
    public var intensity: Int
    public var trigger: String?
    public var resisted: Bool

    public init(hour: Int, intensity: Int, trigger: String?, resisted: Bool) {
        self.hour = hour
        self.intensity = intensity
        self.trigger = trigger
        self.resisted = resisted
    }

    private enum CodingKeys: String, CodingKey { case hour, intensity, trigger, resisted }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(hour, forKey: .hour)
        try container.encode(intensity, forKey: .intensity)
        try container.encode(trigger, forKey: .trigger)
        try container.encode(resisted, forKey: .resisted)
    }
}

/// One local day of a period: the record the pictures are drawn from (`stats --json`).
public struct JourneyDay: Sendable, Equatable, Codable {
    public var date: LocalDate
    /// Day N counted from the period's start (day 1), slips not restarting it.
    public var day: Int
    public var mark: DayMark
    /// The urges of the day, oldest first.
    public var urges: [DayUrge]
    /// Reflections written that day.
    public var reflections: Int
    /// The mean mood (1 low to 5 good) of the day's reflections that gave one.
    public var mood: Double?

    public init(date: LocalDate, day: Int, mark: DayMark, urges: [DayUrge] = [], reflections: Int = 0, mood: Double? = nil) {
        self.date = date
        self.day = day
        self.mark = mark
        self.urges = urges
        self.reflections = reflections
        self.mood = mood
    }

    /// The strongest urge of the day, nil when there was none.
    public var strongestUrge: Int? { urges.map(\.intensity).max() }

    /// Monday 0 to Sunday 6 (1970-01-01 was a Thursday).
    public var weekday: Int { Self.weekday(of: date) }

    /// Monday 0 to Sunday 6 of `date`.
    public static func weekday(of date: LocalDate) -> Int {
        ((date.daysSinceEpoch + 3) % 7 + 7) % 7
    }

    private enum CodingKeys: String, CodingKey {
        case date, day, mark, urges, reflections, mood
        case strongestUrge = "strongest_urge"
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(date.description, forKey: .date)
        try container.encode(day, forKey: .day)
        try container.encode(mark, forKey: .mark)
        try container.encode(urges, forKey: .urges)
        try container.encode(strongestUrge, forKey: .strongestUrge)
        try container.encode(reflections, forKey: .reflections)
        try container.encode(mood, forKey: .mood)
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let text = try container.decode(String.self, forKey: .date)
        guard let date = LocalDate(iso: text) else {
            throw DecodingError.dataCorruptedError(forKey: .date, in: container, debugDescription: "not a YYYY-MM-DD date: \(text)")
        }
        self.date = date
        day = try container.decode(Int.self, forKey: .day)
        mark = try container.decode(DayMark.self, forKey: .mark)
        urges = try container.decodeIfPresent([DayUrge].self, forKey: .urges) ?? []
        reflections = try container.decodeIfPresent(Int.self, forKey: .reflections) ?? 0
        mood = try container.decodeIfPresent(Double.self, forKey: .mood)
    }
}

/// Computes the per-day series of a period from what was recorded. Pure: the person's zone is
/// injected.
public enum JourneyDays {
    /// The days of `period` from `first` through `last` (both local days, inclusive), one
    /// record per day, with the entries of that period and the pauses that touch each day.
    public static func series(
        period: String, from first: LocalDate, through last: LocalDate, entries: [HistoryEntry], pauses: [PauseWindow],
        zone: Zone
    ) -> [JourneyDay] {
        guard first <= last else { return [] }
        let count = first.days(until: last) + 1
        var days = (0..<count).map { offset in
            JourneyDay(date: first.adding(days: offset), day: offset + 1, mark: .space)
        }
        var moods = [[Int]](repeating: [], count: count)
        var contacts = [Set<DayMark>](repeating: [], count: count)
        func index(of instant: Date) -> Int? {
            let offset = first.days(until: LocalDate(instant, in: zone))
            return (0..<count).contains(offset) ? offset : nil
        }
        for entry in entries {
            switch entry {
            case let .reflection(reflection) where reflection.period == period:
                guard let at = index(of: reflection.recordedAt) else { continue }
                days[at].reflections += 1
                if let mood = reflection.mood { moods[at].append(mood) }
            case let .urge(urge) where urge.period == period:
                guard let at = index(of: urge.recordedAt) else { continue }
                let hour = zone.localTime(at: urge.recordedAt).hour
                days[at].urges.append(DayUrge(hour: hour, intensity: urge.intensity, trigger: urge.trigger, resisted: urge.resisted))
            case let .contact(contact) where contact.period == period:
                guard let at = index(of: contact.recordedAt) else { continue }
                switch contact.kind {
                case .slip: contacts[at].insert(.slip)
                case .received: contacts[at].insert(.received)
                case .logistics: contacts[at].insert(.logistics)
                }
            default: continue
            }
        }
        for offset in 0..<count {
            if !moods[offset].isEmpty {
                days[offset].mood = Double(moods[offset].reduce(0, +)) / Double(moods[offset].count)
            }
            if let mark = ([DayMark.slip, .received, .logistics]).first(where: contacts[offset].contains) {
                days[offset].mark = mark
            } else if isPaused(days[offset].date, pauses: pauses, zone: zone) {
                days[offset].mark = .paused
            }
        }
        return days
    }

    /// Whether any pause overlaps the local day `date`.
    static func isPaused(_ date: LocalDate, pauses: [PauseWindow], zone: Zone) -> Bool {
        guard !pauses.isEmpty else { return false }
        let start = zone.startOfDay(date)
        let end = zone.startOfDay(date.adding(days: 1))
        return pauses.contains { $0.start < end && start < $0.end }
    }
}
