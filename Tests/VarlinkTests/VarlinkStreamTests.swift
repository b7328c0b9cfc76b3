import Foundation
import Glibc
import TestSupport
import Testing

@testable import Varlink

@Suite("Varlink streams (more and continues)")
struct VarlinkStreamTests {
    /// A more call gets every reply in order, continues on all but the last.
    @Test func repliesInOrderWithContinues() throws {
        try withTestServer { server in
            let connection = try server.raw()
            try connection.send(#"{"method":"org.example.test.Count","more":true,"parameters":{"n":3}}"# + "\0")
            #expect(try connection.readReply() == VarlinkReply(parameters: ["i": .int(1)], continues: true))
            #expect(try connection.readReply() == VarlinkReply(parameters: ["i": .int(2)], continues: true))
            #expect(try connection.readMessage() == #"{"parameters":{"i":3}}"#)
        }
    }

    /// A method that needs more, called without it, is ExpectedMore (the handler's choice).
    @Test func expectedMoreWithoutMore() throws {
        try withTestServer { server in
            #expect(throws: VarlinkClientError.remote(.expectedMore())) {
                try server.client().call("org.example.test.Count", parameters: ["n": .int(2)])
            }
        }
    }

    /// With the default handleMore, a more call to an ordinary method gets handle's answer as one final reply.
    @Test func defaultHandleMoreSendsOneReply() throws {
        try withTestServer { server in
            let connection = try server.raw()
            try connection.send(#"{"method":"org.example.test.Echo","more":true,"parameters":{"text":"once"}}"# + "\0")
            #expect(try connection.readReply() == VarlinkReply(parameters: ["text": .string("once")]))
            try connection.send(#"{"method":"org.example.test.Fail","more":true}"# + "\0")
            #expect(try connection.readReply() == .failure(TestHandler.refused))
        }
    }

    /// org.varlink.service answers a more call with one final reply.
    @Test func serviceMethodsWithMore() throws {
        try withTestServer { server in
            let connection = try server.raw()
            try connection.send(#"{"method":"org.varlink.service.GetInfo","more":true}"# + "\0")
            let reply = try #require(try connection.readReply())
            #expect(reply.continues == nil)
            #expect(reply.parameters?["product"] == .string("test"))
        }
    }

    /// A throw from handleMore is sent as the error reply, and the connection goes on.
    @Test func throwFromHandleMoreIsTheErrorReply() throws {
        try withTestServer { server in
            let connection = try server.raw()
            try connection.send(#"{"method":"org.example.test.Refuse","more":true}"# + "\0")
            #expect(try connection.readMessage() == #"{"error":"org.example.test.Refused","parameters":{"reason":"not today"}}"#)
            try connection.send(#"{"method":"org.example.test.Echo","parameters":{"text":"next"}}"# + "\0")
            #expect(try connection.readReply() == VarlinkReply(parameters: ["text": .string("next")]))
        }
    }

    /// Calls pipelined behind an open stream wait, and are answered in order after it ends.
    @Test func pipelinedCallsWaitForTheStream() throws {
        try withTestServer { server in
            let connection = try server.raw()
            try connection.send(
                #"{"method":"org.example.test.Hold","more":true}"# + "\0"
                    + #"{"method":"org.example.test.Echo","parameters":{"text":"one"}}"# + "\0"
                    + #"{"method":"org.example.test.Echo","parameters":{"text":"two"}}"# + "\0")
            let stream = try server.handler.held.next()
            stream.yield(["i": .int(1)])
            #expect(try connection.readReply() == VarlinkReply(parameters: ["i": .int(1)], continues: true))
            // A second client is served meanwhile: only this connection waits.
            #expect(try server.client().call("org.example.test.Echo", parameters: ["text": .string("other")]) == ["text": .string("other")])
            stream.finish(["i": .int(2)])
            #expect(try connection.readReply() == VarlinkReply(parameters: ["i": .int(2)]))
            #expect(try connection.readReply() == VarlinkReply(parameters: ["text": .string("one")]))
            #expect(try connection.readReply() == VarlinkReply(parameters: ["text": .string("two")]))
        }
    }

    /// Replies from other threads arrive, and a stream that failed sends its error and nothing after it.
    @Test func repliesFromAnotherThreadAndFail() throws {
        try withTestServer { server in
            let connection = try server.raw()
            try connection.send(#"{"method":"org.example.test.Hold","more":true}"# + "\0")
            let stream = try server.handler.held.next()
            let done = TestEvent()
            Thread {
                for number in 1...3 { stream.yield(["i": .int(Int64(number))]) }
                stream.fail(TestHandler.refused)
                stream.yield(["i": .int(99)])
                stream.finish(["i": .int(100)])
                done.signal()
            }.start()
            #expect(done.wait())
            for number in 1...3 {
                #expect(try connection.readReply() == VarlinkReply(parameters: ["i": .int(Int64(number))], continues: true))
            }
            #expect(try connection.readReply() == .failure(TestHandler.refused))
            #expect(stream.isEnded)
            // Nothing after the error: the next message is the answer to the next call.
            try connection.send(#"{"method":"org.example.test.Echo","parameters":{"text":"after"}}"# + "\0")
            #expect(try connection.readReply() == VarlinkReply(parameters: ["text": .string("after")]))
        }
    }

    /// onEnd runs once when the stream finishes, and at once when added after the end.
    @Test func onEndAfterFinish() throws {
        try withTestServer { server in
            let connection = try server.raw()
            try connection.send(#"{"method":"org.example.test.Hold","more":true}"# + "\0")
            let stream = try server.handler.held.next()
            let ended = TestEvent()
            let count = CallRecorder()
            stream.onEnd {
                count.append(.null)
                ended.signal()
            }
            #expect(!stream.isEnded)
            stream.finish()
            stream.finish()
            #expect(stream.isEnded)
            #expect(ended.wait())
            #expect(try connection.readReply() == VarlinkReply(parameters: [:]))
            // Already ended: the handler has run by the time onEnd returns.
            stream.onEnd { count.append(.null) }
            #expect(count.recorded.count == 2)
        }
    }

    /// When the client hangs up, the stream ends and its onEnd handler runs.
    @Test func onEndWhenTheClientHangsUp() throws {
        try withTestServer { server in
            var connection: RawVarlinkConnection? = try server.raw()
            try connection?.send(#"{"method":"org.example.test.Hold","more":true}"# + "\0")
            let stream = try server.handler.held.next()
            let ended = TestEvent()
            stream.onEnd { ended.signal() }
            connection = nil
            #expect(ended.wait())
            #expect(stream.isEnded)
            stream.yield(["i": .int(1)])  // ignored, and harmless
            try server.waitForConnections(0)
        }
    }

    /// A client that only shuts its sending side during a stream still gets the stream to its end, then the server closes.
    @Test func halfCloseDuringStreamKeepsIt() throws {
        try withTestServer { server in
            let connection = try server.raw()
            try connection.send(#"{"method":"org.example.test.Hold","more":true}"# + "\0")
            let stream = try server.handler.held.next()
            connection.shutdownSending()
            stream.yield(["i": .int(1)])
            #expect(try connection.readReply() == VarlinkReply(parameters: ["i": .int(1)], continues: true))
            #expect(!stream.isEnded)
            stream.finish(["i": .int(2)])
            #expect(try connection.readReply() == VarlinkReply(parameters: ["i": .int(2)]))
            #expect(try connection.readMessage() == nil)
        }
    }

    /// A handler that cancels its stream drops the connection: the client sees it close, the end handlers run, others are served.
    @Test func cancelDropsTheConnection() throws {
        try withTestServer { server in
            let connection = try server.raw()
            try connection.send(#"{"method":"org.example.test.Hold","more":true}"# + "\0")
            let stream = try server.handler.held.next()
            let ended = TestEvent()
            stream.onEnd { ended.signal() }
            stream.yield(["i": .int(1)])
            stream.cancel()
            #expect(ended.wait())
            #expect(try connection.readReply() == VarlinkReply(parameters: ["i": .int(1)], continues: true))
            #expect(try connection.readMessage() == nil)
            #expect(try server.client().call("org.example.test.Echo") == [:])
        }
    }

    /// Closing the server ends open streams and closes their connections.
    @Test func closingTheServerEndsStreams() throws {
        let server = try TestServer()
        defer { try? server.shutdown() }
        let connection = try server.raw()
        try connection.send(#"{"method":"org.example.test.Hold","more":true}"# + "\0")
        let stream = try server.handler.held.next()
        let ended = TestEvent()
        stream.onEnd { ended.signal() }
        server.server.close()
        #expect(ended.wait())
        #expect(try connection.readMessage() == nil)
        #expect(server.server.connectionCount == 0)
    }

    /// A oneway call gets no reply even with more, and a failing oneway call no error.
    @Test func onewayNeverReplies() throws {
        try withTestServer { server in
            let connection = try server.raw()
            try connection.send(#"{"method":"org.example.test.Count","more":true,"oneway":true,"parameters":{"n":3}}"# + "\0")
            try connection.send(#"{"method":"org.example.test.Nope","oneway":true}"# + "\0")
            try connection.send(#"{"method":"org.example.nope.Nope","oneway":true}"# + "\0")
            try connection.send(#"{"method":"org.example.test.Echo","oneway":true,"upgrade":true}"# + "\0")
            try connection.send(#"{"method":"org.example.test.Echo","parameters":{"text":"only this"}}"# + "\0")
            #expect(try connection.readReply() == VarlinkReply(parameters: ["text": .string("only this")]))
        }
    }
}
