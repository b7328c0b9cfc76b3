#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif

/// The whole story of one period: the current run, and every earlier run a slip ended.
///
/// A slip restarts the count, but the days of space before it still count: they stay in
/// `totalDaysOfSpace` and `longestRunDays`.
public struct PeriodStats: Sendable, Equatable, Codable {
    public var period: String
    public var current: PeriodProgress
    /// How many runs: 1 plus the number of slips on a later day.
    public var runs: Int
    public var slips: Int
    /// The longest run, in days of space.
    public var longestRunDays: Int
    /// Days of space across all runs.
    public var totalDaysOfSpace: Int
    /// The next milestone day of the current run, if any is left.
    public var nextMilestone: Int?
    /// The period has reached its end: time for the readiness check, or to extend it.
    public var readinessCheckDue: Bool

    public static func of(_ period: PeriodConfig, state: JourneyState, now: Date, zone: Zone) -> PeriodStats {
        let history = state.history(of: period.name)
        let current = PeriodProgress.of(period, firstRun: state.firstRun, now: now, zone: zone, history: history)
        let starts = PeriodProgress.runStarts(of: period, firstRun: state.firstRun, zone: zone, history: history)
        // A run that a slip ended lasted from its start up to the day of the slip.
        var lengths = zip(starts, starts.dropFirst()).map { max(0, $0.days(until: $1)) }
        lengths.append(current.daysOfSpace)
        return PeriodStats(
            period: period.name, current: current, runs: starts.count, slips: history.slips.count,
            longestRunDays: lengths.max() ?? 0, totalDaysOfSpace: lengths.reduce(0, +),
            nextMilestone: period.effectiveMilestones.sorted().first { $0 > current.day || ($0 == current.day && current.day == 0) },
            readinessCheckDue: current.hasEnded)
    }

    private enum CodingKeys: String, CodingKey {
        case period, current, runs, slips
        case longestRunDays = "longest_run_days"
        case totalDaysOfSpace = "total_days_of_space"
        case nextMilestone = "next_milestone"
        case readinessCheckDue = "readiness_check_due"
    }
}
