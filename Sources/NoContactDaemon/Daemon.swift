import Dispatch
import Glibc
package import Logging
import NIOCore
import NIOPosix
import NoContactCore
import NoContactServer
import NoContactService
import NoContactStore
package import NoContactSystemd

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// nocontactd: loads the config, keeps one timer armed on the next due event, delivers what
/// falls due, serves the control socket, reloads on SIGHUP and stops cleanly on SIGTERM/SIGINT.
///
/// Everything except the socket's event loop runs on the main queue (the main actor), so the
/// daemon's own state needs no locks; the socket reads a `RuntimeState` snapshot. What to
/// deliver and when to wake is decided by the pure `Scheduler`; this type only carries it out.
@MainActor
package final class Daemon {
    private let options: DaemonOptions
    private let paths: NoContactPaths
    private let store: JourneyStore
    /// Held until the process ends: no second daemon on the same journey.
    private let stateLock: StateDirectoryLock
    private let runtime: RuntimeState
    private let sink: LogSink
    private let clock: DaemonClock
    private let notifier = SystemdNotifier()
    private let logger: Logger
    private var timer: WallClockTimer?
    private var wake: Date?
    private var control: ControlServer?
    private var eventLoops: MultiThreadedEventLoopGroup?
    private var signalSources: [any DispatchSourceSignal] = []
    private let changes = ChangeMonitor()
    private let reloader: ConfigReloader
    /// Deliveries for `Watch` on the control socket.
    private let feed: DeliveryFeed
    /// What was delivered but could not be recorded (the store refused the write), kept here
    /// until a later attempt records it. Planning goes on from it, so that a store that cannot
    /// be written never makes the daemon deliver one due time twice.
    private var unrecorded: Unrecorded?
    private var retryScheduled = false

    /// Deliveries not yet in the store, and the state they lead to.
    private struct Unrecorded {
        var records: [DeliveryRecord]
        /// The state after them: cursor, delivery count, recent prompts.
        var state: JourneyState
        /// Why the store refused, for the log and STATUS=.
        var reason: String
    }

    /// How soon a failed recording is tried again when no wake-up comes sooner.
    static let recordRetryInterval: DispatchTimeInterval = .seconds(30)

    /// Loads config and state; throws what keeps the daemon from starting.
    package init(options: DaemonOptions, sink: LogSink, logger: Logger) throws(DaemonError) {
        self.options = options
        self.logger = logger
        feed = DeliveryFeed(dropped: { [logger] reason in logger.warning("\(reason)") })
        clock = try DaemonClock.from(environment: options.environment)
        paths = NoContactPaths(environment: options.environment)
        let stateDirectory = options.stateDirectory ?? paths.stateDirectory
        // Before the store: a second daemon must not even migrate or record a first run.
        stateLock = try StateDirectoryLock.acquire(directory: stateDirectory)
        do {
            store = try JourneyStore(directory: stateDirectory)
        } catch {
            throw .store(error)
        }
        let config: Config
        do {
            config = try ConfigLoader.load(explicitPath: options.configPath, defaultPath: paths.configFile)
        } catch {
            throw .config(error)
        }
        do {
            // The first run is recorded now, so days count from the moment nocontact started.
            _ = try store.loadState(now: clock.now())
        } catch {
            throw .store(error)
        }
        let zone = config.effectiveTimeZone(system: SystemTimeZone.resolve(environment: options.environment))
        self.sink = sink
        let channels = DeliveryChannels.make(config: config.delivery, journal: sink, logger: logger, environment: options.environment)
        runtime = RuntimeState(ServiceConfiguration(config: config, timeZone: zone), channels: channels)
        reloader = ConfigReloader(options: options, paths: paths, runtime: runtime, sink: sink, logger: logger)
    }

    /// Starts serving and scheduling; returns once everything is up (the main queue then runs it).
    package func start() throws(DaemonError) {
        let service = LocalService(
            store: store, configuration: { [runtime] in runtime.configuration }, now: { [clock] in clock.now() },
            didRecord: { [weak self] in
                // A slip or an extension moves milestones and the period's end.
                DispatchQueue.main.async { MainActor.assumeIsolated { self?.replan() } }
            },
            channels: { [runtime] in runtime.channelReports })
        // Before the socket appears: from then on a service manager or a person may send
        // SIGTERM, which must stop the daemon however early it comes (it waits, blocked and
        // pending, for the signal source; the handler runs once start returns).
        installSignalHandlers()
        try startControlServer(service: service)
        timer = WallClockTimer { [weak self] in self?.replan() }
        let unwatched = changes.start(
            onClockChange: { [weak self] in
                self?.logger.notice("the system clock was set; recomputing what is due")
                self?.replan()
            },
            onZoneChange: { [weak self] in self?.systemZoneChanged() })
        for what in unwatched {
            logger.warning("cannot watch \(what); schedules are recomputed at the next wake-up instead")
        }
        replan()
        let snapshot = currentSnapshot()
        let periods = Timeline(config: snapshot.config, zone: snapshot.timeZone).progress(now: clock.now(), state: snapshot.state)
        // In discreet mode the journal gets each period's opaque key, never its name.
        let summaries = periods.map { progress in
            var shown = progress
            shown.period = snapshot.config.periodLabel(progress.period)
            return shown.summary
        }
        logger.info(
            "nocontactd \(noContactVersion) started on \(snapshot.config.source ?? "the built-in default config"); \(summaries.joined(separator: "; ")); \(nextDescription(snapshot))"
        )
        notifier.ready(status: statusLine(snapshot))
    }

    // MARK: Scheduling

    /// The config and the journey as they are now (the store is the one truth for the latter:
    /// the CLI may have recorded a slip since).
    private func currentSnapshot() -> ServiceSnapshot {
        let configuration = runtime.configuration
        var state: JourneyState
        do {
            state = try store.planningState(now: clock.now())
        } catch {
            logger.error("cannot read the journey store, planning from the first run on: \(error)")
            state = JourneyState(firstRun: clock.now())
        }
        // What was delivered but not yet recorded counts as handled all the same.
        if let pending = unrecorded?.state, pending.cursor > state.cursor {
            state.handledThrough = pending.handledThrough
            state.deliveryCount = pending.deliveryCount
            state.recentPromptIDs = pending.recentPromptIDs
        }
        return ServiceSnapshot(config: configuration.config, state: state, timeZone: configuration.timeZone)
    }

    /// Delivers what is due now and arms the timer for the next wake-up.
    private func replan() {
        let now = clock.now()
        retryRecording()
        let snapshot = currentSnapshot()
        let timeline = Timeline(config: snapshot.config, zone: snapshot.timeZone)
        let plan = Scheduler(timeline: timeline).plan(now: now, state: snapshot.state)
        var state = snapshot.state
        var deliveries: [Delivery] = []
        for planned in plan.deliveries {
            let delivery = timeline.compose(planned.event, state: state, isLate: planned.isLate)
            state = state.recordingDelivery(of: delivery.promptID, due: delivery.due)
            deliveries.append(delivery)
        }
        if !deliveries.isEmpty || plan.cursor != snapshot.state.handledThrough {
            // Recorded before delivering: a crash after this point never delivers twice.
            let records = deliveries.map {
                DeliveryRecord(
                    kind: $0.kind, period: $0.period, day: $0.day, promptID: $0.promptID, due: $0.due, deliveredAt: now, late: $0.isLate)
            }
            do {
                // Behind what is still unrecorded: nothing goes to the store out of order.
                guard unrecorded == nil else { throw StoreError.io(path: store.path, operation: "write to", errno: EAGAIN) }
                try store.record(deliveries: records, handledThrough: plan.cursor)
            } catch {
                var handled = state
                handled.handledThrough = plan.cursor
                keepUnrecorded(records, state: handled, reason: "\(error)")
            }
        }
        let channels = runtime.channels
        let zone = snapshot.timeZone
        for delivery in deliveries {
            for channel in channels { channel.deliver(delivery) }
            feed.publish(DeliveryEvent(delivery, in: zone))
        }
        wake = plan.wake
        if let wake = plan.wake {
            timer?.arm(at: clock.realInstant(for: wake))
        } else {
            timer?.cancel()
        }
        if !deliveries.isEmpty { notifier.status(statusLine(currentSnapshot())) }
    }

    /// Keeps deliveries the store refused; says so once (log and STATUS=), not at every one.
    private func keepUnrecorded(_ records: [DeliveryRecord], state: JourneyState, reason: String) {
        if var pending = unrecorded {
            pending.records += records
            pending.state = state
            unrecorded = pending
        } else {
            unrecorded = Unrecorded(records: records, state: state, reason: reason)
            logger.error(
                "could not record what was delivered: \(reason). Deliveries go on and are kept in memory meanwhile (never twice); recording is tried again at every wake-up and every \(Self.describe(Self.recordRetryInterval))"
            )
            notifier.status(statusLine(currentSnapshot()))
        }
        scheduleRecordRetry()
    }

    /// Tries to record what was kept in memory; on success the store is the one truth again.
    private func retryRecording() {
        guard let pending = unrecorded, let cursor = pending.state.handledThrough else { return }
        do {
            try store.record(deliveries: pending.records, handledThrough: cursor)
        } catch {
            return
        }
        unrecorded = nil
        logger.notice(
            "recorded \(pending.records.count) deliver\(pending.records.count == 1 ? "y" : "ies") kept in memory since the store refused them (\(pending.reason))"
        )
        notifier.status(statusLine(currentSnapshot()))
    }

    private func scheduleRecordRetry() {
        guard !retryScheduled else { return }
        retryScheduled = true
        DispatchQueue.main.asyncAfter(deadline: .now() + Self.recordRetryInterval) { [weak self] in
            MainActor.assumeIsolated {
                guard let self else { return }
                self.retryScheduled = false
                guard self.unrecorded != nil else { return }
                self.retryRecording()
                if self.unrecorded != nil { self.scheduleRecordRetry() }
            }
        }
    }

    private static func describe(_ interval: DispatchTimeInterval) -> String {
        if case let .seconds(seconds) = interval { return "\(seconds) s" }
        return "\(interval)"
    }

    private func systemZoneChanged() {
        let configuration = runtime.configuration
        let zone = configuration.config.effectiveTimeZone(system: SystemTimeZone.resolve(environment: options.environment))
        guard zone != configuration.timeZone else { return }
        runtime.update { $0.timeZone = zone }
        logger.notice("the time zone is now \(zone.identifier); recomputing what is due")
        replan()
        notifier.status(statusLine(currentSnapshot()))
    }

    // MARK: Signals

    /// The signals the daemon handles: SIGTERM and SIGINT stop it, SIGHUP reloads.
    static let handledSignals = [SIGTERM, SIGINT, SIGHUP]

    /// Blocks the handled signals in this thread, and so in every thread started after it,
    /// and sets them to be ignored. Call first thing, before anything starts a thread.
    ///
    /// Dispatch's signal sources read signals through a signalfd on Linux, which only sees a
    /// signal that is pending for the process. A thread that does not block it (the socket's
    /// event loop, say) would receive it instead, and with the disposition set to ignore, a
    /// SIGTERM would then be lost and the daemon would not stop. A parent may also hand us any
    /// mask, so it is set here rather than assumed.
    ///
    /// Ignoring (so that only the Dispatch source sees a signal) is set here, once, before
    /// anything can be seen from outside, and never again: setting SIG_IGN discards a signal
    /// that is pending, so doing it later lost a SIGTERM sent just after the socket appeared.
    /// A blocked signal is never discarded for being ignored; it stays pending until read.
    package static func blockHandledSignals() {
        var mask = sigset_t()
        sigemptyset(&mask)
        for signalNumber in handledSignals { sigaddset(&mask, signalNumber) }
        pthread_sigmask(SIG_BLOCK, &mask, nil)
        for signalNumber in handledSignals { signal(signalNumber, SIG_IGN) }
    }

    private func installSignalHandlers() {
        for signalNumber in Self.handledSignals {
            // No signal(SIG_IGN) here: blockHandledSignals did it before a signal could be pending.
            // Read off the main queue: the main actor may be waiting for the store (a delivery
            // being recorded while another process holds its lock, for up to the busy timeout),
            // and a stop must not wait for that. Interrupting the store ends such waits (the
            // write is rolled back whole) before the stop itself runs on the main actor.
            let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: .global())
            source.setEventHandler { @Sendable [weak self, store] in
                if signalNumber != SIGHUP { store.interrupt() }
                DispatchQueue.main.async {
                    MainActor.assumeIsolated {
                        if signalNumber == SIGHUP { self?.reload() } else { self?.stop() }
                    }
                }
            }
            source.resume()
            signalSources.append(source)
        }
    }

    /// The one reload path, for SIGHUP and for the `Reload` call alike: re-reads the config,
    /// and either puts it in force and replans, or keeps the running one (the reloader logs why
    /// and STATUS= shows it). systemd hears RELOADING=1 first and READY=1 when it is over.
    @discardableResult
    func reload() -> Result<Config, ConfigError> {
        notifier.reloading()
        let outcome = Result { () throws(ConfigError) in try reloader.reload() }
        if case .success = outcome { replan() }
        // One read of the journey after the replan serves the log line and STATUS= alike.
        let snapshot = currentSnapshot()
        if case let .success(config) = outcome {
            logger.notice("reloaded the config from \(config.source ?? "the built-in default"); \(nextDescription(snapshot))")
        }
        notifier.ready(status: statusLine(snapshot))
        return outcome
    }

    /// The answer to a reload asked for while the daemon is going away.
    private static let stopping = ConfigError(
        file: "nocontactd", issues: [.init(line: nil, column: nil, message: "the daemon is stopping; nothing was reloaded")])

    /// Stops cleanly: no more deliveries, the socket closed and removed, exit 0.
    package func stop() -> Never {
        notifier.stopping()
        logger.info("stopping")
        retryRecording()
        if let pending = unrecorded {
            logger.error(
                "\(pending.records.count) deliver\(pending.records.count == 1 ? "y was" : "ies were") never recorded (\(pending.reason)); after a restart they may be delivered again"
            )
        }
        timer?.cancel()
        changes.stop()
        control?.close()
        // Deliveries under way (a notification, a command) get a moment to finish.
        for channel in runtime.channels {
            (channel as? DesktopChannel)?.waitUntilIdle()
            _ = (channel as? CommandChannel)?.waitUntilIdle(timeout: .seconds(2))
        }
        try? eventLoops?.syncShutdownGracefully()
        exit(0)
    }

    // MARK: Socket

    private func startControlServer(service: LocalService) throws(DaemonError) {
        let activated = ListenFDs.take()
        let config = runtime.configuration.config
        guard !activated.isEmpty || (!options.socketDisabled && config.socket.enabled) else { return }
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        eventLoops = group
        let handler = ControlInterface.Handler(
            service: service,
            control: RunningDaemonControl(
                service: service, deliveries: feed,
                reloadDaemon: { [weak self] in
                    // Called on a worker thread of the socket; the reload itself runs on the
                    // main actor, as SIGHUP's does, and this worker waits for its outcome.
                    DispatchQueue.main.sync {
                        MainActor.assumeIsolated {
                            self?.reload() ?? .failure(Self.stopping)
                        }
                    }
                }))
        if let descriptor = activated.first {
            control = try ControlServer.adopt(descriptor: descriptor, handler: handler, group: group)
        } else {
            let path = options.socketPath ?? paths.expand(config.socket.path)
            control = try ControlServer.bind(path: path, handler: handler, group: group)
        }
        logger.info("listening on \(control?.path ?? "?")")
        stateLock.record(socket: control?.path)
    }

    // MARK: Status

    private func statusLine(_ snapshot: ServiceSnapshot) -> String {
        let periods = Timeline(config: snapshot.config, zone: snapshot.timeZone).progress(now: clock.now(), state: snapshot.state)
        let days = periods.map { progress in
            // STATUS= is shown by systemctl: discreet mode shows opaque keys, not names.
            let label = snapshot.config.periodLabel(progress.period)
            if progress.closed { return "\(label): closed" }
            if progress.hasEnded { return "\(label): ended" }
            return progress.daysTotal.map { "\(label): day \(progress.day) of \($0)" }
                ?? "\(label): day \(progress.day) of an open-ended period"
        }
        var parts = days
        if let pause = snapshot.state.pause(at: clock.now()) {
            parts.append("paused until \(LocalTimeText.format(pause.end, in: snapshot.timeZone, seconds: false))")
        }
        // Until a good reload, a refused one comes first: systemctl status shows it.
        let refusal = reloader.refusalSummary.map { [$0] } ?? []
        let warning = unrecorded.map { ["deliveries not recorded (kept in memory): \($0.reason)"] } ?? []
        return (refusal + parts + [nextDescription(snapshot)] + warning).joined(separator: " · ")
    }

    private func nextDescription(_ snapshot: ServiceSnapshot) -> String {
        let timeline = Timeline(config: snapshot.config, zone: snapshot.timeZone)
        guard let wake, let next = timeline.nextEvent(after: snapshot.state.cursor, state: snapshot.state) else {
            return "nothing scheduled"
        }
        let held = wake > next.due ? " (held by quiet hours until \(LocalTimeText.format(wake, in: snapshot.timeZone, seconds: true)))" : ""
        return
            "next \(next.kind.rawValue) at \(LocalTimeText.format(next.due, in: snapshot.timeZone, seconds: true)) \(snapshot.timeZone.identifier)\(held)"
    }

}
