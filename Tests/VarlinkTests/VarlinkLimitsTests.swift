import Foundation
import Glibc
import TestSupport
import Testing

@testable import Varlink

@Suite("Varlink server limits")
struct VarlinkLimitsTests {
    /// The documented defaults.
    @Test func defaults() {
        let limits = VarlinkServer.Limits()
        #expect(limits.maximumMessageSize == 1 << 20)
        #expect(limits.maximumInboundBacklog == 1 << 20)
        #expect(limits.maximumOutboundBacklog == 4 << 20)
        #expect(limits.outboundStallTimeout == .seconds(60))
        #expect(limits.idleTimeout == nil)
        #expect(limits.maximumConnections == 256)
        #expect(limits.maximumStreams == 128)
        #expect(limits.maximumStreamBacklog == 1 << 20)
        #expect(VarlinkServer.defaultMaximumMessageSize == limits.maximumMessageSize)
    }

    /// A client that stops reading a stream is dropped once its backlog passes the limit, while another client is answered promptly throughout.
    @Test func slowReaderIsDroppedOthersServed() throws {
        let limits = VarlinkServer.Limits(maximumOutboundBacklog: 1 << 20, outboundStallTimeout: nil)
        try withTestServer(limits: limits) { server in
            let flood = server.handler.flood
            let stalled = try server.raw(receiveBuffer: 4096)
            // 512 KiB: more than the kernel buffers hold, less than the limit.
            try stalled.send(#"{"method":"org.example.test.Flood","more":true,"parameters":{"chunk":4096,"pause_after":524288}}"# + "\0")
            #expect(flood.paused.wait())
            // The stalled client holds replies in the server, yet another client is answered at once.
            let other = try server.client(timeout: 2)
            for number in 0..<20 {
                let started = ContinuousClock.now
                #expect(
                    try other.call("org.example.test.Echo", parameters: ["text": .string("\(number)")]) == ["text": .string("\(number)")])
                #expect(ContinuousClock.now - started < .seconds(1))
            }
            #expect(!flood.ended.hasHappened)
            // Now past the limit: the stalled client is dropped and its stream ends.
            flood.resume.signal()
            #expect(flood.ended.wait())
            #expect(flood.bytesSent >= 1 << 20)
            // What reached the stalled client, then the end of the connection.
            #expect(try stalled.drainUntilClosed() > 0)
            #expect(try other.call("org.example.test.Echo", parameters: ["text": .string("after")]) == ["text": .string("after")])
            try server.waitForConnections(1)
        }
    }

    /// Replies produced as the previous one is written (yield's whenWritten) reach a slow reader
    /// completely, far past the stream backlog limit in total: at most one waits in the server.
    @Test func pagesProducedAsWrittenReachASlowReader() throws {
        try withTestServer { server in
            // A small receive buffer: the client takes far less at a time than the server could make.
            let slow = try server.raw(receiveBuffer: 4096)
            // 40 pages of 64 KiB: 2.5 MiB, over the 1 MiB a stream may have unread.
            try slow.send(#"{"method":"org.example.test.Pages","more":true,"parameters":{"n":40,"size":65536}}"# + "\0")
            let first = try #require(try slow.readReply())
            #expect(first.parameters?["page"] == .int(1))
            // The reader pauses: the server may fill the kernel buffers and hold one page,
            // not run ahead to the stream limit (an eager producer gets there in milliseconds,
            // and the client is dropped). The bounded wait is the pause itself.
            #expect(server.handler.pages.pastStreamLimit.wait(timeout: .now() + 2) == .timedOut)
            for number in 2...40 {
                let reply = try #require(try slow.readReply())
                #expect(reply.parameters?["page"] == .int(Int64(number)))
                #expect(reply.continues == (number < 40 ? true : nil))
                // Ahead of the reader by what the kernel buffers hold and one page in the
                // server, not by everything (16 pages would be the 1 MiB stream limit).
                #expect(server.handler.pages.produced - number <= 8)
            }
        }
    }

    /// A connection whose replies stay unwritable for the stall timeout is dropped even under the backlog limit.
    @Test func stalledReaderIsDroppedAfterTheTimeout() throws {
        let limits = VarlinkServer.Limits(outboundStallTimeout: .milliseconds(200))
        try withTestServer(limits: limits) { server in
            let flood = server.handler.flood
            let stalled = try server.raw(receiveBuffer: 4096)
            // Pauses for good after 512 KiB (resume is never opened): only the timer can end it.
            try stalled.send(#"{"method":"org.example.test.Flood","more":true,"parameters":{"chunk":4096,"pause_after":524288}}"# + "\0")
            #expect(flood.paused.wait())
            #expect(flood.ended.wait())
            #expect(flood.bytesSent < 4 << 20)
            flood.resume.signal()
        }
    }

    /// Over the inbound backlog the server stops reading the connection (its writes block), and serves it all once the stream ends.
    @Test func inboundBacklogStopsReading() throws {
        let limits = VarlinkServer.Limits(maximumInboundBacklog: 16 << 10)
        try withTestServer(limits: limits) { server in
            let connection = try server.raw()
            try connection.send(#"{"method":"org.example.test.Hold","more":true}"# + "\0")
            let stream = try server.handler.held.next()
            let call = Array((#"{"method":"org.example.test.Echo","parameters":{"text":"pipelined"}}"# + "\0").utf8)
            let calls = [UInt8]((0..<40_000).map { _ in call }.joined())  // about 2.8 MiB
            var written = 0
            while written < calls.count {
                written += try connection.sendWithoutBlocking(calls[written...])
                // Blocked for good: the server holds at most the limit plus kernel buffers.
                if !connection.becomesWritable(within: 500) { break }
            }
            #expect(written < calls.count)
            #expect(written < 2 << 20)
            let complete = written / call.count
            stream.finish()
            #expect(try connection.readReply() == VarlinkReply(parameters: [:]))
            for _ in 0..<complete {
                #expect(try connection.readReply() == VarlinkReply(parameters: ["text": .string("pipelined")]))
            }
        }
    }

    /// Over the limit with every connection busy (here: each holds a stream), a new one is closed at once; a slot freed is used again.
    @Test func connectionLimit() throws {
        let limits = VarlinkServer.Limits(maximumConnections: 3)
        try withTestServer(limits: limits) { server in
            var admitted = try (0..<3).map { _ in try server.raw() }
            var streams: [VarlinkReplyStream] = []
            for connection in admitted {
                try connection.send(#"{"method":"org.example.test.Hold","more":true}"# + "\0")
                streams.append(try server.handler.held.next())
            }
            let refused = try server.raw()
            #expect(try refused.readMessage() == nil)
            #expect(server.server.connectionCount == 3)
            admitted.removeFirst()
            try server.waitForConnections(2)
            let later = try server.client()
            #expect(try later.call("org.example.test.Echo", parameters: ["text": .string("later")]) == ["text": .string("later")])
            for stream in streams { stream.finish() }
        }
    }

    /// At the limit, a new client is served by closing the connection idle the longest; busy and streaming ones stay.
    @Test func idleConnectionMakesRoom() throws {
        let limits = VarlinkServer.Limits(maximumConnections: 3)
        try withTestServer(limits: limits) { server in
            let streaming = try server.raw()
            try streaming.send(#"{"method":"org.example.test.Hold","more":true}"# + "\0")
            let stream = try server.handler.held.next()
            let oldest = try server.raw()
            try oldest.send(#"{"method":"org.example.test.Echo","parameters":{"text":"1"}}"# + "\0")
            #expect(try oldest.readReply() == VarlinkReply(parameters: ["text": .string("1")]))
            let newer = try server.raw()
            try newer.send(#"{"method":"org.example.test.Echo","parameters":{"text":"2"}}"# + "\0")
            #expect(try newer.readReply() == VarlinkReply(parameters: ["text": .string("2")]))
            let started = ContinuousClock.now
            let client = try server.client()
            #expect(try client.call("org.example.test.Echo", parameters: ["text": .string("new")]) == ["text": .string("new")])
            #expect(ContinuousClock.now - started < .milliseconds(100))
            // The longest idle went; the newer idle one and the stream were kept.
            #expect(try oldest.readMessage() == nil)
            try newer.send(#"{"method":"org.example.test.Echo","parameters":{"text":"3"}}"# + "\0")
            #expect(try newer.readReply() == VarlinkReply(parameters: ["text": .string("3")]))
            #expect(!stream.isEnded)
            stream.finish()
            #expect(try streaming.readReply() == VarlinkReply(parameters: [:]))
        }
    }

    /// 300 idle connections held open (more than the 256 allowed) never lock a new client out: it is served within 100 ms.
    @Test func manyIdleConnectionsDoNotLockOut() throws {
        try withTestServer { server in
            let idle = try (0..<300).map { _ in try server.raw() }
            try server.waitForConnections(256)
            for attempt in 0..<5 {
                let started = ContinuousClock.now
                let client = try server.client(timeout: 2)
                #expect(
                    try client.call("org.example.test.Echo", parameters: ["text": .string("\(attempt)")]) == ["text": .string("\(attempt)")]
                )
                #expect(ContinuousClock.now - started < .milliseconds(100))
            }
            #expect(server.server.connectionCount <= 256)
            withExtendedLifetime(idle) {}
        }
    }

    /// `more` streams have their own limit: one more is refused with TooManyStreams, and the connection still serves plain calls.
    @Test func streamLimit() throws {
        let limits = VarlinkServer.Limits(maximumConnections: 5, maximumStreams: 2)
        try withTestServer(limits: limits) { server in
            var connections: [RawVarlinkConnection] = []
            var streams: [VarlinkReplyStream] = []
            for _ in 0..<2 {
                let connection = try server.raw()
                try connection.send(#"{"method":"org.example.test.Hold","more":true}"# + "\0")
                streams.append(try server.handler.held.next())
                connections.append(connection)
            }
            let third = try server.raw()
            try third.send(#"{"method":"org.example.test.Hold","more":true}"# + "\0")
            #expect(try third.readReply() == .failure(.tooManyStreams(limit: 2)))
            try third.send(#"{"method":"org.example.test.Echo","parameters":{"text":"plain"}}"# + "\0")
            #expect(try third.readReply() == VarlinkReply(parameters: ["text": .string("plain")]))
            // A stream that ends frees its place.
            streams.removeFirst().finish()
            #expect(try connections[0].readReply() == VarlinkReply(parameters: [:]))
            try third.send(#"{"method":"org.example.test.Hold","more":true}"# + "\0")
            streams.append(try server.handler.held.next())
            for stream in streams { stream.finish() }
        }
    }

    /// A stream's reader that stops reading is dropped once 1 MiB waits unread (by default), and the stream says why it ended.
    @Test func streamBacklogIsBoundedByDefault() throws {
        let limits = VarlinkServer.Limits(outboundStallTimeout: nil)
        try withTestServer(limits: limits) { server in
            let flood = server.handler.flood
            let stalled = try server.raw(receiveBuffer: 4096)
            try stalled.send(#"{"method":"org.example.test.Flood","more":true,"parameters":{"chunk":4096}}"# + "\0")
            #expect(flood.ended.wait())
            #expect(flood.wasDroppedForNotReading)
            // 1 MiB held by the server, plus what the kernel's socket buffers took.
            #expect(flood.bytesSent < 2 << 20)
            #expect(try stalled.drainUntilClosed() > 0)
        }
    }

    /// With an idle timeout, a connection with no call in progress is closed; one with an open stream is not.
    @Test func idleTimeout() throws {
        let limits = VarlinkServer.Limits(idleTimeout: .milliseconds(200))
        try withTestServer(limits: limits) { server in
            let streaming = try server.raw()
            try streaming.send(#"{"method":"org.example.test.Hold","more":true}"# + "\0")
            let stream = try server.handler.held.next()
            let idle = try server.raw()
            #expect(try idle.readMessage() == nil)
            #expect(!stream.isEnded)
            stream.finish()
            #expect(try streaming.readReply() == VarlinkReply(parameters: [:]))
            #expect(try streaming.readMessage() == nil)
        }
    }
}
