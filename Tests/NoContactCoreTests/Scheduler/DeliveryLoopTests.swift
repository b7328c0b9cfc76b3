import Foundation
import Testing

@testable import NoContactCore

/// The daemon's loop (`DeliveryLoop`) over in-memory shells (Support/DeliveryLoopFakes.swift):
/// what it delivers, records, arms and says, in which order, when the store refuses, after a
/// downtime and when the clock jumps. The scheduling corpus (DST, quiet hours, zones) drives the
/// same loop through `SchedulerTests.LoopDriver`.
@Suite("Delivery loop")
struct DeliveryLoopTests {
    static let zone = "Europe/Berlin"

    static func iso(_ text: String) -> Date { instant(text) }

    /// 10:00 on 2026-06-10 in Berlin, and the other hours of that day.
    static func hour(_ hour: Int, _ minute: Int = 0, _ second: Int = 0) -> Date {
        iso(String(format: "2026-06-10T%02d:%02d:%02d+02:00", hour, minute, second))
    }

    /// Shells for hourly prompts in Berlin, everything handled through 09:00, the clock at `now`.
    static func hourly(_ catchUp: CatchUpPolicy = .latest, now: Date) throws -> LoopShells {
        let config = try SchedulerTests.config(zone: zone, schedule: ["hourly"], catchUp: catchUp)
        let state = JourneyState(firstRun: iso("2026-06-01T12:00:00+02:00"), handledThrough: hour(9))
        return LoopShells(config: config, zone: testZone(zone), state: state, now: now)
    }

    /// A milestone and a prompt at the same instant: both delivered in the plan's order, to
    /// every channel and to `Watch`, recorded with the new cursor in one write before any of
    /// them goes out; then the timer is armed for the plan's wake and STATUS= says how things stand.
    @Test func deliversWhatIsDueInOrderAndRecordsFirst() throws {
        let sam = PeriodConfig(
            name: "Sam", start: .date(LocalDate(year: 2026, month: 11, day: 20)), days: 30, milestones: [1, 7, 30], allow: [])
        let config = try SchedulerTests.config(zone: Self.zone, schedule: ["08:30", "21:00"], periods: [sam])
        let now = Self.iso("2026-11-20T08:30:00+01:00")
        let state = JourneyState(firstRun: Self.iso("2026-11-19T12:00:00+01:00"), handledThrough: Self.iso("2026-11-20T08:00:00+01:00"))
        let shells = LoopShells(config: config, zone: testZone(Self.zone), state: state, now: now)

        let wake = shells.deliveryLoop.wake()

        #expect(wake.plan.deliveries.map(\.event.kind) == [.milestone, .prompt])
        #expect(wake.deliveries.map(\.kind) == [.milestone, .prompt])
        #expect(shells.channel.deliveries == wake.deliveries)
        #expect(shells.feed.published.map(\.delivery) == wake.deliveries)
        #expect(shells.feed.published.allSatisfy { $0.zone == Self.zone })
        #expect(shells.trace.steps == ["read", "record", "deliver", "publish", "deliver", "publish", "arm wake"])
        #expect(shells.store.writeAttempts == 1)
        #expect(shells.store.recorded.map(\.kind) == [.milestone, .prompt])
        #expect(shells.store.recorded.allSatisfy { $0.due == now && $0.deliveredAt == now && !$0.late && $0.period == "Sam" })
        #expect(shells.store.recorded.map(\.promptID) == wake.deliveries.map(\.promptID))
        #expect(shells.store.state.handledThrough == now)
        #expect(shells.store.state.deliveryCount == 1)
        #expect(wake.state == shells.store.state)
        #expect(shells.timer.deadline == Self.iso("2026-11-20T21:00:00+01:00"))
        #expect(shells.retryTimer.armings.isEmpty)
        #expect(wake.next == "next prompt at 2026-11-20 21:00:00 Europe/Berlin")
        #expect(wake.status == "Sam: day 1 of 30 · next prompt at 2026-11-20 21:00:00 Europe/Berlin")
        #expect(shells.notifier.lines == [wake.status])
        #expect(shells.log.errors.isEmpty && shells.log.notices.isEmpty)
    }

    /// A wake with nothing due writes nothing, delivers nothing, sends no STATUS=, and re-arms the timer.
    @Test func aWakeWithNothingDueOnlyArms() throws {
        let shells = try Self.hourly(now: Self.hour(9))
        let wake = shells.deliveryLoop.wake()
        #expect(wake.deliveries.isEmpty)
        #expect(shells.store.writeAttempts == 0)
        #expect(shells.trace.steps == ["read", "arm wake"])
        #expect(shells.timer.deadline == Self.hour(10))
        #expect(shells.notifier.lines.isEmpty)
    }

    /// The timer follows the plan's wake: the end of quiet hours when they hold the next event
    /// (and the status says so), cancelled once nothing is scheduled.
    @Test func armsForThePlansWakeAndCancelsWhenNothingIsScheduled() throws {
        let night = QuietHours(startMinute: 22 * 60, endMinute: 7 * 60)
        let config = try SchedulerTests.config(zone: Self.zone, schedule: ["23:00"], quiet: night)
        let state = JourneyState(firstRun: Self.iso("2026-06-01T12:00:00+02:00"), handledThrough: Self.hour(12))
        let shells = LoopShells(config: config, zone: testZone(Self.zone), state: state, now: Self.hour(12))

        let held = shells.deliveryLoop.wake()
        #expect(shells.timer.deadline == Self.iso("2026-06-11T07:00:00+02:00"))
        #expect(held.plan.wake == shells.timer.deadline)
        #expect(
            held.next == "next prompt at 2026-06-10 23:00:00 Europe/Berlin (held by quiet hours until 2026-06-11 07:00:00)")

        // A reload to a period that ended long ago: nothing is scheduled any more.
        let ended = PeriodConfig(name: "them", start: .date(LocalDate(year: 2020, month: 1, day: 1)), days: 10, milestones: [], allow: [])
        shells.settings.config = try SchedulerTests.config(zone: Self.zone, schedule: ["09:00"], periods: [ended])
        let nothing = shells.deliveryLoop.wake()
        #expect(nothing.plan.wake == nil)
        #expect(shells.timer.deadline == nil)
        #expect(shells.trace.steps.last == "cancel wake")
        #expect(nothing.next == "nothing scheduled")
        #expect(nothing.status == "them: ended · nothing scheduled")
    }

    /// A store that refuses writes: what was delivered is kept in memory and counted as handled,
    /// never delivered twice, planning goes on from it, nothing newer is written ahead of it;
    /// the log says so once, STATUS= says so, the retry timer tries again until the store takes
    /// it all, in order, with the last cursor; then STATUS= is clear again.
    @Test func refusedWritesAreKeptRetriedAndRecordedLater() throws {
        let shells = try Self.hourly(now: Self.hour(10))
        let loop = shells.deliveryLoop
        shells.store.refusal = StoreRefusal(description: "database is locked")

        let first = loop.wake()
        #expect(first.deliveries.map(\.due) == [Self.hour(10)])
        #expect(shells.store.recorded.isEmpty)
        #expect(shells.trace.steps == ["read", "refused", "arm retry", "deliver", "publish", "arm wake"])
        #expect(shells.log.errors.count == 1)
        #expect(
            shells.log.errors.first
                == "could not record what was delivered: database is locked. Deliveries go on and are kept in memory meanwhile (never twice); recording is tried again at every wake-up and every 30 s"
        )
        #expect(first.status.hasSuffix(" · deliveries not recorded (kept in memory): database is locked"))
        #expect(shells.notifier.lines == [first.status])
        #expect(shells.retryTimer.deadline == Self.hour(10, 0, 30))
        #expect(loop.hasUnrecorded)

        // Another wake before the next due time (a reload, say): the store still holds the old
        // cursor, but 10:00 counts as handled and is not delivered again.
        shells.clock.instant = Self.hour(10, 0, 10)
        let again = loop.wake()
        #expect(again.deliveries.isEmpty)
        #expect(again.state.handledThrough == Self.hour(10, 0, 10))
        #expect(shells.store.writeAttempts == 2, "one retry at the start of the wake, nothing written ahead of it")

        // The next due time is delivered once, on time, composed from the kept state.
        shells.clock.instant = Self.hour(11)
        let second = loop.wake()
        #expect(second.deliveries.map(\.due) == [Self.hour(11)])
        #expect(second.state.deliveryCount == 2)
        #expect(second.deliveries.first?.promptID != first.deliveries.first?.promptID)
        #expect(shells.channel.deliveries.map(\.due) == [Self.hour(10), Self.hour(11)])
        #expect(shells.log.errors.count == 1, "said once, not at every wake")
        #expect(shells.retryTimer.armings == [Self.hour(10, 0, 30)], "one retry timer at a time")

        // The retry timer fires while the store still refuses: it is armed again.
        shells.clock.instant = Self.hour(11, 0, 30)
        loop.retry()
        #expect(shells.retryTimer.armings == [Self.hour(10, 0, 30), Self.hour(11, 1)])
        #expect(shells.store.recorded.isEmpty)

        // The store takes writes again: the next retry records everything kept, in order.
        shells.store.refusal = nil
        shells.clock.instant = Self.hour(11, 1)
        let reads = shells.store.reads
        loop.retry()
        #expect(shells.store.recorded.map(\.due) == [Self.hour(10), Self.hour(11)])
        #expect(shells.store.recorded.map(\.deliveredAt) == [Self.hour(10), Self.hour(11)])
        #expect(shells.store.state.handledThrough == Self.hour(11))
        #expect(shells.store.state.deliveryCount == 2)
        #expect(shells.store.state.recentPromptIDs == [first, second].compactMap { $0.deliveries.first?.promptID })
        #expect(shells.store.reads == reads, "the retry's STATUS= comes from what the loop has")
        #expect(shells.log.notices == ["recorded 2 deliveries kept in memory since the store refused them (database is locked)"])
        let cleared = try #require(shells.notifier.lines.last)
        #expect(cleared.hasPrefix("them: day "))
        #expect(cleared.hasSuffix(" of an open-ended period · next prompt at 2026-06-10 12:00:00 Europe/Berlin"))
        #expect(shells.retryTimer.armings.count == 2, "not armed again")
        #expect(!loop.hasUnrecorded)

        // From now on each plan is written at once, and nothing is ever delivered twice.
        shells.clock.instant = Self.hour(12)
        loop.wake()
        #expect(shells.store.recorded.map(\.due) == [Self.hour(10), Self.hour(11), Self.hour(12)])
        #expect(shells.channel.deliveries.map(\.due) == [Self.hour(10), Self.hour(11), Self.hour(12)])
    }

    /// Kept deliveries are also recorded at the next wake, before it reads the store; the retry
    /// timer is then cancelled and STATUS= goes out though nothing new was delivered.
    @Test func keptDeliveriesAreRecordedAtTheNextWake() throws {
        let shells = try Self.hourly(now: Self.hour(10))
        shells.store.refusal = StoreRefusal(description: "disk I/O error")
        shells.deliveryLoop.wake()
        shells.store.refusal = nil
        shells.clock.instant = Self.hour(10, 0, 5)
        let steps = shells.trace.steps.count

        let wake = shells.deliveryLoop.wake()

        #expect(Array(shells.trace.steps.dropFirst(steps)) == ["record", "cancel retry", "read", "record", "arm wake"])
        #expect(shells.store.recorded.map(\.due) == [Self.hour(10)])
        #expect(shells.store.state.handledThrough == Self.hour(10, 0, 5))
        #expect(wake.deliveries.isEmpty)
        #expect(shells.log.notices.count == 1)
        #expect(!wake.status.contains("not recorded"))
        #expect(shells.notifier.lines.last == wake.status)
    }

    /// Each wake reads the store exactly once, whatever it does: deliver, nothing, a refused
    /// write, a kept write recorded, a reload; a retry reads nothing.
    @Test func oneStoreReadPerWake() throws {
        let shells = try Self.hourly(.all, now: Self.hour(9, 30))
        let loop = shells.deliveryLoop
        var wakes = 0
        func wake(at instant: Date) {
            shells.clock.instant = instant
            loop.wake()
            wakes += 1
            #expect(shells.store.reads == wakes)
        }
        wake(at: Self.hour(9, 30))
        wake(at: Self.hour(10))
        shells.store.refusal = StoreRefusal(description: "database is locked")
        wake(at: Self.hour(13, 30))
        loop.retry()
        #expect(shells.store.reads == wakes)
        shells.store.refusal = nil
        wake(at: Self.hour(13, 40))
        shells.settings.config = try SchedulerTests.config(zone: "America/New_York", schedule: ["09:00"])
        shells.settings.zone = testZone("America/New_York")
        wake(at: Self.hour(14))
        #expect(shells.channel.deliveries.map(\.due) == [Self.hour(10), Self.hour(11), Self.hour(12), Self.hour(13)])
    }

    /// After a downtime the missed prompts come as `catch_up` says, late, with their own due
    /// times, recorded as late and delivered at the wake's instant; the next one comes on time.
    @Test(arguments: CatchUpPolicy.allCases)
    func catchUpAfterDowntime(_ policy: CatchUpPolicy) throws {
        let now = Self.hour(14, 30)
        let shells = try Self.hourly(policy, now: now)
        let wake = shells.deliveryLoop.wake()
        let expected: [Date]
        switch policy {
        case .none: expected = []
        case .latest: expected = [Self.hour(14)]
        case .all: expected = (10...14).map { Self.hour($0) }
        }
        #expect(shells.channel.deliveries.map(\.due) == expected)
        #expect(shells.channel.deliveries.allSatisfy { $0.isLate })
        #expect(shells.store.recorded.map(\.due) == expected)
        #expect(shells.store.recorded.allSatisfy { $0.late && $0.deliveredAt == now })
        #expect(shells.store.state.handledThrough == now)
        #expect(wake.state.deliveryCount == expected.count)
        #expect(shells.timer.deadline == Self.hour(15))

        shells.clock.instant = Self.hour(15)
        let next = shells.deliveryLoop.wake()
        #expect(next.deliveries.map(\.due) == [Self.hour(15)])
        #expect(next.deliveries.allSatisfy { !$0.isLate })
    }

    /// A clock set back delivers nothing, writes nothing and keeps the cursor; the timer waits
    /// for what comes after the cursor; set forward again, each due time still comes once.
    @Test func clockJumps() throws {
        let shells = try Self.hourly(.latest, now: Self.hour(12))
        let loop = shells.deliveryLoop
        loop.wake()
        #expect(shells.store.state.handledThrough == Self.hour(12))
        let writes = shells.store.writeAttempts

        shells.clock.instant = Self.hour(10)
        let back = loop.wake()
        #expect(back.deliveries.isEmpty)
        #expect(shells.store.writeAttempts == writes)
        #expect(shells.store.state.handledThrough == Self.hour(12))
        #expect(shells.timer.deadline == Self.hour(13))

        shells.clock.instant = Self.hour(13)
        #expect(loop.wake().deliveries.map(\.due) == [Self.hour(13)])

        shells.clock.instant = Self.hour(16, 30)
        let forward = loop.wake()
        #expect(forward.deliveries.map(\.due) == [Self.hour(16)])
        #expect(forward.deliveries.map(\.isLate) == [true])
        #expect(shells.channel.deliveries.map(\.due) == [Self.hour(12), Self.hour(13), Self.hour(16)])
        #expect(shells.timer.deadline == Self.hour(17))
    }

    /// At stop what waits is recorded if the store now takes it; otherwise the log says it never
    /// was. Both timers are cancelled.
    @Test(arguments: [true, false])
    func stop(storeTakesIt: Bool) throws {
        let shells = try Self.hourly(now: Self.hour(10))
        shells.store.refusal = StoreRefusal(description: "database is locked")
        shells.deliveryLoop.wake()
        if storeTakesIt { shells.store.refusal = nil }

        shells.deliveryLoop.stop()

        #expect(shells.timer.deadline == nil)
        #expect(shells.retryTimer.deadline == nil)
        if storeTakesIt {
            #expect(shells.store.recorded.map(\.due) == [Self.hour(10)])
            #expect(shells.log.errors.count == 1)
        } else {
            #expect(shells.store.recorded.isEmpty)
            #expect(
                shells.log.errors.last
                    == "1 delivery was never recorded (database is locked); after a restart they may be delivered again")
        }
    }

    /// A notice (a refused reload) comes first in STATUS=; in discreet mode the status names
    /// periods by their opaque key.
    @Test func noticeFirstAndDiscreetLabels() throws {
        let sam = PeriodConfig(name: "Sam", start: .date(LocalDate(year: 2026, month: 6, day: 1)), days: 30, milestones: [], allow: [])
        var config = try SchedulerTests.config(zone: Self.zone, schedule: ["09:00"], periods: [sam])
        config.delivery.discreet = true
        let state = JourneyState(firstRun: Self.iso("2026-05-01T12:00:00+02:00"), handledThrough: Self.hour(9))
        let shells = LoopShells(config: config, zone: testZone(Self.zone), state: state, now: Self.hour(12))
        shells.settings.notice = "config error, still running the previous config: c.toml:3:1: bad"
        let wake = shells.deliveryLoop.wake()
        #expect(
            wake.status
                == "config error, still running the previous config: c.toml:3:1: bad · period-1: day 10 of 30 · next prompt at 2026-06-11 09:00:00 Europe/Berlin"
        )
        #expect(!wake.status.contains("Sam"))
    }

    /// A channel that delivers before `deliver` returns has nothing to drain.
    @Test func drainDefaultsToDone() {
        let channel: any DeliveryChannel = FakeChannel(trace: LoopTrace())
        #expect(channel.drain(timeout: .zero))
    }
}
