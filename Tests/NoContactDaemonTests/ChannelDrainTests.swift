import DesktopTestSupport
import Foundation
import Logging
import NoContactService
import NoContactSystemd
import Testing

@testable import NoContactCore
@testable import NoContactDaemon

/// `DeliveryChannel.drain(timeout:)`, which a stopping daemon calls on every channel (it no
/// longer needs to know which kinds of channel wait for what).
struct ChannelDrainTests {
    /// A command still running when the timeout passes: drain says so; once it ended, drain
    /// returns true.
    @Test func commandDrainWaitsForRunsUnderWay() {
        let recorder = LogRecorder()
        let channel: any DeliveryChannel = CommandChannel(
            command: ["sleep", "1"], environment: ["PATH": "/usr/bin:/bin"], logger: recorder.logger)
        channel.deliver(hostileDelivery())
        #expect(!channel.drain(timeout: .milliseconds(100)))
        #expect(channel.drain(timeout: .seconds(10)))
        #expect(recorder.lines(containing: "failed").isEmpty, "\(recorder.recorded)")
    }

    /// The journal channel writes before `deliver` returns: nothing to wait for.
    @Test func journalHasNothingToDrain() {
        let sink = LogSink(identifier: "nocontact-test", mirrorToStandardError: false, journalEnabled: false)
        let channel: any DeliveryChannel = JournalChannel(sink: sink)
        channel.deliver(hostileDelivery())
        #expect(channel.drain(timeout: .zero))
    }
}

/// Against a real bus and dunst; skipped when the tools are not installed.
@Suite(.serialized, .enabled(if: DesktopSession.isAvailable, "needs Xvfb, dbus-daemon, dunst, dunstctl and gdbus"))
struct DesktopDrainSessionTests {
    /// When drain returns, the notification has been handed to the server: the channel already
    /// knows it works (it learns that from the server's reply), and dunst shows it.
    @Test func desktopDrainWaitsForTheServersReply() throws {
        let session = try DesktopSession(withServer: true)
        defer { session.stop() }
        let recorder = LogRecorder()
        let desktop = DesktopChannel(environment: session.environment, logger: recorder.logger)
        let channel: any DeliveryChannel = desktop
        channel.deliver(hostileDelivery())
        #expect(channel.drain(timeout: .seconds(10)))
        #expect(desktop.report == ChannelReport(name: "desktop", live: true, reason: nil))
        let history = try session.history { $0.contains { $0["appname"] == "nocontact" } }
        #expect(history.contains { $0["appname"] == "nocontact" })
    }
}
