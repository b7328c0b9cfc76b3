import Foundation
import Testing

@testable import NoContactCore

extension SchedulerTests {
    /// Daily schedules simulated for several days through each DST change of 2026 in
    /// Europe/Berlin (03-29, 10-25) and America/New_York (03-08, 11-01).
    @Suite("DST")
    struct DaylightSaving {
        /// One daily schedule run from `start` through `end`, and every due instant it must deliver.
        struct Case: Sendable, CustomTestStringConvertible {
            var name: String
            var zone: String
            var schedule: String
            var start: String
            var end: String
            var expected: [String]
            var testDescription: String { name }
        }

        static let cases: [Case] = [
            Case(
                name: "Berlin spring 02:30: skipped on 03-29", zone: "Europe/Berlin", schedule: "02:30",
                start: "2026-03-26T12:00:00+01:00", end: "2026-04-01T12:00:00+02:00",
                expected: [
                    "2026-03-27T02:30:00+01:00", "2026-03-28T02:30:00+01:00",
                    "2026-03-30T02:30:00+02:00", "2026-03-31T02:30:00+02:00", "2026-04-01T02:30:00+02:00",
                ]),
            Case(
                name: "Berlin spring 09:00", zone: "Europe/Berlin", schedule: "09:00",
                start: "2026-03-26T12:00:00+01:00", end: "2026-04-01T12:00:00+02:00",
                expected: [
                    "2026-03-27T09:00:00+01:00", "2026-03-28T09:00:00+01:00", "2026-03-29T09:00:00+02:00",
                    "2026-03-30T09:00:00+02:00", "2026-03-31T09:00:00+02:00", "2026-04-01T09:00:00+02:00",
                ]),
            Case(
                name: "Berlin autumn 02:30: once in the overlap, at its first (CEST) pass", zone: "Europe/Berlin",
                schedule: "02:30", start: "2026-10-22T12:00:00+02:00", end: "2026-10-28T12:00:00+01:00",
                expected: [
                    "2026-10-23T02:30:00+02:00", "2026-10-24T02:30:00+02:00", "2026-10-25T02:30:00+02:00",
                    "2026-10-26T02:30:00+01:00", "2026-10-27T02:30:00+01:00", "2026-10-28T02:30:00+01:00",
                ]),
            Case(
                name: "Berlin autumn 09:00", zone: "Europe/Berlin", schedule: "09:00",
                start: "2026-10-22T12:00:00+02:00", end: "2026-10-28T12:00:00+01:00",
                expected: [
                    "2026-10-23T09:00:00+02:00", "2026-10-24T09:00:00+02:00", "2026-10-25T09:00:00+01:00",
                    "2026-10-26T09:00:00+01:00", "2026-10-27T09:00:00+01:00", "2026-10-28T09:00:00+01:00",
                ]),
            Case(
                name: "New York spring 02:30: skipped on 03-08", zone: "America/New_York", schedule: "02:30",
                start: "2026-03-05T12:00:00-05:00", end: "2026-03-11T12:00:00-04:00",
                expected: [
                    "2026-03-06T02:30:00-05:00", "2026-03-07T02:30:00-05:00",
                    "2026-03-09T02:30:00-04:00", "2026-03-10T02:30:00-04:00", "2026-03-11T02:30:00-04:00",
                ]),
            Case(
                name: "New York spring 09:00", zone: "America/New_York", schedule: "09:00",
                start: "2026-03-05T12:00:00-05:00", end: "2026-03-11T12:00:00-04:00",
                expected: [
                    "2026-03-06T09:00:00-05:00", "2026-03-07T09:00:00-05:00", "2026-03-08T09:00:00-04:00",
                    "2026-03-09T09:00:00-04:00", "2026-03-10T09:00:00-04:00", "2026-03-11T09:00:00-04:00",
                ]),
            // New York falls back at 02:00 EDT to 01:00 EST: 02:30 is not in the overlap there
            // (it happens once, in EST); 01:30 is.
            Case(
                name: "New York autumn 02:30: after the overlap, once", zone: "America/New_York", schedule: "02:30",
                start: "2026-10-29T12:00:00-04:00", end: "2026-11-04T12:00:00-05:00",
                expected: [
                    "2026-10-30T02:30:00-04:00", "2026-10-31T02:30:00-04:00", "2026-11-01T02:30:00-05:00",
                    "2026-11-02T02:30:00-05:00", "2026-11-03T02:30:00-05:00", "2026-11-04T02:30:00-05:00",
                ]),
            Case(
                name: "New York autumn 01:30: once in the overlap, at its first (EDT) pass", zone: "America/New_York",
                schedule: "01:30", start: "2026-10-29T12:00:00-04:00", end: "2026-11-04T12:00:00-05:00",
                expected: [
                    "2026-10-30T01:30:00-04:00", "2026-10-31T01:30:00-04:00", "2026-11-01T01:30:00-04:00",
                    "2026-11-02T01:30:00-05:00", "2026-11-03T01:30:00-05:00", "2026-11-04T01:30:00-05:00",
                ]),
            Case(
                name: "New York autumn 09:00", zone: "America/New_York", schedule: "09:00",
                start: "2026-10-29T12:00:00-04:00", end: "2026-11-04T12:00:00-05:00",
                expected: [
                    "2026-10-30T09:00:00-04:00", "2026-10-31T09:00:00-04:00", "2026-11-01T09:00:00-05:00",
                    "2026-11-02T09:00:00-05:00", "2026-11-03T09:00:00-05:00", "2026-11-04T09:00:00-05:00",
                ]),
        ]

        /// Through each DST change a daily schedule delivers exactly the expected instants, on time, with wakes exactly those instants, increasing.
        @Test(arguments: cases)
        func dailyScheduleThroughTransition(_ testCase: Case) throws {
            let config = try config(zone: testCase.zone, schedule: [testCase.schedule])
            var daemon = LoopDriver(scheduler(config), firstRun: iso(testCase.start))
            daemon.run(through: iso(testCase.end))
            let calendar = daemon.timeline.zone
            let expected = isos(testCase.expected)
            #expect(daemon.dues == expected, "\(daemon.dues.map { show($0, calendar) })")
            #expect(daemon.delivered.allSatisfy { !$0.isLate && $0.at == $0.due && $0.kind == .prompt })
            #expect(noDuplicates(daemon.delivered))
            // The first plan (at the start) wakes for the first due; each later one for the next.
            let wakes = daemon.wakeInstants
            #expect(wakes.count == expected.count + 1)
            #expect(Array(wakes.prefix(expected.count)) == expected)
            #expect(strictlyIncreasing(wakes))
            #expect(wakes.last! > iso(testCase.end))
        }

        /// 09:00 stays 09:00 local across a DST change: the UTC interval over the change is 23 h in spring and 25 h in autumn.
        @Test(arguments: [
            ("Europe/Berlin", "2026-03-27T12:00:00+01:00", "2026-03-28T09:00:00+01:00", "2026-03-29T09:00:00+02:00", 23.0),
            ("Europe/Berlin", "2026-10-23T12:00:00+02:00", "2026-10-24T09:00:00+02:00", "2026-10-25T09:00:00+01:00", 25.0),
            ("America/New_York", "2026-03-06T12:00:00-05:00", "2026-03-07T09:00:00-05:00", "2026-03-08T09:00:00-04:00", 23.0),
            ("America/New_York", "2026-10-30T12:00:00-04:00", "2026-10-31T09:00:00-04:00", "2026-11-01T09:00:00-05:00", 25.0),
        ])
        func nineOClockShiftsUTCByAnHour(zone: String, start: String, before: String, after: String, hours: Double) throws {
            let config = try config(zone: zone, schedule: ["09:00"])
            var daemon = LoopDriver(scheduler(config), firstRun: iso(start))
            daemon.run(through: iso(after))
            #expect(daemon.dues == [iso(before), iso(after)])
            #expect(iso(after).timeIntervalSince(iso(before)) == hours * 3600)
            let calendar = daemon.timeline.zone
            for due in daemon.dues {
                let parts = calendar.oracle.dateComponents([.hour, .minute, .second], from: due)
                #expect(parts.hour == 9 && parts.minute == 0 && parts.second == 0)
            }
        }

        /// A plan at 02:10 CET in Berlin's overlap (restart, reload, clock change) must not repeat the 02:30 already delivered at 02:30 CEST.
        @Test
        func overlapDoesNotRepeatAfterAPlanInTheSecondPass() throws {
            let config = try config(zone: "Europe/Berlin", schedule: ["02:30"])
            var daemon = LoopDriver(scheduler(config), firstRun: iso("2026-10-24T12:00:00+02:00"))
            daemon.run(through: iso("2026-10-25T02:30:00+02:00"))
            #expect(daemon.dues == [iso("2026-10-25T02:30:00+02:00")])
            // A reload at 02:10 CET (01:10 UTC), then the loop goes on.
            daemon.clock.set(iso("2026-10-25T02:10:00+01:00"))
            daemon.run(through: iso("2026-10-26T12:00:00+01:00"))
            #expect(
                daemon.dues == isos(["2026-10-25T02:30:00+02:00", "2026-10-26T02:30:00+01:00"]),
                "\(daemon.dues.map { show($0, daemon.timeline.zone) })")
        }

        /// New York's overlap, same situation: a plan at 01:10 EST must not repeat the 01:30 that fired at 01:30 EDT.
        @Test
        func overlapDoesNotRepeatAfterAPlanInTheSecondPassNewYork() throws {
            let config = try config(zone: "America/New_York", schedule: ["01:30"])
            var daemon = LoopDriver(scheduler(config), firstRun: iso("2026-10-31T12:00:00-04:00"))
            daemon.run(through: iso("2026-11-01T01:30:00-04:00"))
            daemon.clock.set(iso("2026-11-01T01:10:00-05:00"))
            daemon.run(through: iso("2026-11-02T12:00:00-05:00"))
            #expect(
                daemon.dues == isos(["2026-11-01T01:30:00-04:00", "2026-11-02T01:30:00-05:00"]),
                "\(daemon.dues.map { show($0, daemon.timeline.zone) })")
        }
    }
}
