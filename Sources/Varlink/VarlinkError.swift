/// An error reply: a qualified name and its parameters.
public struct VarlinkError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Fully qualified: `interface.ErrorName`.
    public var name: String
    /// The error's fields, as the interface declares them.
    public var parameters: [String: JSONValue]

    /// An error reply named `name` with these fields.
    public init(name: String, parameters: [String: JSONValue] = [:]) {
        self.name = name
        self.parameters = parameters
    }

    public var description: String {
        parameters.isEmpty ? name : "\(name) \(parameters)"
    }

    // The standard errors of org.varlink.service.

    /// The service has no interface of this name.
    public static func interfaceNotFound(_ interface: String) -> VarlinkError {
        VarlinkError(name: "org.varlink.service.InterfaceNotFound", parameters: ["interface": .string(interface)])
    }

    /// The interface has no method of this (fully qualified) name.
    public static func methodNotFound(_ method: String) -> VarlinkError {
        VarlinkError(name: "org.varlink.service.MethodNotFound", parameters: ["method": .string(method)])
    }

    /// The interface declares the method, but the service does not implement it.
    public static func methodNotImplemented(_ method: String) -> VarlinkError {
        VarlinkError(name: "org.varlink.service.MethodNotImplemented", parameters: ["method": .string(method)])
    }

    /// The named parameter is missing or invalid.
    public static func invalidParameter(_ parameter: String) -> VarlinkError {
        VarlinkError(name: "org.varlink.service.InvalidParameter", parameters: ["parameter": .string(parameter)])
    }

    /// The method must be called with `more: true`.
    public static func expectedMore() -> VarlinkError {
        VarlinkError(name: "org.varlink.service.ExpectedMore")
    }

    /// The client may not make this call.
    public static func permissionDenied() -> VarlinkError {
        VarlinkError(name: "org.varlink.service.PermissionDenied")
    }

    /// A `more` call when the server already serves as many streams as it allows. Not one of
    /// org.varlink.service's errors (none fits); named so that a person reading it knows why.
    public static func tooManyStreams(limit: Int) -> VarlinkError {
        VarlinkError(name: "org.varlink.server.TooManyStreams", parameters: ["limit": .int(Int64(limit))])
    }
}
