import Dispatch
import Glibc
package import Logging
package import NoContactCore
package import NoContactService
package import NoContactSystemd
import Synchronization

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Shows each delivery as a desktop notification (`org.freedesktop.Notifications`).
///
/// A user service often has no session bus or no notification server (not logged in
/// graphically yet, a headless machine). Then the channel says once why, stays quiet while it
/// keeps failing, and tries again at the next delivery, without polling; when it works again
/// it says so once. Calls run on the channel's own serial queue, so `deliver` returns at once
/// even when the bus is slow, and deliveries keep their order.
///
/// Clicking a notification invokes its "default" action (labelled "Answer"): when the channel
/// has an answer command (`[delivery] answer`), that runs, as argv without a shell, with the
/// delivery's `NOCONTACT_*` variables (as for `[delivery] command`), e.g. a terminal with
/// `nocontact reflect`. Only clicks on the channel's own recent notifications count.
package final class DesktopChannel: ReportingChannel {
    private enum Status: Equatable {
        case unknown
        case live
        case down(DesktopUnavailable)
    }

    private let notifier: DesktopNotifier
    private let logger: Logger
    private let queue: DispatchQueue
    private let status = Mutex(Status.unknown)
    private let answers: AnswerLauncher?

    /// A channel whose notifications only close when clicked.
    package init(notifier: DesktopNotifier, logger: Logger) {
        self.notifier = notifier
        self.logger = logger
        queue = DispatchQueue(label: "nocontact.delivery.desktop")
        answers = nil
    }

    /// A channel on the session bus that `environment` points to.
    /// - Parameters:
    ///   - environment: the daemon's environment: the session bus address, and PATH and the
    ///     rest of the answer command's environment.
    ///   - answer: run when the person clicks a notification (argv, first element the
    ///     program, looked up on PATH); nil to only close the notification.
    ///   - timeout: the longest one bus call may take.
    package init(environment: [String: String], answer: [String]? = nil, logger: Logger, timeout: Duration = .seconds(2)) {
        self.logger = logger
        let queue = DispatchQueue(label: "nocontact.delivery.desktop")
        self.queue = queue
        guard let answer, !answer.isEmpty else {
            notifier = DesktopNotifier(environment: environment, timeout: timeout)
            answers = nil
            return
        }
        let answers = AnswerLauncher(command: answer, environment: environment, logger: logger)
        self.answers = answers
        notifier = DesktopNotifier(environment: environment, timeout: timeout) { action in
            // Through the delivery queue: the delivery that showed the notification remembers
            // its values in the same block as its Notify call, so even the quickest click
            // finds them.
            queue.async { answers.answer(action) }
        }
    }

    package func deliver(_ delivery: Delivery) {
        let notification = Self.notification(for: delivery)
        queue.async { [self] in
            switch notifier.notify(notification) {
            case let .delivered(id):
                answers?.remember(id: id, values: CommandChannel.values(for: delivery))
                becameLive(server: nil)
            case let .unavailable(reason):
                wentDown(reason)
            }
        }
    }

    /// Checks in the background whether notifications would be shown, so the log says why
    /// not at start-up rather than at the first delivery. Shows nothing.
    package func check() {
        queue.async { [self] in
            do throws(DesktopUnavailable) {
                let server = try notifier.serverInformation()
                becameLive(server: "\(server.name) \(server.version)")
            } catch {
                wentDown(error)
            }
        }
    }

    /// Waits until every delivery handed over so far has been sent (or has failed). For tests.
    package func waitUntilIdle() {
        queue.sync {}
    }

    /// Waits, at most `timeout`, until every delivery handed over so far has been sent (or has
    /// failed): a stopping daemon lets the last notification reach the server.
    package func drain(timeout: Duration) -> Bool {
        let done = DispatchSemaphore(value: 0)
        queue.async { done.signal() }
        let (seconds, attoseconds) = timeout.components
        return done.wait(timeout: .now() + Double(seconds) + Double(attoseconds) / 1e18) == .success
    }

    /// Waits until every answer command started so far has ended and been reaped. For tests.
    /// - Returns: false when `timeout` passed first.
    @discardableResult
    func waitUntilAnswersEnded(timeout: Duration) -> Bool {
        answers?.waitUntilEnded(timeout: timeout) ?? true
    }

    package var report: ChannelReport {
        switch status.withLock({ $0 }) {
        case .unknown:
            return ChannelReport(name: "desktop", live: false, reason: "not checked yet")
        case .live:
            return ChannelReport(name: "desktop", live: true, reason: nil)
        case let .down(reason):
            return ChannelReport(name: "desktop", live: false, reason: "\(reason); the next delivery tries again")
        }
    }

    /// The notification for a delivery: the title as summary, the prompt as body, low urgency.
    package static func notification(for delivery: Delivery) -> DesktopNotification {
        DesktopNotification(
            summary: delivery.title, body: delivery.body,
            actions: [DesktopNotification.Action(key: "default", label: "Answer")],
            urgency: .low,
            // The spec's categories (im, email, presence, ...) do not fit a reflection prompt;
            // it allows vendor categories of the form x-vendor.class.
            category: "x-nocontact.\(delivery.kind.rawValue)")
    }

    // MARK: Logging once per change

    private func becameLive(server: String?) {
        let previous = status.withLock { status in
            defer { status = .live }
            return status
        }
        let at = server.map { " (\($0))" } ?? ""
        switch previous {
        case .down:
            logger.notice("desktop notifications work again\(at)")
        case .unknown:
            logger.info("desktop notifications are on\(at)")
        case .live:
            break
        }
    }

    private func wentDown(_ reason: DesktopUnavailable) {
        let wasDown = status.withLock { status in
            defer { status = .down(reason) }
            if case .down = status { return true }
            return false
        }
        guard !wasDown else { return }
        logger.warning(
            "desktop notifications are off for now: \(reason). Deliveries still go to the other channels; the next one tries the desktop again."
        )
    }
}

/// Runs the answer command when the person clicks one of the channel's notifications.
///
/// Remembers the values of the last `DesktopNotifier.rememberedNotifications` deliveries by
/// notification id (the notifier reports no other ids). The program is found on the
/// environment's PATH and started like the delivery command (own process group, clean signal
/// state, no shell), with its output going to the daemon's standard error, i.e. the journal.
/// It has no time limit, since a person may keep the terminal open as long as they like; a
/// thread of its own waits for it and reaps it.
private final class AnswerLauncher: Sendable {
    private let command: [String]
    private let environment: [String: String]
    private let logger: Logger
    private let remembered = Mutex<[(id: UInt32, values: [(name: String, value: String)])]>([])
    private let running = DispatchGroup()

    /// The action keys that mean "answer": a click on the notification, or its button.
    static let keys: Set<String> = ["default", "Answer"]

    init(command: [String], environment: [String: String], logger: Logger) {
        self.command = command
        self.environment = environment
        self.logger = logger
    }

    func remember(id: UInt32, values: [(name: String, value: String)]) {
        remembered.withLock { remembered in
            // A restarted server hands out ids again; the newest delivery owns an id.
            remembered.removeAll { $0.id == id }
            remembered.append((id, values))
            let limit = DesktopNotifier.rememberedNotifications
            if remembered.count > limit { remembered.removeFirst(remembered.count - limit) }
        }
    }

    func answer(_ action: NotificationAction) {
        guard Self.keys.contains(action.key) else {
            logger.debug("ignoring the action \(action.key) on desktop notification \(action.id)")
            return
        }
        guard let values = remembered.withLock({ $0.last { $0.id == action.id }?.values }) else {
            logger.debug("desktop notification \(action.id) was clicked, but it is no longer known")
            return
        }
        let name = command.first ?? ""
        var childEnvironment = environment
        for (key, value) in values { childEnvironment["NOCONTACT_" + key.uppercased()] = value }
        let pid: pid_t
        do throws(CommandFailure) {
            let executable = try CommandChannel.resolve(name, path: environment["PATH"])
            pid = try CommandProcess.spawnLock.withLock { _ throws(CommandFailure) in
                try CommandProcess.spawn(
                    executable: executable, arguments: command, environment: childEnvironment, output: STDERR_FILENO)
            }
        } catch {
            logger.warning("desktop notification \(action.id) was clicked, but the answer command \(name) could not start: \(error)")
            return
        }
        logger.info("desktop notification \(action.id) was clicked: the answer command \(name) started (pid \(pid))")
        running.enter()
        // A thread of its own: the wait lasts as long as the person's answer, which would tie
        // up one of Dispatch's shared worker threads.
        DetachedThread.start { [logger, running] in
            defer { running.leave() }
            var status: Int32 = 0
            while waitpid(pid, &status, 0) < 0, errno == EINTR {}
            do throws(CommandFailure) {
                try ChildOutcome(status: status, stoppedWith: nil, timeLimit: .zero, output: "").check()
                logger.debug("the answer command \(name) ended")
            } catch {
                logger.warning("the answer command \(name) failed: \(error)")
            }
        }
    }

    func waitUntilEnded(timeout: Duration) -> Bool {
        let (seconds, attoseconds) = timeout.components
        let nanoseconds = Int(clamping: seconds) &* 1_000_000_000 &+ Int(attoseconds / 1_000_000_000)
        return running.wait(timeout: .now() + .nanoseconds(nanoseconds)) == .success
    }
}
