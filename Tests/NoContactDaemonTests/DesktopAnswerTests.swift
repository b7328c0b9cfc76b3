import DesktopTestSupport
import Foundation
import Glibc
import Logging
import NoContactService
import NoContactSystemd
import Testing

@testable import NoContactCore
@testable import NoContactDaemon

/// Children of this process (in any state, zombies included) whose command name is `name`.
func childProcesses(named name: String) -> [Int32] {
    let me = getpid()
    let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
    return entries.compactMap { entry -> Int32? in
        guard let pid = Int32(entry), let stat = try? String(contentsOfFile: "/proc/\(entry)/stat", encoding: .utf8),
            let open = stat.firstIndex(of: "("), let close = stat.lastIndex(of: ")")
        else { return nil }
        // "pid (comm) state ppid ...".
        let comm = stat[stat.index(after: open)..<close]
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        guard comm == name, fields.count > 1, Int32(fields[1]) == me else { return nil }
        return pid
    }
}

/// Clicking "Answer" on a notification runs `[delivery] answer`, against a real bus and dunst.
@Suite(.serialized, .enabled(if: DesktopSession.isAvailable, "needs Xvfb, dbus-daemon, dunst, dunstctl and gdbus"))
struct DesktopAnswerSessionTests {
    /// Writes its arguments and two NOCONTACT_* variables, NUL-separated, to answer.out next
    /// to itself; renamed into place, so the file appears complete.
    static let script = """
        #!/bin/sh
        out="$(dirname "$0")/answer.out"
        printf '%s\\0' "$@" "NOCONTACT_TITLE=$NOCONTACT_TITLE" "NOCONTACT_KIND=$NOCONTACT_KIND" > "$out.tmp"
        mv "$out.tmp" "$out"
        """

    /// Waits (bounded) for `file` to appear, then reads and removes it.
    static func takeOutput(_ file: URL, timeout: Duration = .seconds(5)) -> [String]? {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if let data = FileManager.default.contents(atPath: file.path) {
                try? FileManager.default.removeItem(at: file)
                return String(decoding: data, as: UTF8.self).split(separator: "\0", omittingEmptySubsequences: false).dropLast().map(
                    String.init)
            }
            usleep(20_000)
        }
        return nil
    }

    /// A click runs the answer command with its argv literally (no shell, no substitution) and
    /// the delivery's values in the environment; the child is reaped. A notification of
    /// another client, clicked, runs nothing.
    @Test func clickRunsTheAnswerCommand() throws {
        let session = try DesktopSession(withServer: true)
        defer { session.stop() }
        let scratch = try ScratchDirectory()
        let script = try scratch.script("answer.sh", Self.script)
        let output = scratch.url.appendingPathComponent("answer.out")
        let recorder = LogRecorder()
        let answer = [script.path, "reflect", "$(touch /tmp/nocontact-pwned) {title}"]
        let channel = DesktopChannel(environment: session.environment, answer: answer, logger: recorder.logger)

        let delivery = hostileDelivery()
        channel.deliver(delivery)
        channel.waitUntilIdle()
        try session.clickFirstNotification()
        let first = try #require(Self.takeOutput(output))
        #expect(
            first == ["reflect", "$(touch /tmp/nocontact-pwned) {title}", "NOCONTACT_TITLE=\(delivery.title)", "NOCONTACT_KIND=prompt"])
        #expect(recorder.lines(containing: "the answer command \(script.path) started", atLeast: .info).count == 1)

        // Someone else's notification, clicked: nothing runs. Then one of ours, clicked after
        // it, shows the click was handled and only ours counted.
        try session.run("/usr/bin/dunstctl", ["close-all"])
        try session.notifyFromAnotherClient(summary: "someone else's")
        try session.clickFirstNotification()
        try session.run("/usr/bin/dunstctl", ["close-all"])
        var second = delivery
        second.title = "Day 13 of 30 · another question"
        channel.deliver(second)
        channel.waitUntilIdle()
        try session.clickFirstNotification()
        let next = try #require(Self.takeOutput(output))
        #expect(next.contains("NOCONTACT_TITLE=\(second.title)"))

        #expect(channel.waitUntilAnswersEnded(timeout: .seconds(10)))
        #expect(recorder.lines(containing: "the answer command \(script.path) started", atLeast: .info).count == 2)
        #expect(recorder.lines(containing: "failed").isEmpty)
        #expect(childProcesses(named: "answer.sh").isEmpty)
        #expect(!FileManager.default.fileExists(atPath: "/tmp/nocontact-pwned"))
    }

    /// An answer command that is not on PATH: the click is logged with the reason.
    @Test func missingAnswerCommandIsLogged() throws {
        let session = try DesktopSession(withServer: true)
        defer { session.stop() }
        let recorder = LogRecorder()
        let channel = DesktopChannel(
            environment: session.environment, answer: ["nocontact-no-such-terminal", "-e", "x"], logger: recorder.logger)
        channel.deliver(hostileDelivery())
        channel.waitUntilIdle()
        try session.clickFirstNotification()
        let deadline = ContinuousClock.now + .seconds(5)
        var lines: [LogRecorder.Line] = []
        while lines.isEmpty, ContinuousClock.now < deadline {
            lines = recorder.lines(containing: "could not start", atLeast: .warning)
            usleep(20_000)
        }
        #expect(lines.count == 1)
        #expect(lines.first?.message.contains("nocontact-no-such-terminal was not found on PATH") == true)
    }
}

struct DesktopAnswerConfigTests {
    /// The channel builder hands `[delivery] answer` to the desktop channel (a channel without
    /// a bus still builds, and its report is unaffected).
    @Test func buildsWithAnAnswerCommand() {
        let config = DeliveryConfig(journal: true, desktop: true, command: nil, answer: ["true"])
        let channels = DeliveryChannels.make(
            config: config, journal: DeliveryChannelsTests.sink, logger: LogRecorder().logger, environment: [:])
        #expect(channels.count == 2)
        #expect(channels[1] is DesktopChannel)
    }
}
