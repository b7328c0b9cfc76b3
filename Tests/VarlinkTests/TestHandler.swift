import Foundation
import Synchronization
import Varlink

/// Calls recorded by `TestHandler`, so a test can see that a oneway call was handled.
final class CallRecorder: Sendable {
    private let calls = Mutex<[JSONValue]>([])

    func append(_ value: JSONValue) { calls.withLock { $0.append(value) } }
    var recorded: [JSONValue] { calls.withLock { $0 } }
}

/// Something that happens once, for a test to wait on with a bounded timeout.
final class TestEvent: Sendable {
    private let semaphore = DispatchSemaphore(value: 0)
    private let happened = Mutex(false)

    func signal() {
        let first = happened.withLock { happened in
            defer { happened = true }
            return !happened
        }
        if first { semaphore.signal() }
    }

    /// True when the event happened within `seconds`.
    func wait(seconds: Double = 10) -> Bool {
        if happened.withLock({ $0 }) { return true }
        guard semaphore.wait(timeout: .now() + seconds) == .success else { return false }
        semaphore.signal()
        return true
    }

    var hasHappened: Bool { happened.withLock { $0 } }
}

/// The streams of `Hold` calls, handed to the test to drive.
final class HeldStreams: Sendable {
    private let streams = Mutex<[VarlinkReplyStream]>([])
    private let arrived = DispatchSemaphore(value: 0)

    func add(_ stream: VarlinkReplyStream) {
        streams.withLock { $0.append(stream) }
        arrived.signal()
    }

    /// The next held stream, waiting at most `seconds` for it to arrive.
    func next(seconds: Double = 10) throws -> VarlinkReplyStream {
        guard arrived.wait(timeout: .now() + seconds) == .success else { throw TestTimeout("no Hold call arrived") }
        return streams.withLock { $0.removeFirst() }
    }
}

/// A `Flood` stream: pushes replies from its own thread until the stream ends, pausing after
/// `pauseAfter` bytes until the test opens `resume`.
/// How many pages `Pages` has produced (handed to its stream) so far.
final class PageCounter: Sendable {
    private let count = Atomic<Int>(0)
    /// Signalled when the 17th page is produced: 16 pages of 64 KiB are the 1 MiB a stream may
    /// have unread, so a producer that far ahead of a reader that read one is not held back.
    let pastStreamLimit = DispatchSemaphore(value: 0)
    func add() {
        if count.add(1, ordering: .relaxed).newValue == 17 { pastStreamLimit.signal() }
    }
    var produced: Int { count.load(ordering: .relaxed) }
}

final class Flood: Sendable {
    let started = TestEvent()
    let paused = TestEvent()
    let resume = TestEvent()
    let ended = TestEvent()
    private let sentBytes = Atomic<Int>(0)
    private let droppedForNotReading = Atomic<Bool>(false)

    var bytesSent: Int { sentBytes.load(ordering: .relaxed) }
    /// Whether the stream ended because the server dropped the client for not reading.
    var wasDroppedForNotReading: Bool { droppedForNotReading.load(ordering: .relaxed) }

    func run(on stream: VarlinkReplyStream, chunk: Int, pauseAfter: Int?) {
        stream.onEnd { [self] in
            droppedForNotReading.store(stream.wasDroppedForNotReading, ordering: .relaxed)
            ended.signal()
        }
        let text = String(repeating: "x", count: chunk)
        let thread = Thread { [self] in
            started.signal()
            while !stream.isEnded {
                stream.yield(["data": .string(text)])
                let sent = sentBytes.wrappingAdd(chunk, ordering: .relaxed).newValue
                if let pauseAfter, sent >= pauseAfter, !paused.hasHappened {
                    paused.signal()
                    _ = resume.wait(seconds: 30)
                }
            }
        }
        thread.start()
    }
}

struct TestTimeout: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// The `org.example.test` interface: Echo returns its parameters, Fail throws a custom error,
/// Record remembers its parameters (for oneway calls), Recorded returns what was remembered;
/// the streaming methods Count, Hold, Flood and Refuse need `more`.
struct TestHandler: VarlinkMethodHandler {
    static let description = """
        interface org.example.test

        method Echo(text: ?string) -> (text: ?string)
        method Fail() -> ()
        method Record(n: int) -> ()
        method Recorded() -> (calls: []object)
        # Blocks its thread for ms milliseconds (a handler waiting on a database, say).
        method Slow(ms: int) -> (ms: int)

        # Replies i = 1 … n, all but the last with continues.
        method Count(n: int) -> (i: int)
        # Keeps the stream open for the test to drive.
        method Hold() -> (i: int)
        # Pushes data from another thread until the stream ends.
        method Flood(chunk: int, pause_after: ?int) -> (data: string)
        # Throws from handleMore.
        method Refuse() -> ()
        # Replies n pages of size bytes each, the next one once the last was written.
        method Pages(n: int, size: int) -> (page: int, data: string)

        error Refused (reason: string)
        """

    let recorder = CallRecorder()
    let held = HeldStreams()
    let flood = Flood()
    let pages = PageCounter()

    var info: VarlinkServiceInfo {
        VarlinkServiceInfo(vendor: "Example", product: "test", version: "1.2.3", url: "https://example.org/test")
    }

    var interfaces: [VarlinkInterface] {
        [VarlinkInterface(name: "org.example.test", description: Self.description)]
    }

    func handle(_ call: VarlinkCall) throws(VarlinkError) -> [String: JSONValue] {
        switch call.member {
        case "Echo":
            return call.parameters ?? [:]
        case "Fail":
            throw Self.refused
        case "Record":
            recorder.append(.object(call.parameters ?? [:]))
            return [:]
        case "Recorded":
            return ["calls": .array(recorder.recorded)]
        case "Slow":
            guard case let .int(milliseconds)? = call.parameters?["ms"] else { throw .invalidParameter("ms") }
            usleep(UInt32(milliseconds) * 1000)
            return ["ms": .int(milliseconds)]
        case "Count", "Hold", "Flood", "Refuse", "Pages":
            throw .expectedMore()
        default:
            // Reached only for members the description does not declare, which the server
            // refuses before calling the handler.
            return ["undeclared": .bool(true)]
        }
    }

    func handleMore(_ call: VarlinkCall, replies: VarlinkReplyStream) throws(VarlinkError) {
        switch call.member {
        case "Count":
            guard case let .int(count)? = call.parameters?["n"], count >= 1 else { throw .invalidParameter("n") }
            for number in 1..<count { replies.yield(["i": .int(number)]) }
            replies.finish(["i": .int(count)])
        case "Hold":
            held.add(replies)
        case "Flood":
            guard case let .int(chunk)? = call.parameters?["chunk"] else { throw .invalidParameter("chunk") }
            var pauseAfter: Int?
            if case let .int(bytes)? = call.parameters?["pause_after"] { pauseAfter = Int(bytes) }
            flood.run(on: replies, chunk: Int(chunk), pauseAfter: pauseAfter)
        case "Refuse":
            throw Self.refused
        case "Pages":
            guard case let .int(count)? = call.parameters?["n"], count >= 1 else { throw .invalidParameter("n") }
            guard case let .int(size)? = call.parameters?["size"], size >= 0 else { throw .invalidParameter("size") }
            Self.page(1, of: count, size: Int(size), on: replies, counter: pages)
        default:
            replies.finish(try handle(call))
        }
    }

    /// Sends page `number`, and the next from its `whenWritten`.
    private static func page(_ number: Int64, of count: Int64, size: Int, on replies: VarlinkReplyStream, counter: PageCounter) {
        let parameters: [String: JSONValue] = ["page": .int(number), "data": .string(String(repeating: "p", count: size))]
        counter.add()
        guard number < count else {
            replies.finish(parameters)
            return
        }
        replies.yield(parameters) {
            guard !replies.isEnded else { return }
            page(number + 1, of: count, size: size, on: replies, counter: counter)
        }
    }

    static let refused = VarlinkError(name: "org.example.test.Refused", parameters: ["reason": .string("not today")])
}
