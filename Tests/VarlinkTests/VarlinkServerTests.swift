import Foundation
import Glibc
import TestSupport
import Testing

@testable import Varlink

@Suite("VarlinkServer")
struct VarlinkServerTests {
    // MARK: org.varlink.service

    /// GetInfo reports the handler's info and lists org.varlink.service before the handler's interfaces.
    @Test func getInfoThroughClient() throws {
        try withTestServer { server in
            let reply = try server.client().call("org.varlink.service.GetInfo")
            #expect(
                reply == [
                    "vendor": .string("Example"), "product": .string("test"), "version": .string("1.2.3"),
                    "url": .string("https://example.org/test"),
                    "interfaces": .array([.string("org.varlink.service"), .string("org.example.test")]),
                ])
        }
    }

    /// GetInfo over a raw socket, without parameters, is answered with one NUL-terminated reply.
    @Test func getInfoThroughRawSocket() throws {
        try withTestServer { server in
            let connection = try server.raw()
            try connection.send("{\"method\":\"org.varlink.service.GetInfo\"}\0")
            let reply = try #require(try connection.readReply())
            #expect(reply.error == nil)
            #expect(reply.continues == nil)
            #expect(reply.parameters?["interfaces"] == .array([.string("org.varlink.service"), .string("org.example.test")]))
        }
    }

    /// GetInterfaceDescription returns the description of a known interface, including the service's own.
    @Test func getInterfaceDescriptionKnown() throws {
        try withTestServer { server in
            let client = try server.client()
            let test = try client.call(
                "org.varlink.service.GetInterfaceDescription", parameters: ["interface": .string("org.example.test")])
            #expect(test == ["description": .string(TestHandler.description)])
            let service = try client.call(
                "org.varlink.service.GetInterfaceDescription", parameters: ["interface": .string("org.varlink.service")])
            #expect(service["description"]?.stringValue?.contains("interface org.varlink.service\n") == true)
            #expect(
                service["description"]?.stringValue?.contains("method GetInterfaceDescription(interface: string) -> (description: string)")
                    == true)
        }
    }

    /// GetInterfaceDescription of an unknown interface is InterfaceNotFound naming it.
    @Test func getInterfaceDescriptionUnknown() throws {
        try withTestServer { server in
            #expect(throws: VarlinkClientError.remote(.interfaceNotFound("org.example.nope"))) {
                try server.client().call(
                    "org.varlink.service.GetInterfaceDescription", parameters: ["interface": .string("org.example.nope")])
            }
        }
    }

    /// GetInterfaceDescription without the interface parameter is InvalidParameter "interface".
    @Test func getInterfaceDescriptionWithoutParameter() throws {
        try withTestServer { server in
            #expect(throws: VarlinkClientError.remote(.invalidParameter("interface"))) {
                try server.client().call("org.varlink.service.GetInterfaceDescription")
            }
        }
    }

    // MARK: Routing and errors

    /// A call to an interface nobody implements is InterfaceNotFound naming the interface.
    @Test func unknownInterface() throws {
        try withTestServer { server in
            #expect(throws: VarlinkClientError.remote(.interfaceNotFound("org.example.nope"))) {
                try server.client().call("org.example.nope.Do")
            }
        }
    }

    /// An unknown method, of the service interface or of the handler's, is MethodNotFound naming it.
    @Test func unknownMethod() throws {
        try withTestServer { server in
            let client = try server.client()
            #expect(throws: VarlinkClientError.remote(.methodNotFound("org.varlink.service.Nope"))) {
                try client.call("org.varlink.service.Nope")
            }
            #expect(throws: VarlinkClientError.remote(.methodNotFound("org.example.test.Nope"))) {
                try client.call("org.example.test.Nope")
            }
        }
    }

    /// A handler's custom error is sent as exactly {"error": name, "parameters": {...}}.
    @Test func customErrorReplyShape() throws {
        try withTestServer { server in
            let connection = try server.raw()
            try connection.send("{\"method\":\"org.example.test.Fail\",\"parameters\":{}}\0")
            #expect(try connection.readMessage() == #"{"error":"org.example.test.Refused","parameters":{"reason":"not today"}}"#)
            #expect(
                throws: VarlinkClientError.remote(
                    VarlinkError(name: "org.example.test.Refused", parameters: ["reason": .string("not today")]))
            ) {
                try server.client().call("org.example.test.Fail")
            }
        }
    }

    /// A successful reply is exactly {"parameters": {...}} and echoes nested values unchanged.
    @Test func echoReplyShape() throws {
        try withTestServer { server in
            let connection = try server.raw()
            try connection.send(#"{"method":"org.example.test.Echo","parameters":{"text":"hé \"x\"","list":[1,true,null]}}"# + "\0")
            #expect(try connection.readMessage() == #"{"parameters":{"list":[1,true,null],"text":"hé \"x\""}}"#)
        }
    }

    /// An upgrade request is refused with InvalidParameter "upgrade".
    @Test func upgradeIsRefused() throws {
        try withTestServer { server in
            let reply = try server.client().exchange(VarlinkCall(method: "org.example.test.Echo", upgrade: true))
            #expect(reply == .failure(.invalidParameter("upgrade")))
        }
    }

    // MARK: Connection behaviour

    /// A oneway call is handled but not answered; the next call on the connection gets its own reply.
    @Test func onewayGetsNoReply() throws {
        try withTestServer { server in
            let connection = try server.raw()
            try connection.send(#"{"method":"org.example.test.Record","parameters":{"n":1},"oneway":true}"# + "\0")
            try connection.send(#"{"method":"org.example.test.Recorded"}"# + "\0")
            let reply = try #require(try connection.readReply())
            #expect(reply.parameters == ["calls": .array([.object(["n": .int(1)])])])
        }
    }

    /// A oneway call through VarlinkClient's connection does not leave a stray reply for the next call.
    @Test func onewayThroughClientKeepsRepliesInStep() throws {
        try withTestServer { server in
            let connection = try server.raw()
            try connection.send(#"{"method":"org.example.test.Fail","oneway":true}"# + "\0")
            try connection.send(#"{"method":"org.example.test.Echo","parameters":{"text":"after"}}"# + "\0")
            #expect(try connection.readReply() == VarlinkReply(parameters: ["text": .string("after")]))
        }
    }

    /// Two calls in one write are both answered, in order.
    @Test func pipelinedCallsAnsweredInOrder() throws {
        try withTestServer { server in
            let connection = try server.raw()
            try connection.send(
                #"{"method":"org.example.test.Echo","parameters":{"text":"one"}}"# + "\0"
                    + #"{"method":"org.example.test.Echo","parameters":{"text":"two"}}"# + "\0")
            #expect(try connection.readReply() == VarlinkReply(parameters: ["text": .string("one")]))
            #expect(try connection.readReply() == VarlinkReply(parameters: ["text": .string("two")]))
        }
    }

    /// A call split across several writes is put together and answered once.
    @Test func callSplitAcrossWrites() throws {
        try withTestServer { server in
            let connection = try server.raw()
            try connection.send(#"{"method":"org.example.te"#)
            try connection.send(#"st.Echo","parameters":{"text":"split"}}"#)
            try connection.send("\0")
            #expect(try connection.readReply() == VarlinkReply(parameters: ["text": .string("split")]))
        }
    }

    /// Malformed JSON is answered with InvalidParameter, and the same connection keeps serving.
    @Test func malformedJSONKeepsConnection() throws {
        try withTestServer { server in
            let connection = try server.raw()
            try connection.send("{\"method\": \0")
            #expect(try connection.readReply() == .failure(.invalidParameter("the message is not a varlink call object: malformed JSON")))
            try connection.send("{\"parameters\":{}}\0")
            #expect(
                try connection.readReply() == .failure(.invalidParameter("the message is not a varlink call object: \"method\" is missing"))
            )
            try connection.send("{\"method\":5}\0")
            #expect(
                try connection.readReply()
                    == .failure(.invalidParameter("the message is not a varlink call object: \"method\" has the wrong type")))
            try connection.send("{\"method\":\"org.example.test.Echo\",\"parameters\":{\"text\":\"still here\"}}\0")
            #expect(try connection.readReply() == VarlinkReply(parameters: ["text": .string("still here")]))
        }
    }

    /// A terminated message over the limit gets an error, then the connection is closed; new connections are served.
    @Test func oversizedMessageClosesConnection() throws {
        try withTestServer(maximumMessageSize: 256) { server in
            let connection = try server.raw()
            let big = #"{"method":"org.example.test.Echo","parameters":{"text":""# + String(repeating: "x", count: 1000) + "\"}}\0"
            try connection.send(big)
            #expect(try connection.readReply() == .failure(.invalidParameter("the message is larger than the server accepts")))
            #expect(try connection.readMessage() == nil)
            let fresh = try server.client()
            #expect(try fresh.call("org.example.test.Echo", parameters: ["text": .string("small")]) == ["text": .string("small")])
        }
    }

    /// Bytes over the limit without any terminator are refused the same way, without waiting for the end.
    @Test func unterminatedOversizedMessageClosesConnection() throws {
        try withTestServer(maximumMessageSize: 256) { server in
            let connection = try server.raw()
            try connection.send(String(repeating: "x", count: 1000))
            #expect(try connection.readReply() == .failure(.invalidParameter("the message is larger than the server accepts")))
            #expect(try connection.readMessage() == nil)
            #expect(try server.client().call("org.varlink.service.GetInfo")["product"] == .string("test"))
        }
    }

    /// A message of exactly the limit is still accepted.
    @Test func messageAtTheLimitIsAccepted() throws {
        let prefix = #"{"method":"org.example.test.Echo","parameters":{"text":""#
        let suffix = "\"}}"
        let text = String(repeating: "y", count: 256 - prefix.utf8.count - suffix.utf8.count)
        try withTestServer(maximumMessageSize: 256) { server in
            let connection = try server.raw()
            try connection.send(prefix + text + suffix + "\0")
            #expect(try connection.readReply() == VarlinkReply(parameters: ["text": .string(text)]))
        }
    }

    /// Several clients are served at the same time, each on its own connection.
    @Test func severalConnections() throws {
        try withTestServer { server in
            let first = try server.raw()
            let second = try server.raw()
            try first.send(#"{"method":"org.example.test.Echo","parameters":{"text":"1"}}"# + "\0")
            try second.send(#"{"method":"org.example.test.Echo","parameters":{"text":"2"}}"# + "\0")
            #expect(try second.readReply() == VarlinkReply(parameters: ["text": .string("2")]))
            #expect(try first.readReply() == VarlinkReply(parameters: ["text": .string("1")]))
        }
    }

    // MARK: The socket file

    /// The socket is a socket file whose permissions are 0777 less the process umask (the caller
    /// tightens them, as the daemon does with umask 0177).
    @Test func socketFileMode() throws {
        try withTestServer { server in
            var status = stat()
            #expect(lstat(server.path, &status) == 0)
            #expect(status.st_mode & S_IFMT == S_IFSOCK)
            #expect(status.st_uid == getuid())
            let umask = try currentUmask()
            #expect(status.st_mode & 0o7777 == 0o777 & ~umask)
        }
    }

    /// Binding where a file already exists fails instead of replacing it.
    @Test func bindRefusesExistingPath() throws {
        try withTestServer { server in
            let other = MultiThreadedEventLoopGroupHolder()
            defer { other.shutdown() }
            #expect(throws: (any Error).self) {
                _ = try VarlinkServer.bind(path: server.path, handler: TestHandler(), group: other.group)
            }
        }
    }

    /// The client reports nothing listening as notRunning.
    @Test func clientWithoutServer() {
        #expect(throws: VarlinkClientError.notRunning(path: "/tmp/vlt-does-not-exist/x.socket")) {
            _ = try VarlinkClient(path: "/tmp/vlt-does-not-exist/x.socket")
        }
    }

    /// The process umask, read from /proc without changing it (other tests run in parallel).
    func currentUmask() throws -> mode_t {
        let status = try String(contentsOfFile: "/proc/self/status", encoding: .utf8)
        let line = try #require(status.split(separator: "\n").first { $0.hasPrefix("Umask:") })
        return try #require(mode_t(line.dropFirst("Umask:".count).trimmingCharacters(in: .whitespaces), radix: 8))
    }
}
