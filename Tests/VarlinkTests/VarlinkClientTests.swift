import Foundation
import Glibc
import Testing

@testable import Varlink

@Suite("VarlinkClient")
struct VarlinkClientTests {
    /// callMore returns every reply in order, then nil; the connection then serves the next call.
    @Test func callMoreReadsAllReplies() throws {
        try withTestServer { server in
            let client = try server.client()
            let replies = try client.callMore("org.example.test.Count", parameters: ["n": .int(4)])
            #expect(try replies.next() == ["i": .int(1)])
            #expect(try replies.collect() == [["i": .int(2)], ["i": .int(3)], ["i": .int(4)]])
            #expect(try replies.next() == nil)
            #expect(try client.call("org.example.test.Echo", parameters: ["text": .string("next")]) == ["text": .string("next")])
        }
    }

    /// An error reply to a more call is thrown by next() and ends the replies.
    @Test func callMoreErrorReply() throws {
        try withTestServer { server in
            let client = try server.client()
            let replies = try client.callMore("org.example.test.Refuse")
            #expect(throws: VarlinkClientError.remote(TestHandler.refused)) { try replies.next() }
            #expect(try replies.next() == nil)
            #expect(try client.call("org.example.test.Echo") == [:])
        }
    }

    /// next(as:) decodes each reply's parameters straight from the message, throws an error
    /// reply as remote, and leaves the connection usable after either.
    @Test func callMoreDecodedReplies() throws {
        struct Count: Decodable, Equatable { var i: Int }
        try withTestServer { server in
            let client = try server.client()
            let replies = try client.callMore("org.example.test.Count", parameters: ["n": .int(3)])
            #expect(try replies.next(as: Count.self) == Count(i: 1))
            #expect(try replies.next(as: Count.self) == Count(i: 2))
            #expect(try replies.next(as: Count.self) == Count(i: 3))
            #expect(try replies.next(as: Count.self) == nil)
            let refused = try client.callMore("org.example.test.Refuse")
            #expect(throws: VarlinkClientError.remote(TestHandler.refused)) { try refused.next(as: Count.self) }
            #expect(try refused.next(as: Count.self) == nil)
            #expect(try client.call("org.example.test.Echo", parameters: ["text": .string("next")]) == ["text": .string("next")])
        }
    }

    /// A call made while a stream's replies are still coming is refused, not mixed up with them.
    @Test func callDuringStreamIsRefused() throws {
        try withTestServer { server in
            let client = try server.client()
            let replies = try client.callMore("org.example.test.Hold")
            let stream = try server.handler.held.next()
            stream.yield(["i": .int(1)])
            #expect(try replies.next() == ["i": .int(1)])
            #expect(throws: VarlinkClientError.streamInProgress) { try client.call("org.example.test.Echo") }
            stream.finish(["i": .int(2)])
            #expect(try replies.next() == ["i": .int(2)])
            #expect(try client.call("org.example.test.Echo", parameters: ["text": .string("now")]) == ["text": .string("now")])
        }
    }

    /// callOneway sends the call, which is handled, and leaves no reply behind.
    @Test func callOneway() throws {
        try withTestServer { server in
            let client = try server.client()
            try client.callOneway("org.example.test.Record", parameters: ["n": .int(7)])
            try client.callOneway("org.example.test.Fail")
            #expect(try client.call("org.example.test.Recorded") == ["calls": .array([.object(["n": .int(7)])])])
        }
    }

    /// exchange with oneway returns at once with an empty reply.
    @Test func exchangeOneway() throws {
        try withTestServer { server in
            let client = try server.client()
            #expect(
                try client.exchange(VarlinkCall(method: "org.example.test.Record", parameters: ["n": .int(1)], oneway: true))
                    == VarlinkReply())
            #expect(try client.call("org.example.test.Recorded") == ["calls": .array([.object(["n": .int(1)])])])
        }
    }

    /// A stream that stays silent past the client's timeout is timedOut; with no timeout the client waits.
    @Test func timeouts() throws {
        try withTestServer { server in
            let client = try server.client(timeout: 1)
            let replies = try client.callMore("org.example.test.Hold")
            _ = try server.handler.held.next()
            let started = ContinuousClock.now
            #expect(throws: VarlinkClientError.timedOut) { try replies.next() }
            #expect(ContinuousClock.now - started >= .seconds(1))

            let patient = try server.client()
            patient.timeout = nil
            let patientReplies = try patient.callMore("org.example.test.Hold")
            let stream = try server.handler.held.next()
            let sent = TestEvent()
            Thread {
                stream.finish(["i": .int(1)])
                sent.signal()
            }.start()
            #expect(try patientReplies.next() == ["i": .int(1)])
            #expect(sent.wait())
        }
    }

    /// When the server closes the connection during a stream, next() throws closed.
    @Test func closedDuringStream() throws {
        let server = try TestServer()
        defer { try? server.shutdown() }
        let client = try server.client()
        let replies = try client.callMore("org.example.test.Hold")
        _ = try server.handler.held.next()
        server.server.close()
        #expect(throws: VarlinkClientError.closed) { try replies.next() }
    }
}
