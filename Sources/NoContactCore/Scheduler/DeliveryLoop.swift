#if canImport(FoundationEssentials)
package import FoundationEssentials
#else
package import Foundation
#endif

/// The daemon's loop around the pure `Scheduler`: at each wake it reads the journey once,
/// builds one `Timeline`, plans, composes, records, delivers, arms the timer for the plan's
/// wake and says how things stand. `Scheduler.plan` decides; this type carries the decision out.
///
/// It lives in `NoContactCore`, not in `NoContactDaemon`, because it does no I/O of its own:
/// every shell it drives is a protocol (`DeliveryLoopShells.swift`, and `DeliveryChannel`).
/// The daemon hands it the real shells (the store, wall-clock timers, sd_notify, the channels,
/// the `Watch` feed); the scheduler tests and the loop's own tests hand it in-memory ones and a
/// test clock, with no daemon module, database or process in the way. So the loop the daemon
/// runs is the loop the corpus tests (DST, quiet hours, time zones) check.
///
/// Not `Sendable`, and its shells need not be: the daemon owns it on its main actor and calls
/// it only from there, so its own state (what the store refused, the last wake) needs no lock.
///
/// When the store refuses a write (another process holds its lock, the disk is full), what was
/// delivered is kept in memory with the state it leads to: planning goes on from it, so no due
/// time is delivered twice; recording is tried again at every wake and on the retry timer; the
/// log says so once, and STATUS= says so until it is recorded.
package final class DeliveryLoop {
    /// What a wake plans with, read afresh at each wake (a reload or a zone change replaces it).
    package struct Settings {
        package var config: Config
        /// The zone days are counted in.
        package var zone: Zone
        /// Where deliveries go, in order.
        package var channels: [any DeliveryChannel]
        /// Shown first in STATUS= while there is one: a refused reload.
        package var notice: String?

        package init(config: Config, zone: Zone, channels: [any DeliveryChannel], notice: String? = nil) {
            self.config = config
            self.zone = zone
            self.channels = channels
            self.notice = notice
        }
    }

    /// What one wake did, and how things stand after it.
    package struct Wake {
        /// The instant the wake planned at.
        package var now: Date
        /// The one timeline of the wake.
        package var timeline: Timeline
        package var plan: Scheduler.Plan
        /// What was delivered, composed, in the order of `plan.deliveries`.
        package var deliveries: [Delivery]
        /// The journey after the wake: the new cursor, the deliveries counted (also those the
        /// store refused and the loop keeps in memory).
        package var state: JourneyState
        /// Each period's progress at `now`.
        package var progress: [PeriodProgress]
        /// "next prompt at …", or "nothing scheduled".
        package var next: String
        /// The STATUS= line after the wake.
        package var status: String
    }

    /// Deliveries the store refused, and the state after them.
    private struct Unrecorded {
        var records: [DeliveryRecord]
        /// The state after them: cursor, delivery count, recent prompts.
        var state: JourneyState
        /// Why the store refused, for the log and STATUS=.
        var reason: String
    }

    /// How soon a failed recording is tried again when no wake comes sooner.
    package static let recordRetryInterval: TimeInterval = 30

    private let clock: any LoopClock
    private let store: any LoopStore
    private let timer: any LoopTimer
    private let retryTimer: any LoopTimer
    private let notifier: any LoopNotifier
    private let feed: any LoopFeed
    private let log: any LoopLog
    private let settings: () -> Settings
    private var unrecorded: Unrecorded?
    private var retryArmed = false
    /// What the last wake left: a successful retry's STATUS= comes from it, without a read.
    private var last: (timeline: Timeline, state: JourneyState, wake: Date?)?

    /// - Parameters:
    ///   - timer: armed for each plan's wake, cancelled when nothing is scheduled; when it
    ///     fires, call `wake()`.
    ///   - retryTimer: armed while deliveries wait to be recorded; when it fires, call `retry()`.
    ///   - settings: the config, zone, channels and notice in force, read once per wake.
    package init(
        clock: any LoopClock, store: any LoopStore, timer: any LoopTimer, retryTimer: any LoopTimer,
        notifier: any LoopNotifier, feed: any LoopFeed, log: any LoopLog, settings: @escaping () -> Settings
    ) {
        self.clock = clock
        self.store = store
        self.timer = timer
        self.retryTimer = retryTimer
        self.notifier = notifier
        self.feed = feed
        self.log = log
        self.settings = settings
    }

    /// Whether deliveries wait in memory because the store refused them.
    package var hasUnrecorded: Bool { unrecorded != nil }

    /// Delivers what is due now and arms the timer for the next wake: at start, when the timer
    /// fires, after a clock or zone change, a reload or a recorded slip. Reads the store once.
    ///
    /// STATUS= is sent when something was delivered or the store's refusal began or ended; the
    /// caller sends `Wake.status` itself where it must go out anyway (READY=1 with it).
    @discardableResult
    package func wake() -> Wake {
        let now = clock.now()
        var refusalChanged = recordKept()
        let settings = settings()
        let timeline = Timeline(config: settings.config, zone: settings.zone)
        let before = planningState(now: now)
        let plan = Scheduler(timeline: timeline).plan(now: now, state: before)
        var state = before
        var deliveries: [Delivery] = []
        for planned in plan.deliveries {
            // Each composed from the state as it stands, so one plan never repeats a prompt.
            let delivery = timeline.compose(planned.event, state: state, isLate: planned.isLate)
            state = state.recordingDelivery(of: delivery.promptID, due: delivery.due)
            deliveries.append(delivery)
        }
        state.handledThrough = plan.cursor
        if !deliveries.isEmpty || plan.cursor != before.handledThrough {
            // Recorded before delivering: a crash after this point never delivers twice.
            let records = deliveries.map {
                DeliveryRecord(
                    kind: $0.kind, period: $0.period, day: $0.day, promptID: $0.promptID, due: $0.due, deliveredAt: now, late: $0.isLate)
            }
            if record(records, cursor: plan.cursor, state: state) { refusalChanged = true }
        }
        for delivery in deliveries {
            for channel in settings.channels { channel.deliver(delivery) }
            feed.publish(delivery, in: settings.zone)
        }
        if let wake = plan.wake {
            timer.arm(at: wake)
        } else {
            timer.cancel()
        }
        last = (timeline, state, plan.wake)
        let told = describe(timeline, state, now: now, wake: plan.wake, notice: settings.notice)
        if !deliveries.isEmpty || refusalChanged { notifier.status(told.status) }
        return Wake(
            now: now, timeline: timeline, plan: plan, deliveries: deliveries, state: state, progress: told.progress, next: told.next,
            status: told.status)
    }

    /// The retry timer fired: tries to record what the store refused, and says so when it did.
    package func retry() {
        retryArmed = false
        guard unrecorded != nil else { return }
        guard recordKept() else {
            armRetry()
            return
        }
        guard let last else { return }
        notifier.status(describe(last.timeline, last.state, now: clock.now(), wake: last.wake, notice: settings().notice).status)
    }

    /// The daemon is stopping: a last try to record what waits, a word in the log if it still
    /// cannot be, and both timers cancelled.
    package func stop() {
        recordKept()
        if let pending = unrecorded {
            log.error(
                "\(pending.records.count) deliver\(pending.records.count == 1 ? "y was" : "ies were") never recorded (\(pending.reason)); after a restart they may be delivered again"
            )
        }
        timer.cancel()
        retryTimer.cancel()
        retryArmed = false
    }

    // MARK: The store

    /// The state to plan from: the store's (the one truth: the CLI may have recorded a slip
    /// since), with what was delivered but not yet recorded counted as handled all the same.
    private func planningState(now: Date) -> JourneyState {
        var state: JourneyState
        do {
            state = try store.planningState(now: now)
        } catch {
            log.error("cannot read the journey store, planning from the first run on: \(error)")
            state = JourneyState(firstRun: now)
        }
        if let pending = unrecorded?.state, pending.cursor > state.cursor {
            state.handledThrough = pending.handledThrough
            state.deliveryCount = pending.deliveryCount
            state.recentPromptIDs = pending.recentPromptIDs
        }
        return state
    }

    /// Records one plan, or keeps it in memory when the store refuses it or earlier deliveries
    /// still wait (nothing goes to the store out of order). True when the refusal began.
    private func record(_ records: [DeliveryRecord], cursor: Date, state: JourneyState) -> Bool {
        guard var pending = unrecorded else {
            do {
                try store.record(deliveries: records, handledThrough: cursor)
                return false
            } catch {
                unrecorded = Unrecorded(records: records, state: state, reason: "\(error)")
                log.error(
                    "could not record what was delivered: \(error). Deliveries go on and are kept in memory meanwhile (never twice); recording is tried again at every wake-up and every \(Int(Self.recordRetryInterval)) s"
                )
                armRetry()
                return true
            }
        }
        pending.records += records
        pending.state = state
        unrecorded = pending
        armRetry()
        return false
    }

    /// Tries to record what was kept in memory; true when it did, and the store is the one
    /// truth again.
    @discardableResult
    private func recordKept() -> Bool {
        guard let pending = unrecorded, let cursor = pending.state.handledThrough else { return false }
        do {
            try store.record(deliveries: pending.records, handledThrough: cursor)
        } catch {
            return false
        }
        unrecorded = nil
        if retryArmed {
            retryTimer.cancel()
            retryArmed = false
        }
        log.notice(
            "recorded \(pending.records.count) deliver\(pending.records.count == 1 ? "y" : "ies") kept in memory since the store refused them (\(pending.reason))"
        )
        return true
    }

    /// How things stand: each period's progress, what comes next, and the STATUS= line.
    private func describe(
        _ timeline: Timeline, _ state: JourneyState, now: Date, wake: Date?, notice: String?
    ) -> (progress: [PeriodProgress], next: String, status: String) {
        let progress = timeline.progress(now: now, state: state)
        let next = StatusLine.next(timeline: timeline, state: state, wake: wake)
        let status = StatusLine.compose(
            progress: progress, config: timeline.config, state: state, zone: timeline.zone, now: now, next: next, notice: notice,
            unrecorded: unrecorded?.reason)
        return (progress, next, status)
    }

    private func armRetry() {
        guard !retryArmed else { return }
        retryArmed = true
        retryTimer.arm(at: clock.now().addingTimeInterval(Self.recordRetryInterval))
    }
}
