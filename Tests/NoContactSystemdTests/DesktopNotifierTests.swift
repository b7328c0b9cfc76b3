import DesktopTestSupport
import Foundation
import Testing

@testable import NoContactSystemd

/// Against a real session bus and dunst; skipped when the tools are not installed
/// (`apt-get install -y xvfb dbus-x11 dunst libnotify-bin`).
@Suite(.serialized, .enabled(if: DesktopSession.isAvailable, "needs Xvfb, dbus-daemon, dunst, dunstctl and gdbus"))
struct DesktopNotifierSessionTests {
    static let notification = DesktopNotification(
        summary: "Day 12 of 30 · a question for today",
        body: "What did I \"learn\" today?\nA second line, and $(touch /tmp/nocontact-pwned) stays text.",
        actions: [DesktopNotification.Action(key: "default", label: "Answer")],
        urgency: .low, category: "x-nocontact.prompt")

    /// A notification arrives at dunst with our app name, summary, body and category.
    @Test func deliversToDunst() throws {
        let session = try DesktopSession(withServer: true)
        defer { session.stop() }
        let notifier = DesktopNotifier(environment: session.environment)

        let result = notifier.notify(Self.notification)
        guard case let .delivered(id) = result else {
            Issue.record("expected delivery, got \(result)")
            return
        }
        #expect(id > 0)
        let history = try session.history { $0.contains { $0["appname"] == "nocontact" } }
        let entry = try #require(history.first { $0["appname"] == "nocontact" })
        #expect(entry["summary"] == Self.notification.summary)
        #expect(entry["body"] == Self.notification.body)
        #expect(entry["category"] == "x-nocontact.prompt")
        #expect(!FileManager.default.fileExists(atPath: "/tmp/nocontact-pwned"))
    }

    /// The server's self-description comes back over the same connection.
    @Test func readsServerInformation() throws {
        let session = try DesktopSession(withServer: true)
        defer { session.stop() }
        let server = try DesktopNotifier(environment: session.environment).serverInformation()
        #expect(server.name == "dunst")
        #expect(!server.version.isEmpty)
    }

    /// Several notifications in a row go over the one kept connection.
    @Test func deliversRepeatedly() throws {
        let session = try DesktopSession(withServer: true)
        defer { session.stop() }
        let notifier = DesktopNotifier(environment: session.environment)
        var ids: [UInt32] = []
        for index in 1...3 {
            var notification = Self.notification
            notification.summary = "Day \(index)"
            guard case let .delivered(id) = notifier.notify(notification) else {
                Issue.record("notification \(index) was not delivered")
                return
            }
            ids.append(id)
        }
        #expect(Set(ids).count == 3)
        let history = try session.history { $0.filter { $0["appname"] == "nocontact" }.count == 3 }
        #expect(Set(history.compactMap { $0["summary"] }) == ["Day 1", "Day 2", "Day 3"])
    }

    /// Without DBUS_SESSION_BUS_ADDRESS the bus is found at `$XDG_RUNTIME_DIR/bus`.
    @Test func findsTheBusInTheRuntimeDirectory() throws {
        let session = try DesktopSession(withServer: true)
        defer { session.stop() }
        var environment = session.environment
        environment["DBUS_SESSION_BUS_ADDRESS"] = nil
        let result = DesktopNotifier(environment: environment).notify(Self.notification)
        guard case .delivered = result else {
            Issue.record("expected delivery through $XDG_RUNTIME_DIR/bus, got \(result)")
            return
        }
    }

    /// A bus without a notification server: unavailable, saying so; once dunst runs, the next
    /// call on the same notifier is shown.
    @Test func picksUpAServerThatStartsLater() throws {
        let session = try DesktopSession(withServer: false)
        defer { session.stop() }
        let notifier = DesktopNotifier(environment: session.environment)

        let before = notifier.notify(Self.notification)
        guard case let .unavailable(.noNotificationServer(reason)) = before else {
            Issue.record("expected no notification server, got \(before)")
            return
        }
        #expect(reason.contains("org.freedesktop.Notifications"))

        try session.startServer()
        let after = notifier.notify(Self.notification)
        guard case .delivered = after else {
            Issue.record("expected delivery once dunst runs, got \(after)")
            return
        }
        let history = try session.history { $0.contains { $0["appname"] == "nocontact" } }
        #expect(history.contains { $0["summary"] == Self.notification.summary })
    }

    /// When the session bus goes away, the kept connection is dropped and the notifier says
    /// there is no bus, without hanging.
    @Test func reportsALostBus() throws {
        let session = try DesktopSession(withServer: true)
        let notifier = DesktopNotifier(environment: session.environment)
        guard case .delivered = notifier.notify(Self.notification) else {
            Issue.record("the first notification was not delivered")
            session.stop()
            return
        }
        session.stop()
        let started = ContinuousClock.now
        let result = notifier.notify(Self.notification)
        guard case .unavailable(.noSessionBus) = result else {
            Issue.record("expected no session bus, got \(result)")
            return
        }
        #expect(ContinuousClock.now - started < .seconds(3))
    }
}

/// Without any session bus; needs no tools.
struct DesktopNotifierNoBusTests {
    /// An address pointing at a socket that does not exist: unavailable, with the reason.
    @Test func unreachableAddress() {
        let notifier = DesktopNotifier(environment: ["DBUS_SESSION_BUS_ADDRESS": "unix:path=/nonexistent/nocontact/bus"])
        let result = notifier.notify(DesktopNotification(summary: "s", body: "b"))
        guard case let .unavailable(.noSessionBus(reason)) = result else {
            Issue.record("expected no session bus, got \(result)")
            return
        }
        #expect(reason.contains("/nonexistent/nocontact/bus"))
        #expect(reason.contains("No such file or directory"))
    }

    /// No address and a runtime directory without a bus socket: unavailable, naming the path.
    @Test func runtimeDirectoryWithoutBus() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("nocontact-nobus-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let result = DesktopNotifier(environment: ["XDG_RUNTIME_DIR": directory.path]).notify(DesktopNotification(summary: "s", body: "b"))
        guard case let .unavailable(.noSessionBus(reason)) = result else {
            Issue.record("expected no session bus, got \(result)")
            return
        }
        #expect(reason.contains(directory.path + "/bus"))
    }

    /// Neither variable set: unavailable, saying which are missing.
    @Test func emptyEnvironment() {
        let result = DesktopNotifier(environment: [:]).notify(DesktopNotification(summary: "s", body: "b"))
        #expect(result == .unavailable(.noSessionBus("neither DBUS_SESSION_BUS_ADDRESS nor XDG_RUNTIME_DIR is set")))
    }

    /// An address that sd-bus cannot parse is reported, not crashed on.
    @Test func malformedAddress() {
        let result = DesktopNotifier(environment: ["DBUS_SESSION_BUS_ADDRESS": "no-such-transport:x=y"]).notify(
            DesktopNotification(summary: "s", body: "b"))
        guard case .unavailable(.noSessionBus) = result else {
            Issue.record("expected no session bus, got \(result)")
            return
        }
    }

    /// Paths in D-Bus addresses escape everything outside the safe set.
    @Test func escapesAddressValues() {
        #expect(escapeAddressValue("/run/user/1000/bus") == "/run/user/1000/bus")
        #expect(escapeAddressValue("/tmp/a b,c=d;é") == "/tmp/a%20b%2cc%3dd%3b%c3%a9")
    }
}
