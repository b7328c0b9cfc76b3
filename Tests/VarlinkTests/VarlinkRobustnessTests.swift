import Foundation
import Glibc
import TestSupport
import Testing

@testable import Varlink

@Suite("Varlink server robustness")
struct VarlinkRobustnessTests {
    /// Each malformed message gets the right error on its connection, and the server still serves others after all of them.
    @Test(arguments: [
        ("not JSON at all", "the message is not a varlink call object: malformed JSON"),
        ("\u{FF}\u{FE}binary", "the message is not a varlink call object: malformed JSON"),
        ("[1, 2]", "the message is not a varlink call object: malformed JSON"),
        ("\"just a string\"", "the message is not a varlink call object: malformed JSON"),
        (#"{"method": 5}"#, #"the message is not a varlink call object: "method" has the wrong type"#),
        (
            #"{"method": "org.example.test.Echo", "parameters": 5}"#,
            #"the message is not a varlink call object: "parameters" has the wrong type"#
        ),
        (
            #"{"method": "org.example.test.Echo", "parameters": [1]}"#,
            #"the message is not a varlink call object: "parameters" has the wrong type"#
        ),
        (#"{"method": "org.example.test.Echo", "more": "yes"}"#, #"the message is not a varlink call object: "more" has the wrong type"#),
        (#"{"method": "org.example.test.Echo", "oneway": 1}"#, #"the message is not a varlink call object: "oneway" has the wrong type"#),
        (#"{"parameters": {}}"#, #"the message is not a varlink call object: "method" is missing"#),
    ])
    func malformedMessages(message: String, expected: String) throws {
        try withTestServer { server in
            let connection = try server.raw()
            try connection.send(message + "\0")
            #expect(try connection.readReply() == .failure(.invalidParameter(expected)))
            // The same connection goes on, and so do others.
            try connection.send(#"{"method":"org.example.test.Echo","parameters":{"text":"still"}}"# + "\0")
            #expect(try connection.readReply() == VarlinkReply(parameters: ["text": .string("still")]))
            #expect(try server.client().call("org.example.test.Echo", parameters: ["text": .string("other")]) == ["text": .string("other")])
        }
    }

    /// Nesting deeper than 64 levels is refused before decoding; 40 pipelined 1 KB messages nested 500 deep never hold up another client for 100 ms.
    @Test func deepNestingIsRefusedQuickly() throws {
        try withTestServer { server in
            func call(depth: Int) -> String {
                // The call object and "parameters" are two levels; the arrays make up the rest.
                let arrays = depth - 2
                return #"{"method":"org.example.test.Echo","parameters":{"text":"#
                    + String(repeating: "[", count: arrays) + String(repeating: "]", count: arrays) + "}}\0"
            }
            let tooDeep = VarlinkReply.failure(.invalidParameter("the message nests objects and arrays deeper than 64 levels"))
            let attacker = try server.raw()
            try attacker.send(call(depth: 65))
            #expect(try attacker.readReply() == tooDeep)
            // 64 levels are decoded as usual (the text's type is then wrong, which is another error).
            try attacker.send(call(depth: 64))
            #expect(try attacker.readReply() != tooDeep)
            // Brackets inside strings are not nesting.
            try attacker.send(#"{"method":"org.example.test.Echo","parameters":{"text":"\#(String(repeating: "[", count: 500))"}}"# + "\0")
            #expect(try attacker.readReply() == VarlinkReply(parameters: ["text": .string(String(repeating: "[", count: 500))]))

            let other = try server.client(timeout: 2)
            try attacker.send(String(repeating: call(depth: 502), count: 40))
            for number in 0..<20 {
                let started = ContinuousClock.now
                #expect(
                    try other.call("org.example.test.Echo", parameters: ["text": .string("\(number)")]) == ["text": .string("\(number)")])
                #expect(ContinuousClock.now - started < .milliseconds(100))
            }
            for _ in 0..<40 { #expect(try attacker.readReply() == tooDeep) }
        }
    }

    /// A handler call that blocks holds up its own connection only: another client is answered within 100 ms meanwhile, and calls pipelined behind the slow one are answered after it, in order.
    @Test func slowHandlerCallBlocksOnlyItsConnection() throws {
        try withTestServer { server in
            let slow = try server.raw()
            try slow.send(
                #"{"method":"org.example.test.Slow","parameters":{"ms":1500}}"# + "\0"
                    + #"{"method":"org.example.test.Echo","parameters":{"text":"after"}}"# + "\0")
            let other = try server.client(timeout: 2)
            let started = ContinuousClock.now
            for number in 0..<5 {
                let call = ContinuousClock.now
                #expect(
                    try other.call("org.example.test.Echo", parameters: ["text": .string("\(number)")]) == ["text": .string("\(number)")])
                #expect(ContinuousClock.now - call < .milliseconds(100))
            }
            #expect(ContinuousClock.now - started < .milliseconds(1000))
            #expect(try slow.readReply() == VarlinkReply(parameters: ["ms": .int(1500)]))
            #expect(try slow.readReply() == VarlinkReply(parameters: ["text": .string("after")]))
        }
    }

    /// Unknown interfaces and methods get the standard errors; a method the description does not declare never reaches the handler.
    @Test func unknownInterfaceAndMethod() throws {
        try withTestServer { server in
            let client = try server.client()
            #expect(throws: VarlinkClientError.remote(.interfaceNotFound("org.example.other"))) {
                try client.call("org.example.other.Echo")
            }
            #expect(throws: VarlinkClientError.remote(.interfaceNotFound(""))) {
                try client.call("Echo")
            }
            #expect(throws: VarlinkClientError.remote(.methodNotFound("org.example.test.Undeclared"))) {
                try client.call("org.example.test.Undeclared")
            }
            #expect(throws: VarlinkClientError.remote(.methodNotFound("org.example.test.Undeclared"))) {
                _ = try client.callMore("org.example.test.Undeclared").collect()
            }
            #expect(try client.call("org.example.test.Echo", parameters: ["text": .string("ok")]) == ["text": .string("ok")])
        }
    }

    /// A connection closed in the middle of a message is forgotten; the server serves the next client.
    @Test func truncatedMessage() throws {
        try withTestServer { server in
            do {
                let connection = try server.raw()
                try connection.send(#"{"method":"org.example.test.Record","parameters":{"n":"#)
            }
            try server.waitForConnections(0)
            let client = try server.client()
            #expect(try client.call("org.example.test.Recorded") == ["calls": .array([])])
        }
    }

    /// A client that half-closes after its calls still gets every reply, then the server closes.
    @Test func halfCloseAfterCalls() throws {
        try withTestServer { server in
            let connection = try server.raw()
            try connection.send(
                #"{"method":"org.example.test.Echo","parameters":{"text":"1"}}"# + "\0"
                    + #"{"method":"org.example.test.Count","more":true,"parameters":{"n":2}}"# + "\0"
                    + #"{"method":"org.example.test.Echo","parameters":{"text":"2"}}"# + "\0")
            connection.shutdownSending()
            #expect(try connection.readReply() == VarlinkReply(parameters: ["text": .string("1")]))
            #expect(try connection.readReply() == VarlinkReply(parameters: ["i": .int(1)], continues: true))
            #expect(try connection.readReply() == VarlinkReply(parameters: ["i": .int(2)]))
            #expect(try connection.readReply() == VarlinkReply(parameters: ["text": .string("2")]))
            #expect(try connection.readMessage() == nil)
        }
    }

    /// 100 clients connected at once all get their own answers.
    @Test func hundredClientsAtOnce() throws {
        try withTestServer { server in
            let connections = try (0..<100).map { _ in try server.raw() }
            for (number, connection) in connections.enumerated() {
                try connection.send(#"{"method":"org.example.test.Echo","parameters":{"text":"\#(number)"}}"# + "\0")
            }
            for (number, connection) in connections.enumerated().reversed() {
                #expect(try connection.readReply() == VarlinkReply(parameters: ["text": .string("\(number)")]))
            }
            #expect(server.server.connectionCount == 100)
        }
    }

    /// 100 clients on their own threads, each with a blocking client, are all answered.
    @Test func hundredConcurrentBlockingClients() throws {
        try withTestServer { server in
            let answered = CallRecorder()
            let done = DispatchGroup()
            for number in 0..<100 {
                done.enter()
                Thread { [path = server.path] in
                    defer { done.leave() }
                    guard let client = try? VarlinkClient(path: path, timeout: 10),
                        let reply = try? client.call("org.example.test.Echo", parameters: ["text": .string("\(number)")]),
                        reply == ["text": .string("\(number)")]
                    else { return }
                    answered.append(.int(Int64(number)))
                }.start()
            }
            #expect(done.wait(timeout: .now() + 30) == .success)
            #expect(Set(answered.recorded) == Set((0..<100).map { JSONValue.int(Int64($0)) }))
        }
    }
}
