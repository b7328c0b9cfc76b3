import Varlink

/// The certification client sequence of the reference (test_certification.py's run_client):
/// Start, Test01 … Test09 each fed the previous reply, Test10 with more, Test11 oneway with
/// Test10's replies, then End.
enum CertificationClient {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// Runs the sequence on `client`; returns the lines it would print, like the reference.
    static func run(_ client: VarlinkClient) throws -> [String] {
        let prefix = "org.varlink.certification."
        var lines: [String] = []
        func value(_ reply: [String: JSONValue], _ key: String) throws -> JSONValue {
            guard let value = reply[key] else { throw Failure(description: "the reply \(reply) has no \(key)") }
            return value
        }
        let start = try client.call(prefix + "Start")
        guard let id = start["client_id"]?.stringValue else { throw Failure(description: "Start gave no client_id: \(start)") }
        let clientID = JSONValue.string(id)
        lines.append("client_id: \(id)")
        var reply = try client.call(prefix + "Test01", parameters: ["client_id": clientID])
        lines.append("Test01: \(reply)")
        reply = try client.call(prefix + "Test02", parameters: ["client_id": clientID, "bool": try value(reply, "bool")])
        lines.append("Test02: \(reply)")
        reply = try client.call(prefix + "Test03", parameters: ["client_id": clientID, "int": try value(reply, "int")])
        lines.append("Test03: \(reply)")
        reply = try client.call(prefix + "Test04", parameters: ["client_id": clientID, "float": try value(reply, "float")])
        lines.append("Test04: \(reply)")
        reply = try client.call(prefix + "Test05", parameters: ["client_id": clientID, "string": try value(reply, "string")])
        lines.append("Test05: \(reply)")
        reply = try client.call(
            prefix + "Test06",
            parameters: [
                "client_id": clientID, "bool": try value(reply, "bool"), "int": try value(reply, "int"),
                "float": try value(reply, "float"), "string": try value(reply, "string"),
            ])
        lines.append("Test06: \(reply)")
        reply = try client.call(prefix + "Test07", parameters: ["client_id": clientID, "struct": try value(reply, "struct")])
        lines.append("Test07: \(reply)")
        reply = try client.call(prefix + "Test08", parameters: ["client_id": clientID, "map": try value(reply, "map")])
        lines.append("Test08: \(reply)")
        reply = try client.call(prefix + "Test09", parameters: ["client_id": clientID, "set": try value(reply, "set")])
        lines.append("Test09: \(reply)")
        var strings: [JSONValue] = []
        let replies = try client.callMore(prefix + "Test10", parameters: ["client_id": clientID, "mytype": try value(reply, "mytype")])
        while let more = try replies.next() {
            lines.append("Test10: \(more)")
            strings.append(try value(more, "string"))
        }
        try client.callOneway(prefix + "Test11", parameters: ["client_id": clientID, "last_more_replies": .array(strings)])
        lines.append("Test11: oneway")
        reply = try client.call(prefix + "End", parameters: ["client_id": clientID])
        lines.append("End: \(reply)")
        guard reply["all_ok"] == .bool(true) else { throw Failure(description: "End did not answer all_ok: \(reply)") }
        lines.append("Certification passed")
        return lines
    }
}
