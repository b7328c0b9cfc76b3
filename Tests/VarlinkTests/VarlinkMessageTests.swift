import Foundation
import Testing

@testable import Varlink

@Suite("Varlink messages and JSONValue")
struct VarlinkMessageTests {
    /// Every kind of JSON value survives encoding and decoding unchanged.
    @Test func jsonValueRoundTrip() throws {
        let value = JSONValue.object([
            "null": .null, "yes": .bool(true), "no": .bool(false), "int": .int(-42), "big": .int(9_007_199_254_740_993),
            "double": .double(1.5), "small": .double(-0.000_25), "text": .string("hé \"quoted\" / \u{1F331}\n"),
            "list": .array([.int(1), .string("two"), .array([]), .object([:])]),
            "nested": .object(["inner": .object(["deep": .array([.null])])]),
        ])
        let data = try JSONEncoder().encode(value)
        #expect(try JSONDecoder().decode(JSONValue.self, from: data) == value)
    }

    /// Booleans, integers, decimals and null decode to their own cases, not to each other.
    @Test func jsonValueDecodesDistinctCases() throws {
        func decode(_ text: String) throws -> JSONValue { try JSONDecoder().decode(JSONValue.self, from: Data(text.utf8)) }
        #expect(try decode("true") == .bool(true))
        #expect(try decode("1") == .int(1))
        #expect(try decode("0") == .int(0))
        #expect(try decode("2.5") == .double(2.5))
        #expect(try decode("null") == .null)
        #expect(try decode("\"1\"") == .string("1"))
        #expect(try decode("[true, 1]") == .array([.bool(true), .int(1)]))
        #expect(try decode("{\"a\":{}}") == .object(["a": .object([:])]))
    }

    /// The accessors answer only for their own case.
    @Test func jsonValueAccessors() {
        #expect(JSONValue.string("x").stringValue == "x")
        #expect(JSONValue.int(1).stringValue == nil)
        #expect(JSONValue.bool(false).boolValue == false)
        #expect(JSONValue.string("true").boolValue == nil)
        #expect(JSONValue.object(["a": .null]).objectValue == ["a": .null])
        #expect(JSONValue.array([]).objectValue == nil)
    }

    /// Encodable values become parameter objects and decode back.
    @Test func codingParameters() throws {
        struct Sample: Codable, Equatable {
            var name: String
            var count: Int
            var note: String?
        }
        let object = try VarlinkCoding.object(from: Sample(name: "a", count: 2, note: nil))
        #expect(object == ["name": .string("a"), "count": .int(2)])
        #expect(try VarlinkCoding.decode(Sample.self, from: object) == Sample(name: "a", count: 2, note: nil))
    }

    /// A call's interface is everything before the last dot and its member what follows.
    @Test func callInterfaceAndMember() {
        let call = VarlinkCall(method: "org.varlink.service.GetInfo")
        #expect(call.interface == "org.varlink.service")
        #expect(call.member == "GetInfo")
        let bare = VarlinkCall(method: "GetInfo")
        #expect(bare.interface == "")
        #expect(bare.member == "GetInfo")
    }

    /// Encoded messages leave out absent fields and sort keys.
    @Test func encodedMessagesAreCompact() throws {
        let call = try VarlinkCoding.encode(VarlinkCall(method: "a.B", parameters: ["x": .int(1)], oneway: true))
        #expect(String(decoding: call, as: UTF8.self) == #"{"method":"a.B","oneway":true,"parameters":{"x":1}}"#)
        let reply = try VarlinkCoding.encode(VarlinkReply.failure(.methodNotFound("a.B")))
        #expect(String(decoding: reply, as: UTF8.self) == #"{"error":"org.varlink.service.MethodNotFound","parameters":{"method":"a.B"}}"#)
    }
}
