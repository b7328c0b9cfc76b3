#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Encodes an `Encodable` straight into a `JSONValue`, as `JSONEncoder` would with dates as
/// seconds since 1970, without writing JSON text and parsing it back.
///
/// Every reply of a service built on `VarlinkCoding.object` passes through here, so the round
/// trip it replaces was most of the cost of a small call.
enum JSONValueEncoder {
    static func encode(_ value: some Encodable) throws -> JSONValue {
        let slot = Slot()
        try slot.encode(value, codingPath: [])
        return slot.resolved
    }

    /// Where one value goes: filled once, or grown as an object or an array.
    final class Slot {
        enum Content {
            case empty
            case value(JSONValue)
            case object([String: Slot])
            case array([Slot])
        }

        var content = Content.empty

        init() {}

        init(_ value: JSONValue) {
            content = .value(value)
        }

        var resolved: JSONValue {
            switch content {
            // A type that encodes nothing at all is an empty object, as with JSONEncoder.
            case .empty: return .object([:])
            case let .value(value): return value
            case let .object(members): return .object(members.mapValues(\.resolved))
            case let .array(items): return .array(items.map(\.resolved))
            }
        }

        func encode(_ value: some Encodable, codingPath: [any CodingKey]) throws {
            switch value {
            case let date as Date: content = .value(.double(date.timeIntervalSince1970))
            case let json as JSONValue: content = .value(json)
            case let url as URL: content = .value(.string(url.absoluteString))
            case let data as Data: content = .value(.string(data.base64EncodedString()))
            default: try value.encode(to: SlotEncoder(slot: self, codingPath: codingPath))
            }
        }

        // `content` is emptied while a member or item is added, so that the collection has one
        // owner and grows in place instead of being copied for every member.

        func addMember(_ key: String) -> Slot {
            let child = Slot()
            var members: [String: Slot] = [:]
            if case let .object(existing) = content { members = existing }
            content = .empty
            members[key] = child
            content = .object(members)
            return child
        }

        func appendItem() -> Slot {
            let child = Slot()
            var items: [Slot] = []
            if case let .array(existing) = content { items = existing }
            content = .empty
            items.append(child)
            content = .array(items)
            return child
        }

        var itemCount: Int {
            if case let .array(items) = content { return items.count }
            return 0
        }
    }

    struct SlotEncoder: Encoder {
        let slot: Slot
        let codingPath: [any CodingKey]
        var userInfo: [CodingUserInfoKey: Any] { [:] }

        func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
            if case .object = slot.content {} else { slot.content = .object([:]) }
            return KeyedEncodingContainer(KeyedContainer<Key>(slot: slot, codingPath: codingPath))
        }

        func unkeyedContainer() -> any UnkeyedEncodingContainer {
            if case .array = slot.content {} else { slot.content = .array([]) }
            return UnkeyedContainer(slot: slot, codingPath: codingPath)
        }

        func singleValueContainer() -> any SingleValueEncodingContainer {
            SingleValueContainer(slot: slot, codingPath: codingPath)
        }
    }

    struct KeyedContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
        let slot: Slot
        let codingPath: [any CodingKey]

        mutating func encodeNil(forKey key: Key) throws { slot.addMember(key.stringValue).content = .value(.null) }
        mutating func encode(_ value: Bool, forKey key: Key) throws { slot.addMember(key.stringValue).content = .value(.bool(value)) }
        mutating func encode(_ value: String, forKey key: Key) throws { slot.addMember(key.stringValue).content = .value(.string(value)) }
        mutating func encode(_ value: Double, forKey key: Key) throws { slot.addMember(key.stringValue).content = .value(.double(value)) }
        mutating func encode(_ value: Float, forKey key: Key) throws {
            slot.addMember(key.stringValue).content = .value(.double(Double(value)))
        }
        mutating func encode(_ value: Int, forKey key: Key) throws { slot.addMember(key.stringValue).content = .value(.int(Int64(value))) }
        mutating func encode(_ value: Int8, forKey key: Key) throws { slot.addMember(key.stringValue).content = .value(.int(Int64(value))) }
        mutating func encode(_ value: Int16, forKey key: Key) throws {
            slot.addMember(key.stringValue).content = .value(.int(Int64(value)))
        }
        mutating func encode(_ value: Int32, forKey key: Key) throws {
            slot.addMember(key.stringValue).content = .value(.int(Int64(value)))
        }
        mutating func encode(_ value: Int64, forKey key: Key) throws { slot.addMember(key.stringValue).content = .value(.int(value)) }
        mutating func encode(_ value: UInt, forKey key: Key) throws {
            slot.addMember(key.stringValue).content = .value(JSONValueEncoder.number(value))
        }
        mutating func encode(_ value: UInt8, forKey key: Key) throws {
            slot.addMember(key.stringValue).content = .value(.int(Int64(value)))
        }
        mutating func encode(_ value: UInt16, forKey key: Key) throws {
            slot.addMember(key.stringValue).content = .value(.int(Int64(value)))
        }
        mutating func encode(_ value: UInt32, forKey key: Key) throws {
            slot.addMember(key.stringValue).content = .value(.int(Int64(value)))
        }
        mutating func encode(_ value: UInt64, forKey key: Key) throws {
            slot.addMember(key.stringValue).content = .value(JSONValueEncoder.number(value))
        }
        mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
            try slot.addMember(key.stringValue).encode(value, codingPath: codingPath + [key])
        }

        mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key) -> KeyedEncodingContainer<
            NestedKey
        > {
            SlotEncoder(slot: slot.addMember(key.stringValue), codingPath: codingPath + [key]).container(keyedBy: keyType)
        }

        mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
            SlotEncoder(slot: slot.addMember(key.stringValue), codingPath: codingPath + [key]).unkeyedContainer()
        }

        mutating func superEncoder() -> any Encoder {
            SlotEncoder(slot: slot.addMember("super"), codingPath: codingPath)
        }

        mutating func superEncoder(forKey key: Key) -> any Encoder {
            SlotEncoder(slot: slot.addMember(key.stringValue), codingPath: codingPath + [key])
        }
    }

    struct UnkeyedContainer: UnkeyedEncodingContainer {
        let slot: Slot
        let codingPath: [any CodingKey]
        var count: Int { slot.itemCount }

        mutating func encodeNil() throws { slot.appendItem().content = .value(.null) }
        mutating func encode(_ value: Bool) throws { slot.appendItem().content = .value(.bool(value)) }
        mutating func encode(_ value: String) throws { slot.appendItem().content = .value(.string(value)) }
        mutating func encode(_ value: Double) throws { slot.appendItem().content = .value(.double(value)) }
        mutating func encode(_ value: Int) throws { slot.appendItem().content = .value(.int(Int64(value))) }
        mutating func encode(_ value: Int64) throws { slot.appendItem().content = .value(.int(value)) }
        mutating func encode<T: Encodable>(_ value: T) throws {
            try slot.appendItem().encode(value, codingPath: codingPath)
        }

        mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
            SlotEncoder(slot: slot.appendItem(), codingPath: codingPath).container(keyedBy: keyType)
        }

        mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
            SlotEncoder(slot: slot.appendItem(), codingPath: codingPath).unkeyedContainer()
        }

        mutating func superEncoder() -> any Encoder {
            SlotEncoder(slot: slot.appendItem(), codingPath: codingPath)
        }
    }

    struct SingleValueContainer: SingleValueEncodingContainer {
        let slot: Slot
        let codingPath: [any CodingKey]

        mutating func encodeNil() throws { slot.content = .value(.null) }
        mutating func encode(_ value: Bool) throws { slot.content = .value(.bool(value)) }
        mutating func encode(_ value: String) throws { slot.content = .value(.string(value)) }
        mutating func encode(_ value: Double) throws { slot.content = .value(.double(value)) }
        mutating func encode(_ value: Float) throws { slot.content = .value(.double(Double(value))) }
        mutating func encode(_ value: Int) throws { slot.content = .value(.int(Int64(value))) }
        mutating func encode(_ value: Int8) throws { slot.content = .value(.int(Int64(value))) }
        mutating func encode(_ value: Int16) throws { slot.content = .value(.int(Int64(value))) }
        mutating func encode(_ value: Int32) throws { slot.content = .value(.int(Int64(value))) }
        mutating func encode(_ value: Int64) throws { slot.content = .value(.int(value)) }
        mutating func encode(_ value: UInt) throws { slot.content = .value(JSONValueEncoder.number(value)) }
        mutating func encode(_ value: UInt8) throws { slot.content = .value(.int(Int64(value))) }
        mutating func encode(_ value: UInt16) throws { slot.content = .value(.int(Int64(value))) }
        mutating func encode(_ value: UInt32) throws { slot.content = .value(.int(Int64(value))) }
        mutating func encode(_ value: UInt64) throws { slot.content = .value(JSONValueEncoder.number(value)) }
        mutating func encode<T: Encodable>(_ value: T) throws { try slot.encode(value, codingPath: codingPath) }
    }

    /// An unsigned number: exact while it fits in Int64, else as a float (as JSON readers take it).
    static func number(_ value: some UnsignedInteger) -> JSONValue {
        if let exact = Int64(exactly: value) { return .int(exact) }
        return .double(Double(value))
    }
}
