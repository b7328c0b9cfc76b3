package import Foundation
package import NoContactCore
package import NoContactService

/// A fixed world: two periods in Berlin, seen on 2026-11-29 at 10:00 local time.
package enum Fixture {
    package static let berlin = try! SystemTimeZone.load("Europe/Berlin", environment: [:])
    package static let now = Date(timeIntervalSince1970: 1_795_942_800)  // 2026-11-29T10:00:00+01:00
    package static let firstRun = Date(timeIntervalSince1970: 1_793_530_800)  // 2026-11-01T12:00:00+01:00

    package static func config() throws -> Config {
        try ConfigParser.parse(
            """
            timezone = "Europe/Berlin"

            [[period]]
            name = "Sam"
            start = 2026-11-20
            days = 30

            [[period]]
            name = "Alex"
            start = 2026-12-24

            [prompts]
            schedule = ["08:30", "21:00"]
            """, file: "/home/u/.config/nocontact/config.toml", zones: SystemTimeZone.processLookup)
    }

    package static func snapshot() throws -> ServiceSnapshot {
        ServiceSnapshot(config: try config(), state: JourneyState(firstRun: firstRun), timeZone: berlin)
    }

    package static func localService() throws -> LocalService {
        let snapshot = try snapshot()
        return LocalService(snapshot: { snapshot }, now: { now })
    }

    package static let expectedDays = [
        PeriodProgress(
            period: "Sam", day: 10, daysTotal: 30, daysLeft: 21, start: LocalDate(year: 2026, month: 11, day: 20),
            ends: LocalDate(year: 2026, month: 12, day: 19)),
        PeriodProgress(period: "Alex", day: 0, daysTotal: nil, daysLeft: nil, start: LocalDate(year: 2026, month: 12, day: 24), ends: nil),
    ]
}

/// A service that always fails with the given error.
package struct FailingService: NoContactService {
    package let error: ServiceError

    package init(error: ServiceError) { self.error = error }

    package func days() throws(ServiceError) -> [PeriodProgress] { throw error }
    package func status() throws(ServiceError) -> ServiceStatus { throw error }
    package func upcoming(count: Int) throws(ServiceError) -> [UpcomingEvent] { throw error }
    package func prompt(day: Int?, theme: String?) throws(ServiceError) -> PromptInfo? { throw error }
    package func prompts(theme: String?) throws(ServiceError) -> [PromptInfo] { throw error }
    package func reflect(_ request: ReflectRequest) throws(ServiceError) -> JourneyReceipt { throw error }
    package func urge(_ request: UrgeRequest) throws(ServiceError) -> JourneyReceipt { throw error }
    package func contact(_ request: ContactRequest) throws(ServiceError) -> JourneyReceipt { throw error }
    package func extend(period: String?, days: Int) throws(ServiceError) -> JourneyReceipt { throw error }
    package func history(since: Date?, kinds: [HistoryKind]?) throws(ServiceError) -> [HistoryEntry] { throw error }
    package func stats() throws(ServiceError) -> [PeriodReport] { throw error }
    package func reasons() throws(ServiceError) -> [ReasonInfo] { throw error }
    package func addReason(_ text: String) throws(ServiceError) -> [ReasonInfo] { throw error }
    package func removeReason(number: Int) throws(ServiceError) -> [ReasonInfo] { throw error }
    package func support() throws(ServiceError) -> SupportInfo { throw error }
    package func readiness(period: String?) throws(ServiceError) -> ReadinessCheck { throw error }
    package func close(period: String?) throws(ServiceError) -> JourneyReceipt { throw error }
    package func pause(until: Date) throws(ServiceError) -> PauseInfo { throw error }
    package func resume() throws(ServiceError) -> PauseInfo { throw error }
}
