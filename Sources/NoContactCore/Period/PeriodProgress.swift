#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif

/// Where one period stands on a given day: the answer to "how many days of space?".
///
/// Days are counted in the user's local calendar. The start date (the day of the last
/// contact) is day 1; a 30-day period's last day is day 30, and `daysLeft` counts the days
/// still to go including today, so that days behind plus days left is the length.
public struct PeriodProgress: Sendable, Equatable, Codable {
    public var period: String
    /// Day N of the period; 1 on the start date, 0 when the start is still in the future.
    public var day: Int
    /// The length in days, nil for an open-ended period.
    public var daysTotal: Int?
    /// Days still to go including today (0 once the period has ended), nil when open-ended.
    public var daysLeft: Int?
    public var start: LocalDate
    /// The last day of the period, nil when open-ended.
    public var ends: LocalDate?
    /// The person closed the period (`nocontact close`, "moving on").
    public var closed: Bool

    public init(period: String, day: Int, daysTotal: Int?, daysLeft: Int?, start: LocalDate, ends: LocalDate?, closed: Bool = false) {
        self.period = period
        self.day = day
        self.daysTotal = daysTotal
        self.daysLeft = daysLeft
        self.start = start
        self.ends = ends
        self.closed = closed
    }

    /// Whole days of space already behind the user (the days before today).
    public var daysOfSpace: Int { max(0, min(day - 1, daysTotal ?? Int.max)) }

    /// Whether the period is over: its last day has passed, or the person closed it.
    public var hasEnded: Bool { closed || (daysTotal.map { day > $0 } ?? false) }

    /// Whether prompts speak to this period now: it has started and is not over.
    public var isUnderWay: Bool { day >= 1 && !hasEnded }

    /// Computes the progress of `period` on the local day of `now`.
    /// - Parameters:
    ///   - firstRun: when the tool first ran; the start of `.firstRun` periods.
    ///   - history: slips restart the count on their day (the new day 1); extensions lengthen it.
    public static func of(_ period: PeriodConfig, firstRun: Date, now: Date, zone: Zone, history: PeriodHistory = .empty) -> PeriodProgress
    {
        let start =
            runStarts(of: period, firstRun: firstRun, zone: zone, history: history).last
            ?? startDate(of: period, firstRun: firstRun, zone: zone)
        let today = LocalDate(now, in: zone)
        let day = max(0, start.days(until: today) + 1)
        let total = period.days.map { $0 + history.extensionDays }
        // Before the start (day 0) the whole length is still ahead.
        let daysLeft = total.map { max(0, min($0, $0 - day + 1)) }
        let ends = total.map { start.adding(days: $0 - 1) }
        let closed = history.closedAt.map { $0 <= now } ?? false
        return PeriodProgress(
            period: period.name, day: day, daysTotal: total, daysLeft: closed ? total.map { _ in 0 } : daysLeft, start: start,
            ends: ends, closed: closed)
    }

    /// The first day of each run of the period: its start, then the day of every later slip.
    public static func runStarts(of period: PeriodConfig, firstRun: Date, zone: Zone, history: PeriodHistory) -> [LocalDate] {
        let start = startDate(of: period, firstRun: firstRun, zone: zone)
        var starts = [start]
        for slip in history.slips.sorted() {
            let day = LocalDate(slip, in: zone)
            if let last = starts.last, day > last { starts.append(day) }
        }
        return starts
    }

    /// The local day on which `period` started.
    public static func startDate(of period: PeriodConfig, firstRun: Date, zone: Zone) -> LocalDate {
        switch period.start {
        case let .date(date), let .dateTime(date, _, _, _): return date
        case .firstRun: return LocalDate(firstRun, in: zone)
        }
    }

    private enum CodingKeys: String, CodingKey {
        case period, day
        case daysTotal = "days_total"
        case daysLeft = "days_left"
        case start, ends, closed
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(period, forKey: .period)
        try container.encode(day, forKey: .day)
        // Explicit nulls: the JSON contract always has every field.
        try container.encode(daysTotal, forKey: .daysTotal)
        try container.encode(daysLeft, forKey: .daysLeft)
        try container.encode(start.description, forKey: .start)
        try container.encode(ends?.description, forKey: .ends)
        try container.encode(closed, forKey: .closed)
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        period = try container.decode(String.self, forKey: .period)
        day = try container.decode(Int.self, forKey: .day)
        daysTotal = try container.decodeIfPresent(Int.self, forKey: .daysTotal)
        daysLeft = try container.decodeIfPresent(Int.self, forKey: .daysLeft)
        let startText = try container.decode(String.self, forKey: .start)
        guard let start = LocalDate(iso: startText) else {
            throw DecodingError.dataCorruptedError(forKey: .start, in: container, debugDescription: "not a YYYY-MM-DD date: \(startText)")
        }
        self.start = start
        ends = try container.decodeIfPresent(String.self, forKey: .ends).flatMap(LocalDate.init(iso:))
        closed = try container.decodeIfPresent(Bool.self, forKey: .closed) ?? false
    }

    /// One short, kind line for people, e.g. "Sam: day 10 of 30, 9 days of space behind you, 21 to go".
    public var summary: String {
        if day == 0 { return "\(period): starts on \(start)" }
        if closed { return "\(period): closed, moving on, after \(plural(daysOfSpace, "day")) of space; your history stays" }
        guard let daysTotal, let daysLeft else {
            return "\(period): day \(day) of an open-ended period, \(plural(daysOfSpace, "day")) of space behind you"
        }
        if hasEnded {
            return
                "\(period): your \(daysTotal) days of space ended on \(ends.map(\.description) ?? "?"); `nocontact ready` when you want the readiness check"
        }
        return "\(period): day \(day) of \(daysTotal), \(plural(daysOfSpace, "day")) of space behind you, \(daysLeft) to go"
    }
}

/// "1 day", "2 days".
func plural(_ count: Int, _ noun: String) -> String {
    "\(count) \(noun)\(count == 1 ? "" : "s")"
}
