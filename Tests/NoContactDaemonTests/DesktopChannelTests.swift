import DesktopTestSupport
import Foundation
import Logging
import NoContactService
import NoContactSystemd
import Testing

@testable import NoContactCore
@testable import NoContactDaemon

struct DesktopChannelTests {
    /// The notification carries the title, the prompt, low urgency and our category.
    @Test func notificationOfADelivery() {
        let delivery = hostileDelivery()
        let notification = DesktopChannel.notification(for: delivery)
        #expect(notification.appName == "nocontact")
        #expect(notification.summary == delivery.title)
        #expect(notification.body == delivery.body)
        #expect(notification.urgency == .low)
        #expect(notification.category == "x-nocontact.prompt")
        #expect(notification.actions == [DesktopNotification.Action(key: "default", label: "Answer")])
        #expect(notification.expireTimeout == -1)
    }

    /// With no session bus, the channel says why once, however many deliveries fail, and
    /// reports itself as not live; `deliver` does not wait for the bus.
    @Test func noBusIsLoggedOnce() {
        let recorder = LogRecorder()
        let channel = DesktopChannel(
            environment: ["DBUS_SESSION_BUS_ADDRESS": "unix:path=/nonexistent/nocontact/bus"], logger: recorder.logger)
        #expect(channel.report == ChannelReport(name: "desktop", live: false, reason: "not checked yet"))
        for _ in 1...3 { channel.deliver(hostileDelivery()) }
        channel.waitUntilIdle()
        let warnings = recorder.lines(containing: "desktop notifications are off for now", atLeast: .warning)
        #expect(warnings.count == 1)
        #expect(warnings.first?.message.contains("no session bus") == true)
        #expect(warnings.first?.message.contains("/nonexistent/nocontact/bus") == true)
        #expect(channel.report.live == false)
        #expect(channel.report.reason?.contains("no session bus") == true)
    }
}

/// Against a real bus and dunst; skipped when the tools are not installed.
@Suite(.serialized, .enabled(if: DesktopSession.isAvailable, "needs Xvfb, dbus-daemon, dunst, dunstctl and gdbus"))
struct DesktopChannelSessionTests {
    /// A due prompt arrives at dunst with the app name, summary and body.
    @Test func deliversToDunst() throws {
        let session = try DesktopSession(withServer: true)
        defer { session.stop() }
        let recorder = LogRecorder()
        let channel = DesktopChannel(environment: session.environment, logger: recorder.logger)
        let delivery = hostileDelivery()
        channel.deliver(delivery)
        channel.waitUntilIdle()
        let history = try session.history { $0.contains { $0["appname"] == "nocontact" } }
        let entry = try #require(history.first { $0["appname"] == "nocontact" })
        #expect(entry["summary"] == delivery.title)
        #expect(entry["body"] == delivery.body)
        #expect(channel.report == ChannelReport(name: "desktop", live: true, reason: nil))
        #expect(recorder.lines(containing: "off for now").isEmpty)
    }

    /// No notification server: said once; when dunst starts, the next delivery is shown and the
    /// channel says once that notifications work again.
    @Test func serverStartingLaterIsUsed() throws {
        let session = try DesktopSession(withServer: false)
        defer { session.stop() }
        let recorder = LogRecorder()
        let channel = DesktopChannel(environment: session.environment, logger: recorder.logger)
        channel.check()
        channel.deliver(hostileDelivery())
        channel.deliver(hostileDelivery())
        channel.waitUntilIdle()
        let warnings = recorder.lines(containing: "desktop notifications are off for now", atLeast: .warning)
        #expect(warnings.count == 1)
        #expect(warnings.first?.message.contains("no notification server") == true)
        #expect(channel.report.live == false)

        try session.startServer()
        // Different titles: dunst stacks identical notifications into one.
        var first = hostileDelivery()
        first.title = "Day 13 of 30 · a question for today"
        var second = first
        second.title = "Day 13 of 30 · another question"
        channel.deliver(first)
        channel.deliver(second)
        channel.waitUntilIdle()
        #expect(recorder.lines(containing: "desktop notifications work again", atLeast: .notice).count == 1)
        #expect(channel.report.live)
        let history = try session.history { $0.count == 2 }
        #expect(Set(history.compactMap { $0["summary"] }) == [first.title, second.title])
    }

    /// The start-up check names the server.
    @Test func checkNamesTheServer() throws {
        let session = try DesktopSession(withServer: true)
        defer { session.stop() }
        let recorder = LogRecorder()
        let channel = DesktopChannel(environment: session.environment, logger: recorder.logger)
        channel.check()
        channel.waitUntilIdle()
        #expect(recorder.lines(containing: "desktop notifications are on (dunst ", atLeast: .info).count == 1)
    }
}

struct DeliveryChannelsTests {
    static let sink = LogSink(identifier: "nocontactd-test", mirrorToStandardError: false, journalEnabled: false)

    /// Everything off but the journal: one channel, and reports that say why the others are off.
    @Test func onlyTheJournal() {
        let config = DeliveryConfig(journal: true, desktop: false, command: nil)
        let channels = DeliveryChannels.make(config: config, journal: Self.sink, logger: LogRecorder().logger, environment: [:])
        #expect(channels.count == 1)
        #expect(channels.first is JournalChannel)
        let reports = DeliveryChannels.reports(config: config, channels: channels)
        #expect(reports.map(\.name) == ["journal", "desktop", "command"])
        #expect(
            reports[1] == ChannelReport(name: "desktop", live: false, reason: "switched off in the config ([delivery] desktop = false)"))
        #expect(reports[2] == ChannelReport(name: "command", live: false, reason: "no command in the config ([delivery] command)"))
    }

    /// All on: journal, desktop and command, in that order; the desktop checks the bus at once
    /// and reports why it is not live.
    @Test func allChannels() {
        let recorder = LogRecorder()
        let config = DeliveryConfig(journal: false, desktop: true, command: ["true"])
        let channels = DeliveryChannels.make(
            config: config, journal: Self.sink, logger: recorder.logger, environment: ["PATH": "/usr/bin:/bin"])
        #expect(channels.count == 3)
        #expect(channels[0] is JournalChannel)
        let desktop = channels[1] as? DesktopChannel
        #expect(desktop != nil)
        #expect(channels[2] is CommandChannel)
        desktop?.waitUntilIdle()
        let reports = DeliveryChannels.reports(config: config, channels: channels)
        #expect(reports[0].live == false)
        #expect(reports[0].reason?.contains("journal = false") == true)
        #expect(reports[1].live == false)
        #expect(reports[1].reason?.contains("neither DBUS_SESSION_BUS_ADDRESS nor XDG_RUNTIME_DIR is set") == true)
        #expect(reports[2] == ChannelReport(name: "command", live: true, reason: nil))
        #expect(recorder.lines(containing: "desktop notifications are off for now", atLeast: .warning).count == 1)
    }
}
