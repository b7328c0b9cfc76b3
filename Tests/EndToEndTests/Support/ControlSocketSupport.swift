import Foundation
import Glibc
import NoContactCore
import Synchronization
import TestSupport

/// Varlink calls and replies as JSON objects (JSONSerialization), over TestSupport's raw
/// connection: a test still decides every byte when it needs to.
extension RawVarlinkConnection {
    /// What one read brought.
    enum Received {
        /// A whole NUL-terminated message, parsed as a JSON object.
        case message([String: Any])
        /// The other end closed (EOF or reset) before a whole message arrived.
        case closed
        /// Nothing complete within the time given.
        case timedOut
    }

    /// Sends one call. `parameters: nil` leaves the member out.
    func call(_ method: String, _ parameters: [String: Any]? = [:], more: Bool = false, oneway: Bool = false) throws {
        try send(Self.message(method, parameters, more: more, oneway: oneway))
    }

    /// The bytes of one call, NUL included, for sending several in one write (pipelining).
    static func message(_ method: String, _ parameters: [String: Any]? = [:], more: Bool = false, oneway: Bool = false) -> [UInt8] {
        var object: [String: Any] = ["method": method]
        if let parameters { object["parameters"] = parameters }
        if more { object["more"] = true }
        if oneway { object["oneway"] = true }
        // Only JSON types go in, so serialization cannot fail.
        let data = (try? JSONSerialization.data(withJSONObject: object)) ?? Data()
        return Array(data) + [0]
    }

    /// Reads the next message, waiting at most `timeout` seconds.
    func read(timeout: Double) throws -> Received {
        switch try readFrame(timeout: timeout) {
        case let .message(bytes):
            guard let object = (try? JSONSerialization.jsonObject(with: Data(bytes))) as? [String: Any] else {
                throw E2EError("the reply is not a JSON object: \(String(decoding: bytes.prefix(500), as: UTF8.self))")
            }
            return .message(object)
        case .closed: return .closed
        case .timedOut: return .timedOut
        }
    }

    /// The next message; throws when the connection closes or nothing comes within `timeout`.
    func reply(timeout: Double = 10) throws -> [String: Any] {
        switch try read(timeout: timeout) {
        case let .message(object): return object
        case .closed: throw E2EError("the daemon closed the connection instead of replying")
        case .timedOut: throw E2EError("no reply within \(timeout) s")
        }
    }

    /// Sends one call and returns its (single) reply.
    func exchange(_ method: String, _ parameters: [String: Any]? = [:], timeout: Double = 10) throws -> [String: Any] {
        try call(method, parameters)
        return try reply(timeout: timeout)
    }
}

/// Reading the fields of a varlink reply parsed by JSONSerialization.
extension Dictionary where Key == String, Value == Any {
    /// The qualified error name, when this reply is an error.
    var varlinkError: String? { self["error"] as? String }
    /// The reply's parameters (empty when it has none).
    var varlinkParameters: [String: Any] { self["parameters"] as? [String: Any] ?? [:] }
    /// Whether more replies to the same call follow.
    var varlinkContinues: Bool { self["continues"] as? Bool ?? false }
}

/// The reply of io.nocontact.Days, decoded with the project's own types.
struct DaysReplyBody: Decodable {
    var periods: [PeriodProgress]

    init(_ reply: [String: Any]) throws {
        if let error = reply.varlinkError { throw E2EError("Days answered the error \(error) \(reply.varlinkParameters)") }
        let data = try JSONSerialization.data(withJSONObject: reply.varlinkParameters)
        self = try JSONDecoder().decode(Self.self, from: data)
    }
}

/// What io.nocontact.Days must answer about the test's one period: 30 days from `start`,
/// counted in UTC.
struct DaysExpectation: Sendable {
    let period: String
    let start: LocalDate

    /// The progress on `day`.
    func progress(on day: LocalDate) -> PeriodProgress {
        let number = start.days(until: day) + 1
        return PeriodProgress(
            period: period, day: number, daysTotal: 30, daysLeft: 30 - number + 1, start: start, ends: start.adding(days: 29))
    }

    /// The progress on the day of `instant` (UTC).
    func progress(at instant: Date) -> PeriodProgress {
        progress(on: LocalDate(instant, in: DaemonEndToEndTests.utcZone))
    }

    /// The answers that are right now: today's, or yesterday's during the first minute after
    /// midnight (the daemon may have counted just before it).
    var current: [PeriodProgress] {
        let now = Date()
        return [progress(at: now), progress(at: now.addingTimeInterval(-60))]
    }

    /// Whether `periods` is exactly the right answer.
    func matches(_ periods: [PeriodProgress]) -> Bool {
        current.contains { [$0] == periods }
    }

    /// Whether a Days reply is exactly the right answer.
    func matches(_ reply: [String: Any]) -> Bool {
        (try? DaysReplyBody(reply).periods).map(matches) ?? false
    }
}

/// A running nocontactd on a config of its own, with a uniquely named period that started
/// nine days ago and lasts 30 days: Days must answer day 10 with 21 days left.
final class ControlSocketDaemon {
    let sandbox: Sandbox
    let notify: NotifyReceiver
    let process: TestProcess
    let period: String
    /// What io.nocontact.Days must answer about the period.
    let days: DaysExpectation

    static var today: LocalDate { LocalDate(Date(), in: DaemonEndToEndTests.utcZone) }

    /// Starts the daemon and waits for READY=1 (the socket is bound before that).
    /// - Parameter prompts: the body of the [prompts] table.
    init(prefix: String, prompts: String = "schedule = [\"09:00\"]", extraConfig: String = "") throws {
        sandbox = try Sandbox()
        period = DaemonEndToEndTests.uniqueName(prefix)
        let start = Self.today.adding(days: -9)
        days = DaysExpectation(period: period, start: start)
        try sandbox.writeConfig(
            """
            timezone = "UTC"

            [[period]]
            name = "\(period)"
            start = \(start)
            days = 30

            [prompts]
            \(prompts)

            [delivery]
            desktop = false
            \(extraConfig)
            """)
        var started: TestProcess?
        do {
            notify = try NotifyReceiver(directory: sandbox.root)
            var environment = sandbox.environment
            environment["NOTIFY_SOCKET"] = notify.path
            let daemon = try TestProcess(
                Binaries.daemon, ["--config", sandbox.configPath],
                environment: environment, directory: sandbox.root)
            started = daemon
            process = daemon
            try notify.wait(for: "READY=1") { $0.split(separator: "\n").contains("READY=1") }
        } catch {
            let stderr = started?.standardError ?? ""
            started?.kill()
            sandbox.remove()
            throw E2EError("\(error); the daemon's stderr:\n\(stderr)")
        }
    }

    deinit {
        if process.process.isRunning {
            process.signal(SIGKILL)
            _ = try? process.waitForExit(timeout: 5)
        }
        sandbox.remove()
    }

    var socketPath: String { sandbox.socketPath }
    var pid: pid_t { process.pid }

    /// A new raw connection to the control socket.
    func connect() throws -> RawVarlinkConnection {
        try RawVarlinkConnection(path: socketPath)
    }

    /// Whether a Days reply is exactly the expected answer.
    func isExpectedDays(_ reply: [String: Any]) -> Bool {
        days.matches(reply)
    }

    /// Asks Days and GetInfo on a fresh connection and checks both answers: the daemon is
    /// healthy. Returns the time both took.
    @discardableResult
    func checkStillAnswers(timeout: Double = 5) throws -> TimeInterval {
        let started = Date()
        let connection = try connect()
        let reply = try connection.exchange("io.nocontact.Days", timeout: timeout)
        guard isExpectedDays(reply) else { throw E2EError("Days answered \(reply), expected \(days.current[0])") }
        let info = try connection.exchange("org.varlink.service.GetInfo", timeout: timeout)
        guard info.varlinkParameters["product"] as? String == "nocontactd",
            (info.varlinkParameters["interfaces"] as? [String])?.contains("io.nocontact") == true
        else { throw E2EError("GetInfo answered \(info)") }
        return Date().timeIntervalSince(started)
    }

    /// Stops the daemon with SIGTERM; returns its exit status.
    func stop() throws -> Int32 {
        process.signal(SIGTERM)
        return try process.waitForExit()
    }
}

/// The resident set size of a process in KiB (VmRSS in /proc/PID/status).
func residentKiB(of pid: pid_t) throws -> Int {
    try statusKiB("VmRSS", of: pid)
}

/// `field` of /proc/PID/status in KiB: VmRSS (all resident memory, code that ran once
/// included) or RssAnon (the heap and other anonymous memory: what a leak grows).
func statusKiB(_ field: String, of pid: pid_t) throws -> Int {
    let status = try String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8)
    guard let line = status.split(separator: "\n").first(where: { $0.hasPrefix("\(field):") }),
        let kib = Int(line.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first ?? "")
    else { throw E2EError("no \(field) in /proc/\(pid)/status") }
    return kib
}

/// Runs `body(index)` on `count` threads of their own that start together (a gate opens once
/// all exist), and waits at most `timeout` seconds for all of them. Returns each failure by
/// index; throws when some thread did not finish in time.
func runTogether(_ count: Int, timeout: Double, _ body: @escaping @Sendable (Int) throws -> Void) throws -> [Int: String] {
    let failures = Mutex<[Int: String]>([:])
    let gate = DispatchSemaphore(value: 0)
    let finished = DispatchGroup()
    for index in 0..<count {
        finished.enter()
        let thread = Thread {
            gate.wait()
            do {
                try body(index)
            } catch {
                failures.withLock { $0[index] = "\(error)" }
            }
            finished.leave()
        }
        thread.stackSize = 1 << 20
        thread.start()
    }
    for _ in 0..<count { gate.signal() }
    guard finished.wait(timeout: .now() + timeout) == .success else {
        throw E2EError("not all \(count) clients finished within \(timeout) s; failures so far: \(failures.withLock { $0 })")
    }
    return failures.withLock { $0 }
}

/// Runs `body`, naming `step` in any error it throws (so a failure says where it happened).
func labelled<T>(_ step: String, _ body: () throws -> T) throws -> T {
    do {
        return try body()
    } catch {
        throw E2EError("\(step): \(error)")
    }
}
