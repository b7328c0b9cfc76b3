// In-process cost of the calendar code the daemon runs on every reschedule: next elapse of a
// systemd calendar expression, parsing one, and the next event of the built-in default config.
// Each measured iteration does 1,000 operations (scalingFactor .kilo), so the figures the plugin
// prints are per operation. Whole-process figures against systemd-analyze: scripts/bench-calendar.

import Benchmark
import Foundation
import NoContactCore

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .throughput, .mallocCountTotal],
        warmupIterations: 3,
        scalingFactor: .kilo,
        maxDuration: .seconds(2),
        maxIterations: 10_000
    )

    /// A tzdata zone decoded by Core's zone engine, as the daemon's loader gives it.
    func zone(_ name: String) -> Zone {
        guard let data = FileManager.default.contents(atPath: "/usr/share/zoneinfo/" + name),
              let zone = Zone(identifier: name, tzif: [UInt8](data)) else { fatalError("no zone \(name)") }
        return zone
    }
    let berlin = zone("Europe/Berlin")
    let utc = Zone.utc
    // Zone names in expressions: Berlin loaded once, as the daemon's per-parse lookup caches it.
    let zones = ZoneLookup(zone: { $0 == "Europe/Berlin" ? berlin : nil }, identifiers: { ["Europe/Berlin"] })
    // 2026-03-28 12:00:00 UTC: the day before Berlin springs forward (2026-03-29 02:00 -> 03:00),
    // the base time scripts/bench-calendar gives nocontact and systemd-analyze.
    let base = Date(timeIntervalSince1970: 1_774_699_200)
    // 2026-10-24 12:00:00 UTC: the day before Berlin falls back (2026-10-25 03:00 -> 02:00).
    let autumnBase = Date(timeIntervalSince1970: 1_792_843_200)

    /// Next elapse, walked as `--iterations` does: each result is the base of the next call,
    /// starting over at `base` when the expression has no further elapse (systemd's year 2199).
    func walk(_ expression: String, zone: Zone, _ zoneName: String) {
        let spec = try! CalendarSpec(parsing: expression)
        Benchmark("nextElapse \(expression) (\(zoneName))") { benchmark in
            var date = base
            for _ in benchmark.scaledIterations {
                date = spec.nextElapse(after: date, in: zone) ?? base
                blackHole(date)
            }
        }
    }

    walk("Mon..Fri *-*-* 09:00", zone: berlin, "Europe/Berlin")
    walk("*:*:0/20", zone: berlin, "Europe/Berlin")
    // Leap days only: about 45 steps to systemd's year 2199, then it starts over.
    walk("*-02-29 12:00", zone: utc, "UTC")

    // A time that falls in the spring-forward gap (skipped on 2026-03-29) and in the autumn
    // overlap (fires once on 2026-10-25): every call starts right before a transition.
    let dst = try! CalendarSpec(parsing: "*-*-* 02:30")
    Benchmark("nextElapse *-*-* 02:30 across DST (Europe/Berlin)") { benchmark in
        for i in benchmark.scaledIterations {
            blackHole(dst.nextElapse(after: i & 1 == 0 ? base : autumnBase, in: berlin))
        }
    }

    let expressions = [
        "Mon..Fri *-*-* 09:00", "*:*:0/20", "*-*-* 02:30", "*-02-29 12:00",
        "*-*~1 08:00", "quarterly", "Sat,Sun 2026..2030-01,07-1..7/2 10:00:00.5 Europe/Berlin",
    ]
    Benchmark("CalendarSpec(parsing:) (\(expressions.count) expressions, per expression)") { benchmark in
        for i in benchmark.scaledIterations {
            blackHole(try! CalendarSpec(parsing: expressions[i % expressions.count], localZone: nil, zones: zones))
        }
    }

    // Config.builtinDefault: one open-ended period, prompts at 09:00 and 21:00, in Berlin.
    let timeline = Timeline(config: .builtinDefault, zone: berlin)
    let state = JourneyState(firstRun: base.addingTimeInterval(-86_400 * 10))
    Benchmark("Timeline.nextEvent builtinDefault (Europe/Berlin)") { benchmark in
        var date = base
        for _ in benchmark.scaledIterations {
            guard let event = timeline.nextEvent(after: date, state: state) else { fatalError("no event") }
            date = event.due
            blackHole(event)
        }
    }
}
