import Foundation
import Glibc
import Logging
import NoContactService
import Testing

@testable import NoContactCore
@testable import NoContactDaemon

/// A delivery whose text tries everything a shell would interpret.
func hostileDelivery() -> Delivery {
    Delivery(
        kind: .prompt, due: Date(timeIntervalSince1970: 1_800_000_000), period: "Sam \"the\" 'one'", day: 12,
        promptID: "p-1", title: "Day 12 of 30 · a question for today {body}",
        body:
            "He said \"hi\" and 'bye'\nline two $(touch /tmp/nocontact-pwned) `touch /tmp/nocontact-pwned` ; rm -rf /nonexistent && $HOME *",
        isLate: false)
}

/// A temporary directory, removed at the end of the test.
final class ScratchDirectory {
    let url: URL
    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("nocontact-command-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }
    deinit { try? FileManager.default.removeItem(at: url) }

    /// Writes an executable script.
    func script(_ name: String, _ text: String) throws -> URL {
        let file = url.appendingPathComponent(name)
        try text.write(to: file, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: file.path)
        return file
    }
}

/// Direct children of this process that are zombies (state Z in /proc/PID/stat) and stay so.
///
/// Other tests run concurrently in this process and reap their children (Xvfb, dunstctl, ...)
/// a moment after they exit; such a passing zombie is gone when looked at again, while a
/// leaked one stays (same pid, same start time).
func zombieChildren() -> [Int32] {
    let first = zombieSnapshot()
    guard !first.isEmpty else { return [] }
    usleep(200_000)
    let second = zombieSnapshot()
    return first.filter { zombie in second.contains { $0 == zombie } }.map(\.pid)
}

private func zombieSnapshot() -> [(pid: Int32, started: Substring)] {
    let me = getpid()
    let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
    return entries.compactMap { entry -> (pid: Int32, started: Substring)? in
        guard let pid = Int32(entry), let stat = try? String(contentsOfFile: "/proc/\(entry)/stat", encoding: .utf8),
            let close = stat.lastIndex(of: ")")
        else { return nil }
        // After "(comm)": state, then the parent's pid; the start time is field 22 of the
        // line, the 20th after the comm.
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        guard fields.count > 19, fields[0] == "Z", Int32(fields[1]) == me else { return nil }
        return (pid, fields[19])
    }
}

struct CommandSubstitutionTests {
    static let values: [(name: String, value: String)] = [("title", "T {body}"), ("body", "B"), ("day", "3")]

    /// Known placeholders are replaced in one pass: a value containing a placeholder stays literal.
    @Test func replacesInOnePass() {
        #expect(CommandChannel.substitute("{title}|{body}|day {day}", values: Self.values) == "T {body}|B|day 3")
    }

    /// Unknown names, lone and unbalanced braces are kept as written.
    @Test func keepsOtherBraces() {
        #expect(CommandChannel.substitute("{nope} { {body} {{body}} }{", values: Self.values) == "{nope} { B {B} }{")
        #expect(CommandChannel.substitute("", values: Self.values) == "")
        #expect(CommandChannel.substitute("no placeholders", values: Self.values) == "no placeholders")
    }

    /// The values of a delivery, by name.
    @Test func valuesOfADelivery() {
        let values = Dictionary(uniqueKeysWithValues: CommandChannel.values(for: hostileDelivery()).map { ($0.name, $0.value) })
        #expect(values["kind"] == "prompt")
        #expect(values["day"] == "12")
        #expect(values["period"] == "Sam \"the\" 'one'")
    }

    /// Programs are found on PATH, or taken as paths when they contain a slash.
    @Test func resolvesPrograms() throws {
        #expect(try CommandChannel.resolve("sh", path: "/nonexistent:/bin") == "/bin/sh")
        #expect(try CommandChannel.resolve("/bin/sh", path: nil) == "/bin/sh")
        #expect(throws: CommandFailure.self) { try CommandChannel.resolve("no-such-program-nocontact", path: "/bin:/usr/bin") }
        #expect(throws: CommandFailure.self) { try CommandChannel.resolve("/etc/passwd", path: nil) }
    }
}

@Suite(.serialized)
struct CommandChannelRunTests {
    /// Every argv element and NOCONTACT_* variable arrives literally: quotes, newlines, `$(...)`
    /// and backticks are not interpreted, because no shell sees them.
    @Test func argumentsAndEnvironmentArriveLiterally() throws {
        let scratch = try ScratchDirectory()
        let out = scratch.url.appendingPathComponent("out")
        // Writes each argument and each variable NUL-terminated, so newlines survive.
        let script = try scratch.script(
            "record-args",
            """
            #!/bin/sh
            out="$1"; shift
            for a in "$@"; do printf '%s\\0' "$a"; done > "$out.args"
            for v in "$NOCONTACT_TITLE" "$NOCONTACT_BODY" "$NOCONTACT_KIND" "$NOCONTACT_DAY" "$NOCONTACT_PERIOD" "$KEPT"; do printf '%s\\0' "$v"; done > "$out.env"
            """)
        try? FileManager.default.removeItem(atPath: "/tmp/nocontact-pwned")
        let recorder = LogRecorder()
        let channel = CommandChannel(
            // Run through sh rather than executed directly: executing a file this process has just
            // written can fail with ETXTBSY while a concurrently spawned child still holds it open.
            command: ["sh", script.path, out.path, "{title}", "{body}", "day={day}", "{kind}", "{period}", "{unknown}", ""],
            environment: ["PATH": "/usr/bin:/bin", "KEPT": "from the daemon"], logger: recorder.logger)
        let delivery = hostileDelivery()

        channel.deliver(delivery)
        #expect(channel.drain(timeout: .seconds(10)))

        #expect(recorder.lines(containing: "failed").isEmpty, "\(recorder.recorded)")
        let arguments = try Self.nulSeparated(out.path + ".args")
        #expect(arguments == [delivery.title, delivery.body, "day=12", "prompt", delivery.period, "{unknown}", ""])
        let environment = try Self.nulSeparated(out.path + ".env")
        #expect(environment == [delivery.title, delivery.body, "prompt", "12", delivery.period, "from the daemon"])
        #expect(!FileManager.default.fileExists(atPath: "/tmp/nocontact-pwned"))
        #expect(channel.report == ChannelReport(name: "command", live: true, reason: nil))
    }

    /// A command that hangs is stopped at its limit with SIGTERM, the reason is logged, and
    /// `deliver` returned at once; no zombie is left.
    @Test func hangingCommandIsStoppedAtItsLimit() throws {
        let recorder = LogRecorder()
        let channel = CommandChannel(
            command: ["sleep", "60"], environment: ["PATH": "/usr/bin:/bin"], logger: recorder.logger,
            timeLimit: .milliseconds(500), killGrace: .seconds(5))
        let clock = ContinuousClock()
        let handedOver = clock.measure { channel.deliver(hostileDelivery()) }
        #expect(handedOver < .milliseconds(200))

        let started = clock.now
        #expect(channel.drain(timeout: .seconds(10)))
        let ran = clock.now - started
        #expect(ran >= .milliseconds(400))
        #expect(ran < .seconds(4), "SIGTERM should have ended sleep long before the SIGKILL grace")
        let lines = recorder.lines(containing: "the delivery command sleep failed", atLeast: .warning)
        #expect(lines.count == 1)
        #expect(lines.first?.message.contains("time limit of 0.5 s") == true)
        #expect(lines.first?.message.contains("SIGTERM") == true)
        #expect(zombieChildren().isEmpty)
        #expect(channel.report.reason?.contains("time limit") == true)
    }

    /// A command that ignores SIGTERM, and its own children, are killed after the grace period.
    @Test func commandIgnoringSigtermIsKilled() throws {
        let scratch = try ScratchDirectory()
        let pidFile = scratch.url.appendingPathComponent("grandchild")
        let recorder = LogRecorder()
        // The shell ignores TERM and waits on a child that runs in the same process group.
        let channel = CommandChannel(
            command: ["/bin/sh", "-c", "trap '' TERM; sleep 60 & echo $! > \"$0\"; wait", pidFile.path],
            environment: ["PATH": "/usr/bin:/bin"], logger: recorder.logger,
            timeLimit: .milliseconds(300), killGrace: .milliseconds(500))
        channel.deliver(hostileDelivery())
        #expect(channel.drain(timeout: .seconds(10)))
        let line = try #require(recorder.lines(containing: "failed", atLeast: .warning).first)
        #expect(line.message.contains("SIGKILL"))
        let grandchild = try #require(Int32(String(contentsOf: pidFile, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)))
        // The whole process group got the signal: the background sleep is gone (reaped by init
        // or, while reparenting, at worst a zombie of someone else).
        // SIGKILL takes effect asynchronously: a bounded wait for the process to be gone.
        func alive() -> Bool {
            (try? String(contentsOfFile: "/proc/\(grandchild)/stat", encoding: .utf8)).map { !$0.contains(") Z ") } ?? false
        }
        let deadline = ContinuousClock.now + .seconds(2)
        while alive(), ContinuousClock.now < deadline { Thread.sleep(forTimeInterval: 0.01) }
        #expect(!alive())
        #expect(zombieChildren().isEmpty)
    }

    /// A failing command is logged with its exit status and the end of what it printed.
    @Test func failingCommandIsLogged() throws {
        let recorder = LogRecorder()
        let channel = CommandChannel(
            command: ["sh", "-c", "echo 'cannot reach the display' >&2; exit 3"], environment: ["PATH": "/usr/bin:/bin"],
            logger: recorder.logger)
        channel.deliver(hostileDelivery())
        #expect(channel.drain(timeout: .seconds(10)))
        let line = try #require(recorder.lines(containing: "the delivery command sh failed", atLeast: .warning).first)
        #expect(line.message.contains("exited with status 3"))
        #expect(line.message.contains("cannot reach the display"))
        #expect(zombieChildren().isEmpty)
    }

    /// `false` fails with status 1, and the next delivery still runs.
    @Test func falseIsLoggedAndDoesNotStopLaterRuns() throws {
        let recorder = LogRecorder()
        let channel = CommandChannel(command: ["false"], environment: ["PATH": "/usr/bin:/bin"], logger: recorder.logger)
        channel.deliver(hostileDelivery())
        channel.deliver(hostileDelivery())
        #expect(channel.drain(timeout: .seconds(10)))
        #expect(recorder.lines(containing: "exited with status 1", atLeast: .warning).count == 2)
        #expect(channel.report.live)
        #expect(channel.report.reason?.contains("status 1") == true)
    }

    /// A program that does not exist is logged, and the channel reports it as not live.
    @Test func missingProgramIsLogged() throws {
        let recorder = LogRecorder()
        let channel = CommandChannel(
            command: ["no-such-program-nocontact", "{body}"], environment: ["PATH": "/usr/bin:/bin"], logger: recorder.logger)
        #expect(channel.report.live == false)
        #expect(channel.report.reason?.contains("not found on PATH") == true)
        channel.deliver(hostileDelivery())
        #expect(channel.drain(timeout: .seconds(10)))
        #expect(recorder.lines(containing: "no-such-program-nocontact was not found on PATH", atLeast: .warning).count == 1)
    }

    /// A hanging run does not hold back the next delivery's run.
    @Test func runsDoNotWaitForEachOther() throws {
        let scratch = try ScratchDirectory()
        let marker = scratch.url.appendingPathComponent("second")
        let recorder = LogRecorder()
        let channel = CommandChannel(
            command: ["/bin/sh", "-c", "[ \"$1\" = slow ] && exec sleep 60; touch \"$0\"", marker.path, "{body}"],
            environment: ["PATH": "/usr/bin:/bin"], logger: recorder.logger, timeLimit: .seconds(3), killGrace: .seconds(1))
        var slow = hostileDelivery()
        slow.body = "slow"
        var fast = hostileDelivery()
        fast.body = "fast"
        channel.deliver(slow)
        channel.deliver(fast)
        // The second run finishes while the first still sleeps: bounded wait on its marker.
        let deadline = ContinuousClock.now + .seconds(2)
        while !FileManager.default.fileExists(atPath: marker.path), ContinuousClock.now < deadline {
            Thread.sleep(forTimeInterval: 0.01)
        }
        #expect(FileManager.default.fileExists(atPath: marker.path))
        #expect(channel.drain(timeout: .seconds(10)))
        #expect(recorder.lines(containing: "time limit", atLeast: .warning).count == 1)
        #expect(zombieChildren().isEmpty)
    }

    static func nulSeparated(_ path: String) throws -> [String] {
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        var parts = data.split(separator: 0, omittingEmptySubsequences: false).map { String(decoding: $0, as: UTF8.self) }
        if parts.last == "" { parts.removeLast() }
        return parts
    }
}
