import Dispatch
import Foundation
import Glibc
public import Logging
import NIOPosix
import NoContactCore
import NoContactService
import NoContactStore
public import NoContactSystemd

/// nocontactd: loads the config, keeps one timer armed on the next due event, delivers it,
/// serves the control socket, reloads on SIGHUP and stops cleanly on SIGTERM/SIGINT.
///
/// Everything except the socket's event loop runs on the main queue (the main actor), so the
/// daemon's own state needs no locks; the socket reads a `RuntimeState` snapshot.
@MainActor
public final class Daemon {
    private let options: DaemonOptions
    private let paths: NoContactPaths
    private let store: StateStore
    private let runtime: RuntimeState
    private let channels: [any DeliveryChannel]
    private let notifier = SystemdNotifier()
    private let logger: Logger
    private var timer: WallClockTimer?
    private var pendingEvent: TimelineEvent?
    private var control: ControlServer?
    private var eventLoops: MultiThreadedEventLoopGroup?
    private var signalSources: [any DispatchSourceSignal] = []
    private let now: @Sendable () -> Date = { Date() }

    /// Loads config and state; throws what keeps the daemon from starting.
    public init(options: DaemonOptions, sink: LogSink, logger: Logger) throws(DaemonError) {
        self.options = options
        self.logger = logger
        paths = NoContactPaths(environment: options.environment)
        store = StateStore(directory: options.stateDirectory ?? paths.stateDirectory)
        let config: Config
        do {
            config = try ConfigLoader.load(explicitPath: options.configPath, defaultPath: paths.configFile)
        } catch {
            throw .config(error)
        }
        let state: JourneyState
        do {
            state = try store.loadOrCreate(now: Date())
        } catch {
            throw .store(error)
        }
        runtime = RuntimeState(ServiceSnapshot(config: config, state: state, timeZone: config.effectiveTimeZone(system: .current)))
        channels = config.delivery.journal ? [JournalChannel(sink: sink)] : [JournalChannel(sink: LogSink(identifier: "nocontactd", mirrorToStandardError: true, journalEnabled: false))]
    }

    /// Starts serving and scheduling; returns once everything is up (the main queue then runs it).
    public func start() throws(DaemonError) {
        let service = LocalService(snapshot: { [runtime] in runtime.snapshot }, now: now)
        try startControlServer(service: service)
        timer = WallClockTimer { [weak self] in self?.timerFired() }
        installSignalHandlers()
        let snapshot = runtime.snapshot
        armNextEvent(after: max(now(), snapshot.state.lastDeliveryDue ?? .distantPast))
        let periods = Timeline(config: snapshot.config, calendar: snapshot.calendar).progress(now: now(), state: snapshot.state)
        logger.info("nocontactd \(noContactVersion) started on \(snapshot.config.source ?? "the built-in default config"); \(periods.map(\.summary).joined(separator: "; ")); \(nextDescription())")
        notifier.ready(status: statusLine())
    }

    // MARK: Scheduling

    private func armNextEvent(after instant: Date) {
        let snapshot = runtime.snapshot
        pendingEvent = Timeline(config: snapshot.config, calendar: snapshot.calendar).nextEvent(after: instant, state: snapshot.state)
        if let pendingEvent {
            timer?.arm(at: pendingEvent.due)
        } else {
            timer?.cancel()
        }
    }

    private func timerFired() {
        guard let event = pendingEvent else { return }
        let firedAt = now()
        // A timer never fires early by design, but a clock set backwards can make it look so.
        if firedAt < event.due.addingTimeInterval(-0.001) {
            timer?.arm(at: event.due)
            return
        }
        let snapshot = runtime.snapshot
        let delivery = Timeline(config: snapshot.config, calendar: snapshot.calendar).compose(event, state: snapshot.state)
        // Record first: a crash after this point never delivers the same prompt twice.
        let recorded = snapshot.state.recordingDelivery(of: delivery.promptID, due: event.due)
        do {
            try store.save(recorded)
        } catch {
            logger.error("could not record the delivery: \(error)")
        }
        runtime.update { $0.state = recorded }
        for channel in channels {
            channel.deliver(delivery)
        }
        armNextEvent(after: event.due)
        notifier.status(statusLine())
    }

    // MARK: Signals

    private func installSignalHandlers() {
        for signalNumber in [SIGTERM, SIGINT, SIGHUP] {
            // Ignore the default action so that only the Dispatch source sees the signal.
            signal(signalNumber, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: .main)
            source.setEventHandler { [weak self] in
                MainActor.assumeIsolated {
                    if signalNumber == SIGHUP { self?.reload() } else { self?.stop() }
                }
            }
            source.resume()
            signalSources.append(source)
        }
    }

    /// Re-reads the config; keeps the running one, and says why, when the new one is invalid.
    public func reload() {
        notifier.reloading()
        let snapshot = runtime.snapshot
        do {
            let config = try ConfigLoader.load(explicitPath: options.configPath, defaultPath: paths.configFile)
            runtime.update {
                $0.config = config
                $0.timeZone = config.effectiveTimeZone(system: .current)
            }
            armNextEvent(after: max(now(), snapshot.state.lastDeliveryDue ?? .distantPast))
            logger.notice("reloaded the config from \(config.source ?? "the built-in default"); \(nextDescription())")
        } catch {
            logger.error("the new config has errors, so the running config stays in use:\n\(error)")
        }
        notifier.ready(status: statusLine())
    }

    /// Stops cleanly: no more deliveries, the socket closed and removed, exit 0.
    public func stop() -> Never {
        notifier.stopping()
        logger.info("stopping")
        timer?.cancel()
        control?.close()
        try? eventLoops?.syncShutdownGracefully()
        exit(0)
    }

    // MARK: Socket

    private func startControlServer(service: LocalService) throws(DaemonError) {
        let activated = ListenFDs.take()
        let snapshot = runtime.snapshot
        guard !activated.isEmpty || (!options.socketDisabled && snapshot.config.socket.enabled) else { return }
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        eventLoops = group
        if let descriptor = activated.first {
            control = try ControlServer.adopt(descriptor: descriptor, service: service, group: group)
        } else {
            let path = options.socketPath ?? paths.expand(snapshot.config.socket.path)
            control = try ControlServer.bind(path: path, service: service, group: group)
        }
        logger.info("listening on \(control?.path ?? "?")")
    }

    // MARK: Status

    private func statusLine() -> String {
        let snapshot = runtime.snapshot
        let periods = Timeline(config: snapshot.config, calendar: snapshot.calendar).progress(now: now(), state: snapshot.state)
        let days = periods.map { progress in
            progress.daysTotal.map { "\(progress.period): day \(progress.day) of \($0)" } ?? "\(progress.period): day \(progress.day) of an open-ended period"
        }
        return (days + [nextDescription()]).joined(separator: " · ")
    }

    private func nextDescription() -> String {
        guard let pendingEvent else { return "no prompts scheduled" }
        let zone = runtime.snapshot.timeZone
        return "next \(pendingEvent.kind.rawValue) at \(Self.localTime(pendingEvent.due, in: zone))"
    }

    static func localTime(_ date: Date, in zone: TimeZone) -> String {
        var style = Date.VerbatimFormatStyle(
            format: "\(year: .defaultDigits)-\(month: .twoDigits)-\(day: .twoDigits) \(hour: .twoDigits(clock: .twentyFourHour, hourCycle: .zeroBased)):\(minute: .twoDigits):\(second: .twoDigits)",
            timeZone: zone, calendar: Calendar(identifier: .gregorian))
        style.locale = Locale(identifier: "en_US_POSIX")
        return "\(style.format(date)) \(zone.identifier)"
    }
}
