public import Foundation
import Glibc
import Synchronization

/// A throwaway desktop for tests: Xvfb on a display it picks itself, a private session bus
/// (dbus-daemon with a config that has no service directories, so nothing is started by
/// D-Bus activation behind the test's back) and, on request, dunst with an empty config.
/// Every process is stopped by its PID in `stop()`.
///
/// The same recipe as `scripts/lib/desktop-session` and `shared/testing.md`, set up per test so
/// that each test controls whether a bus and a notification server exist.
///
/// Processes are started with posix_spawn rather than Foundation's `Process`: `Process` passes
/// on the spawning thread's signal mask, and test threads block SIGTERM, so dunst and Xvfb
/// could not be stopped; it also lets pipes leak into other tests' long-lived children.
public final class DesktopSession {
    /// Tools the session needs; tests are skipped when one is missing.
    public static let tools = ["/usr/bin/Xvfb", "/usr/bin/dbus-daemon", "/usr/bin/dunst", "/usr/bin/dunstctl", "/usr/bin/gdbus"]
    public static var isAvailable: Bool { tools.allSatisfy { FileManager.default.isExecutableFile(atPath: $0) } }

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    public let directory: URL
    public let display: String
    public let busAddress: String
    private var children: [pid_t] = []

    /// The environment a client of this session sees.
    public var environment: [String: String] {
        [
            "DISPLAY": display, "DBUS_SESSION_BUS_ADDRESS": busAddress, "PATH": "/usr/local/bin:/usr/bin:/bin",
            "HOME": directory.path, "XDG_RUNTIME_DIR": directory.path,
        ]
    }

    /// Starts Xvfb and a session bus listening at `<directory>/bus`; dunst only with `withServer`.
    public init(withServer: Bool) throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("nocontact-desktop-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let base = ["PATH": "/usr/local/bin:/usr/bin:/bin", "HOME": directory.path]
        var started: [pid_t] = []
        do {
            // -displayfd: Xvfb chooses a free display and writes its number once it accepts clients.
            let (xvfb, number) = try Self.startReadingLine(
                "/usr/bin/Xvfb", ["-displayfd", "1", "-nolisten", "tcp", "-screen", "0", "800x600x24"], environment: base)
            started.append(xvfb)
            display = ":" + number
            let config = directory.appendingPathComponent("session.conf")
            try Self.busConfig(listen: "unix:path=" + directory.appendingPathComponent("bus").path)
                .write(to: config, atomically: true, encoding: .utf8)
            // --print-address writes the address once the bus listens.
            let (bus, address) = try Self.startReadingLine(
                "/usr/bin/dbus-daemon", ["--config-file=\(config.path)", "--nofork", "--print-address=1"], environment: base)
            started.append(bus)
            busAddress = address
        } catch {
            started.reversed().forEach(Self.stop)
            try? FileManager.default.removeItem(at: directory)
            throw error
        }
        children = started
        if withServer { try startServer() }
    }

    deinit { stop() }

    /// Starts dunst and returns once it owns `org.freedesktop.Notifications`.
    public func startServer() throws {
        let emptyConfig = directory.appendingPathComponent("dunstrc")
        _ = FileManager.default.createFile(atPath: emptyConfig.path, contents: Data())
        let log = directory.appendingPathComponent("dunst.log").path
        let (dunst, _) = try Self.spawn(
            "/usr/bin/dunst", ["-conf", emptyConfig.path], environment: environment, captureOutput: false, errorLog: log)
        children.append(dunst)
        // gdbus wait returns as soon as the name has an owner; its timeout bounds a failed start.
        let waited = try run("/usr/bin/gdbus", ["wait", "--session", "--timeout", "10", "org.freedesktop.Notifications"])
        guard waited.status == 0 else {
            throw Failure(
                description:
                    "dunst did not take org.freedesktop.Notifications: \((try? String(contentsOfFile: log, encoding: .utf8)) ?? "")")
        }
    }

    /// What dunst has shown: `dunstctl close-all` moves shown notifications to the history,
    /// which `dunstctl history` prints as JSON. Waits (bounded) until `condition` holds.
    public func history(until condition: ([[String: String]]) -> Bool, timeout: Duration = .seconds(5)) throws -> [[String: String]] {
        let deadline = ContinuousClock.now + timeout
        var entries: [[String: String]] = []
        repeat {
            try run("/usr/bin/dunstctl", ["close-all"])
            entries = try Self.parseHistory(try run("/usr/bin/dunstctl", ["history"]).output)
            if condition(entries) { return entries }
            // dunst moves a notification to the history on a later turn of its main loop.
            usleep(50_000)
        } while ContinuousClock.now < deadline
        return entries
    }

    /// Clicks the notification dunst shows first (`dunstctl action 0` invokes its default
    /// action), once dunst shows exactly `displayed` notifications: it shows a new one on a
    /// later turn of its main loop, and the position must be unambiguous.
    public func clickFirstNotification(whenDisplayed displayed: Int = 1, timeout: Duration = .seconds(5)) throws {
        let deadline = ContinuousClock.now + timeout
        while try run("/usr/bin/dunstctl", ["count", "displayed"]).output.trimmingCharacters(in: .whitespacesAndNewlines)
            != String(displayed)
        {
            guard ContinuousClock.now < deadline else {
                throw Failure(description: "dunst did not show \(displayed) notification(s) in time")
            }
            usleep(20_000)
        }
        let result = try run("/usr/bin/dunstctl", ["action", "0"])
        guard result.status == 0 else { throw Failure(description: "dunstctl action failed: \(result.output)") }
    }

    /// Shows a notification from another client (gdbus), with a default action.
    /// - Returns: its id.
    @discardableResult
    public func notifyFromAnotherClient(summary: String) throws -> UInt32 {
        let result = try run(
            "/usr/bin/gdbus",
            [
                "call", "--session", "--dest", "org.freedesktop.Notifications", "--object-path", "/org/freedesktop/Notifications",
                "--method", "org.freedesktop.Notifications.Notify", "someone-else", "0", "", summary, "not ours",
                // "--": the timeout -1 is not an option.
                "['default', 'Open']", "{}", "--", "-1",
            ])
        // gdbus prints the reply as "(uint32 7,)".
        let digits = result.output.drop { !$0.isNumber }.prefix { $0.isNumber }
        guard result.status == 0, let id = UInt32(digits) else {
            throw Failure(description: "gdbus could not show a notification: \(result.output)")
        }
        return id
    }

    /// Stops every process of the session, newest first, and removes its directory.
    public func stop() {
        children.reversed().forEach(Self.stop)
        children = []
        try? FileManager.default.removeItem(at: directory)
    }

    /// Runs a tool in the session's environment to its end; returns its status and output.
    @discardableResult
    public func run(_ tool: String, _ arguments: [String]) throws -> (status: Int32, output: String) {
        let (pid, output) = try Self.spawn(tool, arguments, environment: environment, captureOutput: true, errorLog: nil)
        var data = [UInt8]()
        if let output {
            var buffer = [UInt8](repeating: 0, count: 4096)
            while true {
                let count = buffer.withUnsafeMutableBytes { read(output, $0.baseAddress, $0.count) }
                if count > 0 { data += buffer[..<count] } else if count == 0 || errno != EINTR { break }
            }
            close(output)
        }
        return (Self.wait(pid), String(decoding: data, as: UTF8.self))
    }

    // MARK: Processes

    /// Serializes pipe creation and spawning, so no child of a concurrent test inherits a pipe
    /// before it is marked close-on-exec.
    private static let spawnLock = Mutex(())

    /// Spawns with a clean signal state; stdout goes to a pipe (returned) or /dev/null.
    private static func spawn(
        _ tool: String, _ arguments: [String], environment: [String: String], captureOutput: Bool, errorLog: String?
    ) throws -> (pid_t, Int32?) {
        try spawnLock.withLock { _ throws -> (pid_t, Int32?) in
            var ends: [Int32] = [-1, -1]
            if captureOutput {
                guard pipe(&ends) == 0 else { throw Failure(description: "pipe: \(String(cString: strerror(errno)))") }
                for end in ends { _ = fcntl(end, F_SETFD, FD_CLOEXEC) }
            }
            defer { if captureOutput { close(ends[1]) } }
            var actions = posix_spawn_file_actions_t()
            posix_spawn_file_actions_init(&actions)
            defer { posix_spawn_file_actions_destroy(&actions) }
            posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
            if captureOutput {
                posix_spawn_file_actions_adddup2(&actions, ends[1], 1)
            } else {
                posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
            }
            posix_spawn_file_actions_addopen(&actions, 2, errorLog ?? "/dev/null", O_WRONLY | O_CREAT | O_APPEND, 0o600)
            var attributes = posix_spawnattr_t()
            posix_spawnattr_init(&attributes)
            defer { posix_spawnattr_destroy(&attributes) }
            var defaults = sigset_t()
            sigemptyset(&defaults)
            for signal in Int32(1)...31 where signal != SIGKILL && signal != SIGSTOP { sigaddset(&defaults, signal) }
            posix_spawnattr_setsigdefault(&attributes, &defaults)
            var mask = sigset_t()
            sigemptyset(&mask)
            posix_spawnattr_setsigmask(&attributes, &mask)
            posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK))
            let argv = ([tool] + arguments).map { strdup($0) } + [nil]
            let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
            defer { (argv + envp).forEach { free($0) } }
            var pid: pid_t = 0
            let result = posix_spawn(&pid, tool, &actions, &attributes, argv, envp)
            guard result == 0 else {
                if captureOutput { close(ends[0]) }
                throw Failure(description: "cannot start \(tool): \(String(cString: strerror(result)))")
            }
            return (pid, captureOutput ? ends[0] : nil)
        }
    }

    /// Starts a process and reads the first line of its standard output. The end of the
    /// output (e.g. the process died) also ends the read, so a failed start cannot hang here.
    private static func startReadingLine(_ tool: String, _ arguments: [String], environment: [String: String]) throws -> (pid_t, String) {
        let (pid, output) = try spawn(tool, arguments, environment: environment, captureOutput: true, errorLog: nil)
        guard let output else { throw Failure(description: "no output pipe") }
        defer { close(output) }
        var line = [UInt8]()
        var byte: UInt8 = 0
        while read(output, &byte, 1) == 1, byte != UInt8(ascii: "\n") { line.append(byte) }
        guard !line.isEmpty else {
            stop(pid)
            throw Failure(description: "\(tool) did not start")
        }
        return (pid, String(decoding: line, as: UTF8.self))
    }

    private static func wait(_ pid: pid_t) -> Int32 {
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0, errno == EINTR {}
        return status
    }

    /// SIGTERM (Xvfb then removes its lock file and socket), SIGKILL if it is still there
    /// after 5 s; always reaped.
    ///
    /// A thread waits in a blocking waitpid, so the process is reaped as soon as it exits:
    /// polling would leave it a zombie for a moment, which tests running concurrently that
    /// check for zombies (the command channel's) would see.
    private static func stop(_ pid: pid_t) {
        kill(pid, SIGTERM)
        let reaped = DispatchSemaphore(value: 0)
        let reaper = Thread {
            _ = wait(pid)
            reaped.signal()
        }
        reaper.start()
        if reaped.wait(timeout: .now() + .seconds(5)) == .timedOut {
            kill(pid, SIGKILL)
            reaped.wait()
        }
    }

    private static func busConfig(listen: String) -> String {
        """
        <!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
         "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
        <busconfig>
          <type>session</type>
          <listen>\(listen)</listen>
          <auth>EXTERNAL</auth>
          <policy context="default">
            <allow send_destination="*" eavesdrop="true"/>
            <allow eavesdrop="true"/>
            <allow own="*"/>
          </policy>
        </busconfig>
        """
    }

    /// `dunstctl history` prints `{"type": "aa{sv}", "data": [[{key: {"type", "data"}}]]}`;
    /// this keeps the string values of each entry.
    public static func parseHistory(_ json: String) throws -> [[String: String]] {
        guard let object = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any],
            let data = object["data"] as? [[[String: Any]]], let entries = data.first
        else {
            throw Failure(description: "unexpected dunstctl history output: \(json)")
        }
        return entries.map { entry in
            entry.compactMapValues { value in
                guard let field = value as? [String: Any] else { return nil }
                return field["data"] as? String
            }
        }
    }
}
