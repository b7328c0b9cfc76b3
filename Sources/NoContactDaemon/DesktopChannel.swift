public import NoContactService
import Dispatch
public import Logging
public import NoContactCore
public import NoContactSystemd
import Synchronization

/// Shows each delivery as a desktop notification (`org.freedesktop.Notifications`).
///
/// A user service often has no session bus or no notification server (not logged in
/// graphically yet, a headless machine). Then the channel says once why, stays quiet while it
/// keeps failing, and tries again at the next delivery, without polling; when it works again
/// it says so once. Calls run on the channel's own serial queue, so `deliver` returns at once
/// even when the bus is slow, and deliveries keep their order.
///
/// Clicking a notification invokes its "default" action ("Answer"); nothing listens for that
/// yet (running a configurable command such as `nocontact reflect` in a terminal is left for
/// later), so it only closes the notification.
public final class DesktopChannel: ReportingChannel {
    private enum Status: Equatable {
        case unknown
        case live
        case down(DesktopUnavailable)
    }

    private let notifier: DesktopNotifier
    private let logger: Logger
    private let queue = DispatchQueue(label: "nocontact.delivery.desktop")
    private let status = Mutex(Status.unknown)

    public init(notifier: DesktopNotifier, logger: Logger) {
        self.notifier = notifier
        self.logger = logger
    }

    /// A channel on the session bus that `environment` points to.
    public convenience init(environment: [String: String], logger: Logger) {
        self.init(notifier: DesktopNotifier(environment: environment), logger: logger)
    }

    public func deliver(_ delivery: Delivery) {
        let notification = Self.notification(for: delivery)
        queue.async { [self] in
            switch notifier.notify(notification) {
            case .delivered:
                becameLive(server: nil)
            case let .unavailable(reason):
                wentDown(reason)
            }
        }
    }

    /// Checks in the background whether notifications would be shown, so the log says why
    /// not at start-up rather than at the first delivery. Shows nothing.
    public func check() {
        queue.async { [self] in
            do throws(DesktopUnavailable) {
                let server = try notifier.serverInformation()
                becameLive(server: "\(server.name) \(server.version)")
            } catch {
                wentDown(error)
            }
        }
    }

    /// Waits until every delivery handed over so far has been sent (or has failed).
    /// For tests and for a clean shutdown.
    public func waitUntilIdle() {
        queue.sync {}
    }

    public var report: ChannelReport {
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
    public static func notification(for delivery: Delivery) -> DesktopNotification {
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
        logger.warning("desktop notifications are off for now: \(reason). Deliveries still go to the other channels; the next one tries the desktop again.")
    }
}
