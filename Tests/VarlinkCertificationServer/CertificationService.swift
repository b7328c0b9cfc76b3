import Foundation
import Synchronization
import Varlink
import VarlinkCertificationInterface

/// `org.varlink.certification` as the reference server (PyPI `varlink`'s test_certification.py)
/// implements it: each client gets an id from Start, must then call Test01 … Test11 and End in
/// order, each with exactly the parameters the previous reply implies; any deviation is a
/// CertificationError and forgets the client.
final class CertificationService: VarlinkMethodHandler {
    private static let prefix = "\(CertificationInterface.name)."
    /// The reference server forgets a client after 12 hours.
    private static let lifetime = Duration.seconds(12 * 60 * 60)

    private struct Client {
        var next: String
        var started: ContinuousClock.Instant
    }

    private let clients = Mutex<[String: Client]>([:])

    var info: VarlinkServiceInfo {
        VarlinkServiceInfo(vendor: "nocontact", product: "varlink-certification-server", version: "1", url: "https://varlink.org")
    }

    var interfaces: [VarlinkInterface] {
        [VarlinkInterface(name: CertificationInterface.name, description: CertificationInterface.description)]
    }

    func handle(_ call: VarlinkCall) throws(VarlinkError) -> [String: JSONValue] {
        switch call.member {
        case "Start":
            let id = Self.newClientID()
            clients.withLock { $0[id] = Client(next: "Start", started: .now) }
            try step(id, "Start", to: "Test01")
            var message = Self.message(of: call)
            // The reference accepts an empty parameters object as no parameters.
            if case let .object(members)? = message["parameters"], members.isEmpty { message["parameters"] = nil }
            try expectMessage(id, message, wants: ["method": .string(call.method)])
            return ["client_id": .string(id)]
        case "Test01":
            let id = try clientID(call)
            try step(id, "Test01", to: "Test02")
            try expectMessage(id, call, parameters: [:])
            return ["bool": .bool(true)]
        case "Test02":
            let id = try clientID(call)
            try step(id, "Test02", to: "Test03")
            try expectMessage(id, call, parameters: ["bool": .bool(true)])
            return ["int": .int(1)]
        case "Test03":
            let id = try clientID(call)
            try step(id, "Test03", to: "Test04")
            try expectMessage(id, call, parameters: ["int": .int(1)])
            return ["float": .double(1.0)]
        case "Test04":
            let id = try clientID(call)
            try step(id, "Test04", to: "Test05")
            try expectMessage(id, call, parameters: ["float": .double(1.0)])
            return ["string": .string("ping")]
        case "Test05":
            let id = try clientID(call)
            try step(id, "Test05", to: "Test06")
            try expectMessage(id, call, parameters: ["string": .string("ping")])
            return Self.test05Reply
        case "Test06":
            let id = try clientID(call)
            try step(id, "Test06", to: "Test07")
            try expectMessage(id, call, parameters: Self.test05Reply)
            return ["struct": .object(Self.test05Reply)]
        case "Test07":
            let id = try clientID(call)
            try step(id, "Test07", to: "Test08")
            try expectMessage(id, call, parameters: ["struct": .object(Self.test05Reply)])
            return ["map": Self.map]
        case "Test08":
            let id = try clientID(call)
            try step(id, "Test08", to: "Test09")
            try expectMessage(id, call, parameters: ["map": Self.map])
            return ["set": Self.set]
        case "Test09":
            let id = try clientID(call)
            try step(id, "Test09", to: "Test10")
            try expectMessage(id, call, parameters: ["set": Self.set])
            return ["client_id": .string(id), "mytype": Self.myType]
        case "Test10":
            throw .expectedMore()
        case "Test11":
            let id = try clientID(call)
            try step(id, "Test11", to: "End")
            let replies = (1...10).map { JSONValue.string("Reply number \($0)") }
            try expectMessage(id, call, parameters: ["last_more_replies": .array(replies)], oneway: true)
            return [:]
        case "End":
            let id = try clientID(call)
            try step(id, "End", to: "Start")
            try expectMessage(id, call, parameters: [:])
            clients.withLock { _ = $0.removeValue(forKey: id) }
            return ["all_ok": .bool(true)]
        default:
            throw .methodNotImplemented(call.method)
        }
    }

    func handleMore(_ call: VarlinkCall, replies: VarlinkReplyStream) throws(VarlinkError) {
        guard call.member == "Test10" else {
            replies.finish(try handle(call))
            return
        }
        let id = try clientID(call)
        try step(id, "Test10", to: "Test11")
        var myType = Self.myType.objectValue ?? [:]
        // Null nullable members may be left out; the reference accepts both.
        var got = call.parameters?["mytype"]?.objectValue ?? [:]
        for key in ["nullable", "nullable_array_struct"] {
            myType[key] = nil
            if let value = got[key] {
                try require(id, call, value == .null, wants: ["mytype": .object(myType)])
                got[key] = nil
            }
        }
        try expectMessage(id, call, parameters: ["mytype": .object(myType)], more: true, comparing: ["mytype": .object(got)])
        for number in 1...9 {
            replies.yield(["string": .string("Reply number \(number)")])
        }
        replies.finish(["string": .string("Reply number 10")])
    }

    // MARK: The reference's values

    private static let test05Reply: [String: JSONValue] = [
        "bool": .bool(false), "int": .int(2), "float": .double(Double.pi), "string": .string("a lot of string"),
    ]
    private static let map = JSONValue.object(["foo": .string("Foo"), "bar": .string("Bar")])
    private static let set = JSONValue.object(["one": .object([:]), "two": .object([:]), "three": .object([:])])
    private static let myType = JSONValue.object([
        "object": .object([
            "method": .string("org.varlink.certification.Test09"),
            "parameters": .object(["map": map]),
        ]),
        "enum": .string("two"),
        "struct": .object(["first": .int(1), "second": .string("2")]),
        "array": .array([.string("one"), .string("two"), .string("three")]),
        "dictionary": map,
        "stringset": set,
        "nullable": .null,
        "nullable_array_struct": .null,
        "interface": .object([
            "foo": .array([
                .null, .object(["foo": .string("foo"), "bar": .string("bar")]),
                .null, .object(["one": .string("foo"), "two": .string("bar")]),
            ]),
            "anon": .object(["foo": .bool(true), "bar": .bool(false)]),
        ]),
    ])

    // MARK: Checks

    private static func newClientID() -> String {
        var generator = SystemRandomNumberGenerator()
        return (0..<16).map { _ in String(format: "%02x", UInt8.random(in: .min ... .max, using: &generator)) }.joined()
    }

    private func clientID(_ call: VarlinkCall) throws(VarlinkError) -> String {
        guard let id = call.parameters?["client_id"]?.stringValue else {
            throw VarlinkError(name: Self.prefix + "ClientIdError")
        }
        return id
    }

    /// The call must be the one the client is due to make; then the next one is due.
    private func step(_ id: String, _ method: String, to next: String) throws(VarlinkError) {
        let now = ContinuousClock.now
        let due: String? = clients.withLock { clients in
            clients = clients.filter { now - $0.value.started < Self.lifetime }
            guard let due = clients[id]?.next else { return nil }
            if due == method { clients[id]?.next = next }
            return due
        }
        guard let due else {
            throw Self.certificationError(
                wants: ["method": .string(Self.prefix + "Start+++")], got: ["method": .string(Self.prefix + method)])
        }
        guard due == method else {
            throw Self.certificationError(
                wants: ["method": .string("Call to method \(Self.prefix)\(due)")],
                got: ["method": .string("Call to method \(Self.prefix)\(method)")])
        }
    }

    /// The whole message must be exactly `{"method", "parameters": {client_id, …}}` (plus the
    /// flag the method needs), as the reference compares the raw message.
    private func expectMessage(
        _ id: String, _ call: VarlinkCall, parameters: [String: JSONValue], oneway: Bool = false, more: Bool = false,
        comparing got: [String: JSONValue]? = nil
    ) throws(VarlinkError) {
        var wantedParameters = parameters
        wantedParameters["client_id"] = .string(id)
        var wants: [String: JSONValue] = ["method": .string(call.method), "parameters": .object(wantedParameters)]
        if oneway { wants["oneway"] = .bool(true) }
        if more { wants["more"] = .bool(true) }
        var message = Self.message(of: call)
        if let got, case var .object(members)? = message["parameters"] {
            members.merge(got) { _, replacement in replacement }
            message["parameters"] = .object(members)
        }
        try expectMessage(id, message, wants: wants)
    }

    private func expectMessage(_ id: String, _ message: [String: JSONValue], wants: [String: JSONValue]) throws(VarlinkError) {
        guard Self.same(.object(message), .object(wants)) else {
            forget(id)
            throw Self.certificationError(wants: wants, got: message)
        }
    }

    private func require(_ id: String, _ call: VarlinkCall, _ condition: Bool, wants: [String: JSONValue]) throws(VarlinkError) {
        guard condition else {
            forget(id)
            throw Self.certificationError(wants: ["parameters": .object(wants)], got: Self.message(of: call))
        }
    }

    private func forget(_ id: String) {
        clients.withLock { _ = $0.removeValue(forKey: id) }
    }

    /// The call as the client sent it (the fields a call can have).
    private static func message(of call: VarlinkCall) -> [String: JSONValue] {
        var message: [String: JSONValue] = ["method": .string(call.method)]
        if let parameters = call.parameters { message["parameters"] = .object(parameters) }
        if let oneway = call.oneway { message["oneway"] = .bool(oneway) }
        if let more = call.more { message["more"] = .bool(more) }
        if let upgrade = call.upgrade { message["upgrade"] = .bool(upgrade) }
        return message
    }

    /// JSON equality as the reference (Python) sees it: numbers equal by value, whether sent as
    /// 1 or 1.0.
    private static func same(_ left: JSONValue, _ right: JSONValue) -> Bool {
        switch (left, right) {
        case let (.int(a), .double(b)), let (.double(b), .int(a)): return Double(a) == b
        case let (.array(a), .array(b)): return a.count == b.count && zip(a, b).allSatisfy { same($0, $1) }
        case let (.object(a), .object(b)):
            return a.count == b.count && a.allSatisfy { key, value in b[key].map { same(value, $0) } ?? false }
        default: return left == right
        }
    }

    private static func certificationError(wants: [String: JSONValue], got: [String: JSONValue]) -> VarlinkError {
        VarlinkError(name: prefix + "CertificationError", parameters: ["wants": .object(wants), "got": .object(got)])
    }
}
