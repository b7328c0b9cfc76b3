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
/// deliver and when to wake is decided by the pure `Scheduler` and carried out by the
/// `DeliveryLoop`; this type only wires the real shells to it and handles signals, the socket,
/// reloads, start and stop.
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
    /// Plan, record, deliver, arm; set up by `start`, which also starts everything that wakes it.
    private var loop: DeliveryLoop?
    private var control: ControlServer?
    private var eventLoops: MultiThreadedEventLoopGroup?
    private var signalSources: [any DispatchSourceSignal] = []
    private let changes = ChangeMonitor()
    private let reloader: ConfigReloader
    /// Deliveries for `Watch` on the control socket.
    private let feed: DeliveryFeed

    /// How long a stop waits for each channel's deliveries under way (a notification, a command).
    static let drainTimeout: Duration = .seconds(2)

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
                DispatchQueue.main.async { MainActor.assumeIsolated { _ = self?.loop?.wake() } }
            },
            channels: { [runtime] in runtime.channelReports })
        // First: a reload or a recorded slip may wake it as soon as the socket is up.
        let loop = DeliveryLoop(
            clock: clock, store: store,
            timer: DaemonTimer(timer: WallClockTimer { [weak self] in self?.loop?.wake() }, clock: clock),
            retryTimer: DaemonTimer(timer: WallClockTimer { [weak self] in self?.loop?.retry() }, clock: clock),
            notifier: notifier, feed: WatchFeed(send: feed.publish), log: DaemonLog(logger: logger),
            settings: { [runtime, reloader] in
                let configuration = runtime.configuration
                return DeliveryLoop.Settings(
                    config: configuration.config, zone: configuration.timeZone, channels: runtime.channels,
                    notice: reloader.refusalSummary)
            })
        self.loop = loop
        // Before the socket appears: from then on a service manager or a person may send
        // SIGTERM, which must stop the daemon however early it comes (it waits, blocked and
        // pending, for the signal source; the handler runs once start returns).
        installSignalHandlers()
        try startControlServer(service: service)
        let unwatched = changes.start(
            onClockChange: { [weak self] in
                self?.logger.notice("the system clock was set; recomputing what is due")
                self?.loop?.wake()
            },
            onZoneChange: { [weak self] in self?.systemZoneChanged() })
        for what in unwatched {
            logger.warning("cannot watch \(what); schedules are recomputed at the next wake-up instead")
        }
        let wake = loop.wake()
        let config = wake.timeline.config
        // In discreet mode the journal gets each period's opaque key, never its name.
        let summaries = wake.progress.map { progress in
            var shown = progress
            shown.period = config.periodLabel(progress.period)
            return shown.summary
        }
        logger.info(
            "nocontactd \(noContactVersion) started on \(config.source ?? "the built-in default config"); \(summaries.joined(separator: "; ")); \(wake.next)"
        )
        notifier.ready(status: wake.status)
    }

    private func systemZoneChanged() {
        let configuration = runtime.configuration
        let zone = configuration.config.effectiveTimeZone(system: SystemTimeZone.resolve(environment: options.environment))
        guard zone != configuration.timeZone, let loop else { return }
        runtime.update { $0.timeZone = zone }
        logger.notice("the time zone is now \(zone.identifier); recomputing what is due")
        notifier.status(loop.wake().status)
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
    /// and either puts it in force, or keeps the running one (the reloader logs why and STATUS=
    /// shows it); the loop then wakes either way, and its one read of the journey serves the
    /// log line and STATUS=. systemd hears RELOADING=1 first and READY=1 when it is over.
    @discardableResult
    func reload() -> Result<Config, ConfigError> {
        notifier.reloading()
        let outcome = Result { () throws(ConfigError) in try reloader.reload() }
        // No loop before `start` made one (and nothing can ask for a reload before that).
        guard let wake = loop?.wake() else { return outcome }
        if case let .success(config) = outcome {
            logger.notice("reloaded the config from \(config.source ?? "the built-in default"); \(wake.next)")
        }
        notifier.ready(status: wake.status)
        return outcome
    }

    /// The answer to a reload asked for while the daemon is going away.
    private static let stopping = ConfigError(
        file: "nocontactd", issues: [.init(line: nil, column: nil, message: "the daemon is stopping; nothing was reloaded")])

    /// Stops cleanly: no more deliveries, the socket closed and removed, exit 0.
    package func stop() -> Never {
        notifier.stopping()
        logger.info("stopping")
        loop?.stop()
        changes.stop()
        control?.close()
        // Deliveries under way (a notification, a command) get a moment to finish.
        for channel in runtime.channels {
            _ = channel.drain(timeout: Self.drainTimeout)
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
}
