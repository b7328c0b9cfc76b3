import Foundation
import Testing

@testable import NoContactCore

extension SchedulerTests {
    /// The zone changing under a running daemon (config `timezone`, or the system zone): the
    /// cursor is an absolute instant, so the schedule moves to the new wall clock and nothing
    /// handled is delivered again.
    @Suite("Time zone changes")
    struct TimeZoneChanges {
        /// A zone change westward (Berlin to New York) after 09:00 Berlin: the next wake is 09:00 New York, and the days go on in New York time.
        @Test func westward() throws {
            let berlin = try config(zone: "Europe/Berlin", schedule: ["09:00", "21:00"])
            var daemon = LoopDriver(scheduler(berlin), firstRun: iso("2026-06-10T08:00:00+02:00"))
            daemon.run(through: iso("2026-06-10T09:00:00+02:00"))
            daemon.scheduler = scheduler(try config(zone: "America/New_York", schedule: ["09:00", "21:00"]))
            daemon.clock.set(iso("2026-06-10T10:00:00+02:00"))
            let plan = daemon.step()
            #expect(plan.deliveries.isEmpty)
            #expect(plan.wake == iso("2026-06-10T09:00:00-04:00"))
            daemon.run(through: iso("2026-06-11T10:00:00-04:00"))
            #expect(
                daemon.dues
                    == isos([
                        "2026-06-10T09:00:00+02:00", "2026-06-10T09:00:00-04:00", "2026-06-10T21:00:00-04:00", "2026-06-11T09:00:00-04:00",
                    ]))
            #expect(daemon.delivered.allSatisfy { !$0.isLate && $0.at == $0.due })
        }

        /// A zone change eastward (New York to Berlin) after 21:00 New York: nothing behind the cursor is delivered; next is 09:00 Berlin.
        @Test func eastward() throws {
            let newYork = try config(zone: "America/New_York", schedule: ["09:00", "21:00"])
            var daemon = LoopDriver(scheduler(newYork), firstRun: iso("2026-06-10T08:00:00-04:00"))
            daemon.run(through: iso("2026-06-10T21:00:00-04:00"))
            daemon.scheduler = scheduler(try config(zone: "Europe/Berlin", schedule: ["09:00", "21:00"]))
            let plan = daemon.step()
            #expect(plan.deliveries.isEmpty)
            #expect(plan.wake == iso("2026-06-11T09:00:00+02:00"))
            daemon.run(through: iso("2026-06-11T21:00:00+02:00"))
            #expect(
                daemon.dues
                    == isos([
                        "2026-06-10T09:00:00-04:00", "2026-06-10T21:00:00-04:00", "2026-06-11T09:00:00+02:00", "2026-06-11T21:00:00+02:00",
                    ]))
            #expect(noDuplicates(daemon.delivered))
            #expect(daemon.delivered.allSatisfy { !$0.isLate })
        }
    }
}
