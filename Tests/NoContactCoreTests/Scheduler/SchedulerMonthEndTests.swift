import Foundation
import Testing

@testable import NoContactCore

extension SchedulerTests {
    /// Month-end schedules over whole years: leap February (2028), common February (2026) and
    /// the 30-day months.
    @Suite("Month ends")
    struct MonthEnds {
        /// The last day of each month of `year`.
        static func lastDays(_ year: Int) -> [Int] {
            let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
            return [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
        }

        /// "*-*~1 21:00" (last day of the month) falls due on each month's last day: Feb 29 in 2028, Feb 28 in 2026, the 30th of 30-day months.
        @Test(arguments: [2026, 2028])
        func lastDayOfMonth(year: Int) throws {
            let config = try config(zone: "Europe/Berlin", schedule: ["*-*~1 21:00"])
            let calendar = calendar("Europe/Berlin")
            var daemon = LoopDriver(scheduler(config), firstRun: local(calendar, year, 1, 1, 0, 0))
            daemon.run(through: local(calendar, year, 12, 31, 23, 59))
            let expected = Self.lastDays(year).enumerated().map { local(calendar, year, $0.offset + 1, $0.element, 21, 0) }
            #expect(daemon.dues == expected, "\(daemon.dues.map { show($0, calendar) })")
            #expect(daemon.delivered.allSatisfy { !$0.isLate && $0.at == $0.due })
            #expect(strictlyIncreasing(daemon.wakeInstants))
            #expect(daemon.wakeInstants.last == local(calendar, year + 1, 1, 31, 21, 0))
        }

        /// "*-*-~1" is not a systemd expression (systemd-analyze rejects it) and Schedule rejects it too; "*-*~1" normalizes like systemd.
        @Test func tildeAfterDashIsRejectedLikeSystemd() throws {
            #expect(throws: CalendarSpecError.self) { try Schedule(parsing: "*-*-~1 21:00") }
            let schedule = try Schedule(parsing: "*-*~1 21:00")
            #expect(schedule.spec.normalized == "*-*~01 21:00:00")
        }

        /// February's end exactly: 2028-02-29 21:00 (leap) and 2026-02-28 21:00, each followed by March 31.
        @Test func februaryEnds() throws {
            let config = try config(zone: "Europe/Berlin", schedule: ["*-*~1 21:00"])
            var leap = LoopDriver(scheduler(config), firstRun: iso("2028-02-01T00:00:00+01:00"))
            leap.run(through: iso("2028-04-01T00:00:00+02:00"))
            #expect(leap.dues == isos(["2028-02-29T21:00:00+01:00", "2028-03-31T21:00:00+02:00"]))
            var common = LoopDriver(scheduler(config), firstRun: iso("2026-02-01T00:00:00+01:00"))
            common.run(through: iso("2026-04-01T00:00:00+02:00"))
            #expect(common.dues == isos(["2026-02-28T21:00:00+01:00", "2026-03-31T21:00:00+02:00"]))
        }

        /// "*-*-31 08:00" falls due only in 31-day months: February and the 30-day months are skipped, in leap and common years.
        @Test(arguments: [2026, 2028])
        func thirtyFirst(year: Int) throws {
            let config = try config(zone: "Europe/Berlin", schedule: ["*-*-31 08:00"])
            let calendar = calendar("Europe/Berlin")
            var daemon = LoopDriver(scheduler(config), firstRun: local(calendar, year, 1, 1, 0, 0))
            daemon.run(through: local(calendar, year, 12, 31, 23, 59))
            let expected = [1, 3, 5, 7, 8, 10, 12].map { local(calendar, year, $0, 31, 8, 0) }
            #expect(daemon.dues == expected, "\(daemon.dues.map { show($0, calendar) })")
            #expect(daemon.delivered.allSatisfy { !$0.isLate && $0.at == $0.due })
            #expect(strictlyIncreasing(daemon.wakeInstants))
        }

        /// Both month-end schedules January-May 2028: on a 31st 08:00 then 21:00, one delivery per plan, exact instants.
        @Test func bothTogether() throws {
            let config = try config(zone: "Europe/Berlin", schedule: ["*-*~1 21:00", "*-*-31 08:00"])
            var daemon = LoopDriver(scheduler(config), firstRun: iso("2028-01-15T12:00:00+01:00"))
            daemon.run(through: iso("2028-05-31T23:00:00+02:00"))
            #expect(
                daemon.dues
                    == isos([
                        "2028-01-31T08:00:00+01:00", "2028-01-31T21:00:00+01:00",
                        "2028-02-29T21:00:00+01:00",
                        "2028-03-31T08:00:00+02:00", "2028-03-31T21:00:00+02:00",
                        "2028-04-30T21:00:00+02:00",
                        "2028-05-31T08:00:00+02:00", "2028-05-31T21:00:00+02:00",
                    ]))
            #expect(daemon.delivered.allSatisfy { !$0.isLate && $0.at == $0.due })
            #expect(daemon.plans.allSatisfy { $0.plan.deliveries.count <= 1 })
            #expect(strictlyIncreasing(daemon.wakeInstants))
        }
    }
}
