import Foundation
import Synchronization
import Testing

@testable import Varlink

/// A sink that records what a stream hands over, and can refuse (like a connection over its limit).
final class RecordingSink: VarlinkReplySink {
    private let state = Mutex<(messages: [String], accepting: Bool)>(([], true))

    func deliver(_ message: [UInt8], isLast: Bool, from stream: VarlinkReplyStream, whenWritten: (@Sendable () -> Void)?) -> VarlinkDelivery
    {
        let outcome: VarlinkDelivery = state.withLock { state in
            guard state.accepting else { return .tooSlow }
            state.messages.append(String(decoding: message.dropLast(), as: UTF8.self) + (isLast ? " (last)" : ""))
            return .accepted
        }
        // "Written" at once, but never inside this call, as the protocol asks.
        if outcome == .accepted, let whenWritten { DispatchQueue.global().async { whenWritten() } }
        return outcome
    }

    func cancel(_ stream: VarlinkReplyStream) {
        stream.end()
    }

    func refuse() { state.withLock { $0.accepting = false } }
    var messages: [String] { state.withLock { $0.messages } }
}

@Suite("VarlinkReplyStream")
struct VarlinkReplyStreamTests {
    /// yield sends continues, finish the last reply, and nothing is sent after the end.
    @Test func sequence() {
        let sink = RecordingSink()
        let stream = VarlinkReplyStream(sink: sink)
        stream.yield(["a": .int(1)])
        stream.finish(["b": .int(2)])
        stream.yield(["c": .int(3)])
        stream.fail(.permissionDenied())
        #expect(sink.messages == [#"{"continues":true,"parameters":{"a":1}}"#, #"{"parameters":{"b":2}} (last)"#])
        #expect(stream.isEnded)
    }

    /// fail sends the error reply as the last one.
    @Test func failIsLast() {
        let sink = RecordingSink()
        let stream = VarlinkReplyStream(sink: sink)
        stream.fail(.permissionDenied())
        #expect(sink.messages == [#"{"error":"org.varlink.service.PermissionDenied","parameters":{}} (last)"#])
    }

    /// A reply the sink refuses (connection gone or over its limit) ends the stream.
    @Test func refusedReplyEndsTheStream() {
        let sink = RecordingSink()
        let stream = VarlinkReplyStream(sink: sink)
        stream.yield(["a": .int(1)])
        sink.refuse()
        stream.yield(["a": .int(2)])
        #expect(stream.isEnded)
        #expect(sink.messages.count == 1)
    }

    /// A reply that cannot be JSON (a NaN) is replaced by an error reply rather than lost.
    @Test func unencodableReply() {
        let sink = RecordingSink()
        let stream = VarlinkReplyStream(sink: sink)
        stream.finish(["x": .double(.nan)])
        #expect(sink.messages == [#"{"error":"org.varlink.service.InvalidParameter","parameters":{"parameter":"reply"}} (last)"#])
    }

    /// end() runs each onEnd handler exactly once, and later handlers at once.
    @Test func endHandlersRunOnce() {
        let stream = VarlinkReplyStream(sink: RecordingSink())
        let runs = Atomic<Int>(0)
        stream.onEnd { runs.wrappingAdd(1, ordering: .relaxed) }
        stream.onEnd { runs.wrappingAdd(10, ordering: .relaxed) }
        #expect(runs.load(ordering: .relaxed) == 0)
        stream.end()
        stream.end()
        #expect(runs.load(ordering: .relaxed) == 11)
        stream.onEnd { runs.wrappingAdd(100, ordering: .relaxed) }
        #expect(runs.load(ordering: .relaxed) == 111)
    }

    /// A stream made with a closure hands it the replies, runs its end handlers after the last one, and cancel ends it at once.
    @Test func closureStream() {
        let replies = Mutex<[VarlinkReply]>([])
        let stream = VarlinkReplyStream { reply in replies.withLock { $0.append(reply) } }
        let ended = TestEvent()
        stream.onEnd { ended.signal() }
        stream.yield(["a": .int(1)])
        stream.finish(["b": .int(2)])
        #expect(
            replies.withLock { $0 } == [
                VarlinkReply(parameters: ["a": .int(1)], continues: true), VarlinkReply(parameters: ["b": .int(2)]),
            ])
        #expect(ended.wait())

        let cancelled = VarlinkReplyStream { _ in }
        let runs = Atomic<Int>(0)
        cancelled.onEnd { runs.wrappingAdd(1, ordering: .relaxed) }
        cancelled.cancel()
        cancelled.cancel()
        #expect(cancelled.isEnded)
        #expect(runs.load(ordering: .relaxed) == 1)
    }

    /// Replies yielded from many threads at once all arrive, each thread's in its own order.
    @Test func concurrentYields() {
        let sink = RecordingSink()
        let stream = VarlinkReplyStream(sink: sink)
        DispatchQueue.concurrentPerform(iterations: 8) { thread in
            for number in 0..<200 { stream.yield(["t": .int(Int64(thread)), "n": .int(Int64(number))]) }
        }
        stream.finish()
        let messages = sink.messages
        #expect(messages.count == 8 * 200 + 1)
        for thread in 0..<8 {
            let numbers = messages.compactMap { message -> Int? in
                guard message.contains(#""t":\#(thread)}"#) else { return nil }
                let digits = message.split(separator: ":")[3].prefix { $0.isNumber }
                return Int(digits)
            }
            #expect(numbers == Array(0..<200))
        }
        #expect(messages.last == #"{"parameters":{}} (last)"#)
    }
}
