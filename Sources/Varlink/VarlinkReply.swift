/// A reply from the service: parameters, or an error.
public struct VarlinkReply: Sendable, Equatable, Codable {
    /// The reply's fields, or the error's.
    public var parameters: [String: JSONValue]?
    /// True on every reply of a `more` call but the last.
    public var continues: Bool?
    /// A fully qualified error name, e.g. `org.varlink.service.MethodNotFound`.
    public var error: String?

    /// A reply; leave a field nil to leave it out of the message.
    public init(parameters: [String: JSONValue]? = nil, continues: Bool? = nil, error: String? = nil) {
        self.parameters = parameters
        self.continues = continues
        self.error = error
    }

    /// The error reply for `error`.
    public static func failure(_ error: VarlinkError) -> VarlinkReply {
        VarlinkReply(parameters: error.parameters, error: error.name)
    }
}
