#if canImport(FoundationEssentials)
package import FoundationEssentials
#else
package import Foundation
#endif

/// The daemon's state in one line, for STATUS= (`systemctl status` shows it) and its log.
package enum StatusLine {
    /// "them: day 3 of 30 · paused until 2026-06-12 08:00 · next prompt at …", with `notice`
    /// (a refused reload) first and the store's refusal (`unrecorded`) last.
    ///
    /// Periods are named by `Config.periodLabel`: in discreet mode an opaque key, never a name.
    package static func compose(
        progress: [PeriodProgress], config: Config, state: JourneyState, zone: Zone, now: Date, next: String,
        notice: String?, unrecorded: String?
    ) -> String {
        let days = progress.map { progress in
            let label = config.periodLabel(progress.period)
            if progress.closed { return "\(label): closed" }
            if progress.hasEnded { return "\(label): ended" }
            return progress.daysTotal.map { "\(label): day \(progress.day) of \($0)" }
                ?? "\(label): day \(progress.day) of an open-ended period"
        }
        var parts = days
        if let pause = state.pause(at: now) {
            parts.append("paused until \(LocalTimeText.format(pause.end, in: zone, seconds: false))")
        }
        let first = notice.map { [$0] } ?? []
        let warning = unrecorded.map { ["deliveries not recorded (kept in memory): \($0)"] } ?? []
        return (first + parts + [next] + warning).joined(separator: " · ")
    }

    /// "next prompt at 2026-06-10 09:00:00 Europe/Berlin", saying when quiet hours hold it
    /// until `wake`; "nothing scheduled" when the timer is not armed.
    package static func next(timeline: Timeline, state: JourneyState, wake: Date?) -> String {
        let zone = timeline.zone
        guard let wake, let next = timeline.nextEvent(after: state.cursor, state: state) else {
            return "nothing scheduled"
        }
        let held = wake > next.due ? " (held by quiet hours until \(LocalTimeText.format(wake, in: zone, seconds: true)))" : ""
        return "next \(next.kind.rawValue) at \(LocalTimeText.format(next.due, in: zone, seconds: true)) \(zone.identifier)\(held)"
    }
}
