import DesktopTestSupport
import Foundation
import Glibc
import Synchronization
import Testing

@testable import NoContactSystemd

/// Collects the actions a notifier reports and lets a test wait for them.
final class ActionRecorder: Sendable {
    private let actions = Mutex<[NotificationAction]>([])
    private let arrived = DispatchSemaphore(value: 0)

    var recorded: [NotificationAction] { actions.withLock { $0 } }

    @Sendable func record(_ action: NotificationAction) {
        actions.withLock { $0.append(action) }
        arrived.signal()
    }

    /// Waits for the next action; false when none came within `timeout`.
    func waitForNext(timeout: Duration = .seconds(5)) -> Bool {
        arrived.wait(timeout: .now() + .milliseconds(Int(timeout.components.seconds * 1000))) == .success
    }
}

/// Clicks on notifications, against a real session bus and dunst.
@Suite(.serialized, .enabled(if: DesktopSession.isAvailable, "needs Xvfb, dbus-daemon, dunst, dunstctl and gdbus"))
struct NotificationActionSessionTests {
    static let notification = DesktopNotification(
        summary: "Day 12 of 30 · a question for today", body: "What did I learn today?",
        actions: [DesktopNotification.Action(key: "default", label: "Answer")], category: "x-nocontact.prompt")

    /// A click in dunst reaches the handler with our id and the "default" key; the same signal
    /// faked by another client on the bus, for our id and for one we never sent, does not.
    @Test func reportsAClickOnOurNotificationOnly() throws {
        let session = try DesktopSession(withServer: true)
        defer { session.stop() }
        let recorder = ActionRecorder()
        let notifier = DesktopNotifier(environment: session.environment, onAction: recorder.record)
        guard case let .delivered(id) = notifier.notify(Self.notification) else {
            Issue.record("the notification was not delivered")
            return
        }
        #expect(notifier.isWatching)

        // Broadcast with the right signature, but from gdbus rather than the server.
        for fakeID in [id, id + 1000] {
            try session.run(
                "/usr/bin/gdbus",
                [
                    "emit", "--session", "--object-path", "/org/freedesktop/Notifications",
                    "--signal", "org.freedesktop.Notifications.ActionInvoked", "uint32 \(fakeID)", "'default'",
                ])
        }
        try session.clickFirstNotification()
        #expect(recorder.waitForNext())
        // A round trip: everything the bus sent before its reply has been handled by now.
        _ = try notifier.serverInformation()
        notifier.waitForActions()
        #expect(recorder.recorded == [NotificationAction(id: id, key: "default")])
    }

    /// A notification of another client, clicked, is not reported.
    @Test func ignoresOtherClientsNotifications() throws {
        let session = try DesktopSession(withServer: true)
        defer { session.stop() }
        let recorder = ActionRecorder()
        let notifier = DesktopNotifier(environment: session.environment, onAction: recorder.record)
        guard case .delivered = notifier.notify(Self.notification) else {
            Issue.record("the notification was not delivered")
            return
        }
        try session.run("/usr/bin/dunstctl", ["close-all"])
        try session.notifyFromAnotherClient(summary: "someone else's")
        try session.clickFirstNotification()
        // Then one of ours, clicked after the foreign one: only it arrives.
        try session.run("/usr/bin/dunstctl", ["close-all"])
        var second = Self.notification
        second.summary = "Day 13 of 30"
        guard case let .delivered(secondID) = notifier.notify(second) else {
            Issue.record("the second notification was not delivered")
            return
        }
        try session.clickFirstNotification()
        #expect(recorder.waitForNext())
        _ = try notifier.serverInformation()
        notifier.waitForActions()
        #expect(recorder.recorded == [NotificationAction(id: secondID, key: "default")])
    }

    /// While idle, the connection sleeps: sd-bus wants no timed wake-up, and the watch only
    /// fires for input. The bus daemon's NameAcquired greeting may arrive after our first
    /// calls and wake the watch once; after that, nothing does.
    @Test func idleConnectionSleeps() throws {
        let session = try DesktopSession(withServer: true)
        defer { session.stop() }
        let notifier = DesktopNotifier(environment: session.environment, onAction: { _ in })
        guard case .delivered = notifier.notify(Self.notification) else {
            Issue.record("the notification was not delivered")
            return
        }
        #expect(notifier.wakeupDeadline == UInt64.max)
        // Settle: wait (bounded) until 200 ms pass without a wake-up.
        let deadline = ContinuousClock.now + .seconds(3)
        var before = notifier.wakeups
        while ContinuousClock.now < deadline {
            usleep(200_000)
            let now = notifier.wakeups
            if now == before { break }
            before = now
        }
        #expect(before <= 1)
        usleep(500_000)
        #expect(notifier.wakeups == before)
        #expect(notifier.wakeupDeadline == UInt64.max)
        #expect(notifier.isWatching)
    }

    /// Without a handler nothing is watched, as before.
    @Test func noHandlerNoWatch() throws {
        let session = try DesktopSession(withServer: true)
        defer { session.stop() }
        let notifier = DesktopNotifier(environment: session.environment)
        guard case .delivered = notifier.notify(Self.notification) else {
            Issue.record("the notification was not delivered")
            return
        }
        #expect(!notifier.isWatching)
    }

    /// When the bus goes away the watch is cancelled after a wake-up or two (no spinning on the
    /// dead descriptor), and the next notification finds no bus.
    @Test func lostBusCancelsTheWatch() throws {
        let session = try DesktopSession(withServer: true)
        let notifier = DesktopNotifier(environment: session.environment, onAction: { _ in })
        guard case .delivered = notifier.notify(Self.notification) else {
            Issue.record("the notification was not delivered")
            session.stop()
            return
        }
        session.stop()
        let deadline = ContinuousClock.now + .seconds(5)
        while notifier.isWatching, ContinuousClock.now < deadline { usleep(10_000) }
        #expect(!notifier.isWatching)
        let wakeups = notifier.wakeups
        #expect(wakeups <= 3)
        usleep(200_000)
        #expect(notifier.wakeups == wakeups)
        guard case .unavailable(.noSessionBus) = notifier.notify(Self.notification) else {
            Issue.record("expected no session bus")
            return
        }
    }
}

/// The bookkeeping of sent notifications; needs no bus.
struct SentNotificationsTests {
    /// Only the server that gave out an id can answer for it, and only for the last `limit` ids.
    @Test func matchesIdAndServerWithinTheLimit() {
        var sent = SentNotifications(limit: 2)
        sent.record(id: 1, server: ":1.5")
        #expect(sent.contains(ReceivedActionSignal(id: 1, key: "default", sender: ":1.5")))
        #expect(!sent.contains(ReceivedActionSignal(id: 1, key: "default", sender: ":1.6")))
        #expect(!sent.contains(ReceivedActionSignal(id: 2, key: "default", sender: ":1.5")))
        #expect(!sent.contains(ReceivedActionSignal(id: 1, key: "default", sender: nil)))
        sent.record(id: 2, server: ":1.5")
        sent.record(id: 3, server: ":1.5")
        #expect(!sent.contains(ReceivedActionSignal(id: 1, key: "default", sender: ":1.5")))
        #expect(sent.contains(ReceivedActionSignal(id: 3, key: "default", sender: ":1.5")))
    }
}
