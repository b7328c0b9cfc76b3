import Foundation
import NoContactCore
import ServiceTestSupport
import Synchronization
import Testing

@testable import NoContactService

@Suite("LocalService")
struct LocalServiceTests {
    /// days() counts each period on the local day of the injected `now`.
    @Test func daysFromSnapshot() throws {
        #expect(try Fixture.localService().days() == Fixture.expectedDays)
    }

    /// status() reports version, config file, zone, periods and the next prompt in local time.
    @Test func statusFromSnapshot() throws {
        let status = try Fixture.localService().status()
        #expect(status.version == noContactVersion)
        #expect(status.config == "/home/u/.config/nocontact/config.toml")
        #expect(status.timezone == "Europe/Berlin")
        #expect(status.periods == Fixture.expectedDays)
        let next = try #require(status.next)
        #expect(next.kind == "prompt")
        #expect(next.period == "Sam")
        #expect(next.dueUsec == 1_795_982_400_000_000)  // 2026-11-29T21:00:00+01:00
    }

    /// The next event's `due` is ISO 8601 with the local offset written as in the docs, "+01:00".
    @Test func statusDueHasExtendedOffset() throws {
        let status = try Fixture.localService().status()
        #expect(status.next?.due == "2026-11-29T21:00:00+01:00")
    }

    /// The due time parses back to the same instant as due_usec.
    @Test func statusDueMatchesDueUsec() throws {
        let next = try #require(try Fixture.localService().status().next)
        let parsed = try Date(next.due, strategy: .iso8601)
        #expect(Int64(parsed.timeIntervalSince1970 * 1_000_000) == next.dueUsec)
    }

    /// The built-in config is reported as "built-in", with the default period counted from the first run.
    @Test func builtinConfigStatus() throws {
        let snapshot = ServiceSnapshot(config: .builtinDefault, state: JourneyState(firstRun: Fixture.firstRun), timeZone: Fixture.berlin)
        let status = try LocalService(snapshot: { snapshot }, now: { Fixture.now }).status()
        #expect(status.config == "built-in")
        #expect(
            status.periods == [
                PeriodProgress(
                    period: "them", day: 29, daysTotal: nil, daysLeft: nil, start: LocalDate(year: 2026, month: 11, day: 1), ends: nil)
            ])
        #expect(status.next?.dueUsec == 1_795_982_400_000_000)
    }

    /// Each call reads the snapshot and clock afresh (the daemon swaps them on reload).
    @Test func readsSnapshotAndClockPerCall() throws {
        let snapshot = try Fixture.snapshot()
        let clock = Clock()
        let service = LocalService(snapshot: { snapshot }, now: { clock.now })
        #expect(try service.days().first?.day == 10)
        clock.now = Fixture.now.addingTimeInterval(86_400)
        #expect(try service.days().first?.day == 11)
    }

    /// JSON of the status reply has the contract keys, explicit nulls included.
    @Test func statusJSONKeys() throws {
        let data = try JSONEncoder().encode(try Fixture.localService().status())
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(Set(object.keys) == ["version", "config", "timezone", "periods", "next", "channels", "paused_until"])
        #expect(object["paused_until"] is NSNull)
        let next = try #require(object["next"] as? [String: Any])
        #expect(Set(next.keys) == ["kind", "due", "due_usec", "period"])
    }
}

/// A settable clock for `readsSnapshotAndClockPerCall`.
final class Clock: Sendable {
    private let value = Mutex(Fixture.now)
    var now: Date {
        get { value.withLock { $0 } }
        set { value.withLock { $0 = newValue } }
    }
}
