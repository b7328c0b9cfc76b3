import Dispatch
import Glibc
package import Logging
package import NoContactCore
import NoContactPlatform
package import NoContactService
import Synchronization

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Runs the configured `[delivery] command` once per delivery, as argv without a shell.
///
/// `{title}`, `{body}`, `{kind}`, `{day}` and `{period}` are replaced inside every argv element
/// (in one pass, so text that itself contains `{body}` stays literal), and the same values are
/// in `NOCONTACT_TITLE`, `NOCONTACT_BODY`, `NOCONTACT_KIND`, `NOCONTACT_DAY` and
/// `NOCONTACT_PERIOD`. The program is looked up on the environment's PATH.
///
/// Each run gets its own thread and a time limit: at the limit its process group gets SIGTERM,
/// and SIGKILL after a grace period. Failures (not found, cannot start, non-zero exit, stopped
/// at the limit) are logged with the reason and the end of what the command printed. `deliver`
/// returns at once; runs never wait for each other; every child is reaped.
package final class CommandChannel: ReportingChannel {
    private struct Status {
        var lastFailure: String?
    }

    private let command: [String]
    private let environment: [String: String]
    private let logger: Logger
    private let timeLimit: Duration
    private let killGrace: Duration
    private let runs = DispatchGroup()
    private let timers = DispatchQueue(label: "nocontact.delivery.command.timers")
    private let status = Mutex(Status())

    /// The most a failure message quotes of the command's output.
    static let outputTailLimit = 400

    /// - Parameters:
    ///   - command: argv templates; the first element names the program.
    ///   - environment: the daemon's environment; the command gets it plus the `NOCONTACT_*`
    ///     variables, and its PATH is where the program is looked up.
    ///   - timeLimit: how long one run may take before it is stopped.
    ///   - killGrace: how long a stopped run has after SIGTERM before SIGKILL.
    package init(
        command: [String], environment: [String: String], logger: Logger,
        timeLimit: Duration = .seconds(10), killGrace: Duration = .seconds(2)
    ) {
        self.command = command
        self.environment = environment
        self.logger = logger
        self.timeLimit = timeLimit
        self.killGrace = killGrace
    }

    package func deliver(_ delivery: Delivery) {
        let values = Self.values(for: delivery)
        runs.enter()
        // A thread of its own: the run blocks in waitid for up to the time limit, which would
        // tie up one of Dispatch's shared worker threads.
        DetachedThread.start { [self] in
            defer { runs.leave() }
            run(values: values)
        }
    }

    /// Waits until every run started so far has finished and been reaped (a stopping daemon
    /// gives them a moment).
    /// - Returns: false when `timeout` passed first.
    @discardableResult
    package func drain(timeout: Duration = .seconds(60)) -> Bool {
        runs.wait(timeout: .now() + .nanoseconds(Int(timeout.nanoseconds))) == .success
    }

    package var report: ChannelReport {
        let lastFailure = status.withLock { $0.lastFailure }
        do throws(CommandFailure) {
            _ = try Self.resolve(command.first ?? "", path: environment["PATH"])
            return ChannelReport(name: "command", live: true, reason: lastFailure.map { "the last run failed: \($0)" })
        } catch {
            return ChannelReport(name: "command", live: false, reason: error.description)
        }
    }

    // MARK: Substitution

    /// The placeholder names and their values for a delivery, in the order of `command`'s docs.
    package static func values(for delivery: Delivery) -> [(name: String, value: String)] {
        [
            ("title", delivery.title), ("body", delivery.body), ("kind", delivery.kind.rawValue),
            ("day", String(delivery.day)), ("period", delivery.periodLabel),
        ]
    }

    /// Replaces `{name}` for every known name, in one pass over `template`; unknown
    /// `{...}` and lone braces stay as they are.
    package static func substitute(_ template: String, values: [(name: String, value: String)]) -> String {
        var result = ""
        var rest = template[...]
        while let open = rest.firstIndex(of: "{") {
            result += rest[..<open]
            let afterOpen = rest.index(after: open)
            if let close = rest[afterOpen...].firstIndex(of: "}"),
                let value = values.first(where: { $0.name == rest[afterOpen..<close] })?.value
            {
                result += value
                rest = rest[rest.index(after: close)...]
            } else {
                result += "{"
                rest = rest[afterOpen...]
            }
        }
        return result + rest
    }

    // MARK: Running

    private func run(values: [(name: String, value: String)]) {
        let name = command.first ?? ""
        let arguments = command.map { Self.substitute($0, values: values) }
        var childEnvironment = environment
        for (key, value) in values { childEnvironment["NOCONTACT_" + key.uppercased()] = value }
        do throws(CommandFailure) {
            let executable = try Self.resolve(name, path: environment["PATH"])
            let outcome = try CommandProcess.run(
                executable: executable, arguments: arguments, environment: childEnvironment,
                timeLimit: timeLimit, killGrace: killGrace, timers: timers)
            try outcome.check()
            status.withLock { $0.lastFailure = nil }
            logger.debug("the delivery command \(name) ran")
        } catch {
            status.withLock { $0.lastFailure = error.description }
            logger.warning("the delivery command \(name) failed: \(error)")
        }
    }

    /// The program's path: `name` itself when it contains a slash, else the first executable
    /// file called `name` in `path` (default `/usr/local/bin:/usr/bin:/bin`).
    static func resolve(_ name: String, path: String?) throws(CommandFailure) -> String {
        guard !name.isEmpty else { throw .notFound("the command is empty") }
        if name.contains("/") {
            guard isExecutableFile(name) else { throw .notFound("\(name) is not an executable file") }
            return name
        }
        let directories = (path ?? "/usr/local/bin:/usr/bin:/bin").split(separator: ":", omittingEmptySubsequences: false)
        for directory in directories {
            // An empty PATH entry means the current directory, as in execvp.
            let candidate = (directory.isEmpty ? "." : String(directory)) + "/" + name
            if isExecutableFile(candidate) { return candidate }
        }
        throw .notFound("\(name) was not found on PATH (\(path ?? "the default PATH"))")
    }

    private static func isExecutableFile(_ path: String) -> Bool {
        var status = stat()
        return stat(path, &status) == 0 && (status.st_mode & S_IFMT) == S_IFREG && access(path, X_OK) == 0
    }
}

/// Why one run of the delivery command failed; `description` completes "the command failed: ".
enum CommandFailure: Error, CustomStringConvertible {
    case notFound(String)
    case cannotStart(String)
    case exited(status: Int32, output: String)
    case signaled(signal: Int32, output: String)
    case timedOut(limit: Duration, signal: Int32, output: String)

    var description: String {
        switch self {
        case let .notFound(reason), let .cannotStart(reason):
            return reason
        case let .exited(status, output):
            return "it exited with status \(status)\(Self.quoted(output))"
        case let .signaled(signal, output):
            return "it was killed by \(signalName(signal))\(Self.quoted(output))"
        case let .timedOut(limit, signal, output):
            return
                "it was still running after its time limit of \(seconds(limit)) and was stopped with \(signalName(signal))\(Self.quoted(output))"
        }
    }

    private static func quoted(_ output: String) -> String {
        output.isEmpty ? "" : "; its output ended with: \(output)"
    }
}

/// How a child process ended.
struct ChildOutcome {
    /// The raw wait status.
    var status: Int32
    /// The strongest signal sent at the time limit, if it was reached.
    var stoppedWith: Int32?
    var timeLimit: Duration
    /// The end of its standard output and error.
    var output: String

    func check() throws(CommandFailure) {
        let signal = status & 0x7f
        if let stoppedWith {
            throw .timedOut(limit: timeLimit, signal: signal == 0 ? stoppedWith : signal, output: output)
        }
        if signal != 0 { throw .signaled(signal: signal, output: output) }
        let code = (status >> 8) & 0xff
        if code != 0 { throw .exited(status: code, output: output) }
    }
}

/// One run of a command: spawned without a shell in its own process group (the one way the
/// package starts processes, `ChildProcess`), its output collected, stopped at a time limit,
/// and reaped.
enum CommandProcess {
    /// Held while creating pipes and spawning, so no child inherits a pipe of a concurrent run
    /// before it is marked close-on-exec. Others that spawn (the desktop's answer command)
    /// take it too.
    static let spawnLock = Mutex(())

    /// What the time-limit timers and the waiting thread share. Killing happens under the lock
    /// and only before the exit has been seen; the child is reaped only after that, so the
    /// process group id cannot have been reused by the time a signal is sent.
    private struct Shared {
        var exited = false
        var stoppedWith: Int32?
    }

    static func run(
        executable: String, arguments: [String], environment: [String: String],
        timeLimit: Duration, killGrace: Duration, timers: DispatchQueue
    ) throws(CommandFailure) -> ChildOutcome {
        let (readEnd, writeEnd, pid) = try spawnLock.withLock { _ throws(CommandFailure) in
            // pipe2 is hidden from Swift: pipe + FD_CLOEXEC under the same lock as the spawn,
            // so a concurrent run's child cannot inherit this pipe (the only forks are ours).
            var ends: [Int32] = [-1, -1]
            guard pipe(&ends) == 0 else {
                throw .cannotStart("cannot create a pipe: \(String(cString: strerror(errno)))")
            }
            for end in ends { _ = fcntl(end, F_SETFD, FD_CLOEXEC) }
            do throws(CommandFailure) {
                let pid = try spawn(executable: executable, arguments: arguments, environment: environment, output: ends[1])
                return (ends[0], ends[1], pid)
            } catch {
                close(ends[0])
                close(ends[1])
                throw error
            }
        }
        close(writeEnd)

        let output = OutputCollector(descriptor: readEnd)
        let shared = Mutex(Shared())
        let stop = { @Sendable (signal: Int32) in
            shared.withLock { shared in
                guard !shared.exited else { return }
                shared.stoppedWith = signal
                kill(-pid, signal)
            }
        }
        let terminate = DispatchWorkItem { stop(SIGTERM) }
        let forceKill = DispatchWorkItem { stop(SIGKILL) }
        timers.asyncAfter(deadline: .now() + dispatchInterval(timeLimit), execute: terminate)
        timers.asyncAfter(deadline: .now() + dispatchInterval(timeLimit + killGrace), execute: forceKill)

        // Wait for the exit without reaping (WNOWAIT): the zombie keeps the pid and process
        // group id reserved until the flag below is set.
        var info = siginfo_t()
        while waitid(P_PID, id_t(pid), &info, WEXITED | WNOWAIT) != 0, errno == EINTR {}
        let stoppedWith = shared.withLock { shared in
            shared.exited = true
            return shared.stoppedWith
        }
        terminate.cancel()
        forceKill.cancel()
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0, errno == EINTR {}
        // A background grandchild may hold the pipe open; give the output a moment, no more.
        let text = output.finish(within: .milliseconds(500))
        return ChildOutcome(status: status, stoppedWith: stoppedWith, timeLimit: timeLimit, output: text)
    }

    /// Starts `arguments` (the command line: `arguments[0]` is the name it runs under) with
    /// standard input from /dev/null, standard output and error into `output`, in a process
    /// group of its own, with default signal dispositions and an empty signal mask: the daemon
    /// ignores SIGTERM, SIGINT, SIGHUP and SIGPIPE (ignored dispositions survive exec), and
    /// Dispatch threads block signals; without the reset the child could not be stopped with
    /// SIGTERM. Call it under `spawnLock`.
    static func spawn(
        executable: String, arguments: [String], environment: [String: String], output: Int32
    ) throws(CommandFailure) -> pid_t {
        do {
            return try ChildProcess.start(
                executable, arguments: Array(arguments.dropFirst()), name: arguments.first,
                options: .init(
                    environment: environment, standardInput: .null, standardOutput: .descriptor(output),
                    standardError: .descriptor(output), newProcessGroup: true, defaultSignals: true)
            ).pid
        } catch {
            throw .cannotStart(error.description)
        }
    }
}

/// The end of a child's output, appended to by the read handler and read once at the end.
private final class OutputTail: Sendable {
    private let bytes = Mutex<[UInt8]>([])
    private let limit = 4 * CommandChannel.outputTailLimit

    func append(_ chunk: ArraySlice<UInt8>) {
        bytes.withLock { bytes in
            bytes += chunk
            if bytes.count > limit { bytes.removeFirst(bytes.count - limit) }
        }
    }

    var contents: [UInt8] { bytes.withLock { $0 } }
}

/// Reads a child's output as it comes (so a chatty child never blocks on a full pipe) and
/// keeps only its end. Used by the one thread that runs the child.
private final class OutputCollector {
    private let tail = OutputTail()
    private let source: any DispatchSourceRead
    private let done = DispatchSemaphore(value: 0)

    init(descriptor: Int32) {
        _ = fcntl(descriptor, F_SETFL, fcntl(descriptor, F_GETFL) | O_NONBLOCK)
        let source = DispatchSource.makeReadSource(
            fileDescriptor: descriptor, queue: DispatchQueue(label: "nocontact.delivery.command.output"))
        // The handler holds the source until it is cancelled; libdispatch drops the handlers
        // then, which ends the cycle. Every path cancels: end of output or `finish`.
        source.setEventHandler { [tail] in
            var buffer = [UInt8](repeating: 0, count: 4096)
            let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count > 0 {
                tail.append(buffer[..<count])
            } else if count == 0 || (errno != EAGAIN && errno != EINTR) {
                source.cancel()
            }
        }
        source.setCancelHandler { [done] in
            close(descriptor)
            done.signal()
        }
        source.resume()
        self.source = source
    }

    /// Waits up to `limit` for the end of the output, stops reading, and returns the last
    /// characters as one trimmed line.
    func finish(within limit: Duration) -> String {
        if done.wait(timeout: .now() + dispatchInterval(limit)) == .timedOut {
            source.cancel()
            done.wait()
        }
        let text = String(decoding: tail.contents, as: UTF8.self)
            .split(whereSeparator: \.isNewline).joined(separator: " / ")
            .trimmingWhitespace()
        return text.count > CommandChannel.outputTailLimit ? "…" + text.suffix(CommandChannel.outputTailLimit) : text
    }
}

private func dispatchInterval(_ duration: Duration) -> DispatchTimeInterval {
    .nanoseconds(Int(clamping: duration.nanoseconds))
}

extension Duration {
    fileprivate var nanoseconds: Int64 {
        let (seconds, attoseconds) = components
        return seconds.multipliedReportingOverflow(by: 1_000_000_000).overflow
            ? .max : seconds * 1_000_000_000 + attoseconds / 1_000_000_000
    }
}

/// "10 s", "0.5 s": a time limit as a person reads it.
private func seconds(_ duration: Duration) -> String {
    let milliseconds = duration.nanoseconds / 1_000_000
    if milliseconds % 1000 == 0 { return "\(milliseconds / 1000) s" }
    var text = String(Double(milliseconds) / 1000)
    while text.hasSuffix("0") { text.removeLast() }
    return text + " s"
}

private func signalName(_ signal: Int32) -> String {
    switch signal {
    case SIGTERM: return "SIGTERM"
    case SIGKILL: return "SIGKILL"
    case SIGINT: return "SIGINT"
    case SIGHUP: return "SIGHUP"
    case SIGPIPE: return "SIGPIPE"
    case SIGSEGV: return "SIGSEGV"
    case SIGABRT: return "SIGABRT"
    default: return "signal \(signal)"
    }
}
