#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// A method call sent by a client (varlink.org "Method Call").
public struct VarlinkCall: Sendable, Equatable, Codable {
    /// Fully qualified: `interface.Method`, e.g. `org.varlink.service.GetInfo`.
    public var method: String
    /// The call's arguments; absent and empty mean the same.
    public var parameters: [String: JSONValue]?
    /// The client wants no reply.
    public var oneway: Bool?
    /// The client accepts several replies (`continues: true` on all but the last).
    public var more: Bool?
    /// The client asks to switch protocols after the reply; not supported here.
    public var upgrade: Bool?

    /// A call; leave a flag nil to leave it out of the message.
    public init(method: String, parameters: [String: JSONValue]? = nil, oneway: Bool? = nil, more: Bool? = nil, upgrade: Bool? = nil) {
        self.method = method
        self.parameters = parameters
        self.oneway = oneway
        self.more = more
        self.upgrade = upgrade
    }

    /// The interface part of `method` (everything before the last dot).
    public var interface: String {
        guard let dot = method.lastIndex(of: ".") else { return "" }
        return String(method[..<dot])
    }

    /// The member part of `method` (after the last dot).
    public var member: String {
        guard let dot = method.lastIndex(of: ".") else { return method }
        return String(method[method.index(after: dot)...])
    }
}
