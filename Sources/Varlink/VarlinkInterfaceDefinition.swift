/// A parsed interface description (varlink.org "Interface Definition"): the interface's name,
/// its types, methods and errors, each with the comment lines written just before it.
///
/// `VarlinkInterfaceDefinition(parsing:)` reads the text; `description` prints it back in one
/// canonical layout, which parses to the same definition.
public struct VarlinkInterfaceDefinition: Sendable, Equatable, CustomStringConvertible {
    /// The reverse-domain name, e.g. `org.varlink.service`.
    public var name: String
    /// The comment lines before `interface`, without their `#`.
    public var documentation: [String]
    /// Types, methods and errors, in the order written.
    public var members: [Member]

    /// A definition built in code (print it with `description`).
    public init(name: String, documentation: [String] = [], members: [Member]) {
        self.name = name
        self.documentation = documentation
        self.members = members
    }

    /// One declaration of an interface.
    public enum Member: Sendable, Equatable {
        /// `type Name (…)`: a named struct or enum.
        case type(Alias)
        /// `method Name(…) -> (…)`.
        case method(Method)
        /// `error Name (…)`.
        case error(ErrorType)

        /// The member's name, unique within its interface.
        public var name: String {
            switch self {
            case let .type(alias): return alias.name
            case let .method(method): return method.name
            case let .error(error): return error.name
            }
        }

        /// The comment lines before the member, without their `#`.
        public var documentation: [String] {
            switch self {
            case let .type(alias): return alias.documentation
            case let .method(method): return method.documentation
            case let .error(error): return error.documentation
            }
        }
    }

    /// `type Name (…)`.
    public struct Alias: Sendable, Equatable {
        /// The name, unique within the interface (a field's: within its struct).
        public var name: String
        /// A `.structure` or an `.enumeration`.
        public var type: VarlinkType
        /// The comment lines before it, without their `#`.
        public var documentation: [String]

        /// A type alias; `type` should be a struct or an enum.
        public init(name: String, type: VarlinkType, documentation: [String] = []) {
            self.name = name
            self.type = type
            self.documentation = documentation
        }
    }

    /// `method Name(parameters) -> (results)`.
    public struct Method: Sendable, Equatable {
        /// The name, unique within the interface (a field's: within its struct).
        public var name: String
        /// The fields of the call (for an error: of the error reply).
        public var parameters: [VarlinkField]
        /// The fields of each reply.
        public var results: [VarlinkField]
        /// The comment lines before it, without their `#`.
        public var documentation: [String]

        /// A method taking `parameters` and replying with `results`.
        public init(name: String, parameters: [VarlinkField], results: [VarlinkField], documentation: [String] = []) {
            self.name = name
            self.parameters = parameters
            self.results = results
            self.documentation = documentation
        }
    }

    /// `error Name (parameters)`.
    public struct ErrorType: Sendable, Equatable {
        /// The name, unique within the interface (a field's: within its struct).
        public var name: String
        /// The fields of the call (for an error: of the error reply).
        public var parameters: [VarlinkField]
        /// The comment lines before it, without their `#`.
        public var documentation: [String]

        /// An error carrying `parameters`.
        public init(name: String, parameters: [VarlinkField], documentation: [String] = []) {
            self.name = name
            self.parameters = parameters
            self.documentation = documentation
        }
    }

    /// The method called `name`, if the interface declares one.
    public func method(named name: String) -> Method? {
        for case let .method(method) in members where method.name == name { return method }
        return nil
    }

    /// The type alias called `name`, if the interface declares one.
    public func alias(named name: String) -> Alias? {
        for case let .type(alias) in members where alias.name == name { return alias }
        return nil
    }

    /// The error called `name`, if the interface declares one.
    public func error(named name: String) -> ErrorType? {
        for case let .error(error) in members where error.name == name { return error }
        return nil
    }
}

/// A named member of a struct: `name: type`.
public struct VarlinkField: Sendable, Equatable {
    /// The name, unique within the interface (a field's: within its struct).
    public var name: String
    /// Its type.
    public var type: VarlinkType

    /// The field `name: type`.
    public init(_ name: String, _ type: VarlinkType) {
        self.name = name
        self.type = type
    }
}

/// A type in an interface description.
public indirect enum VarlinkType: Sendable, Equatable {
    case bool
    case int
    case float
    case string
    /// Any JSON object (`object`).
    case object
    /// `(name: type, …)`.
    case structure([VarlinkField])
    /// `(one, two, …)`: one of the names, sent as a string.
    case enumeration([String])
    /// `[]type`.
    case array(VarlinkType)
    /// `[string]type`: an object whose members all have this type. `[string]()` is a set of strings.
    case dictionary(VarlinkType)
    /// `?type`: may be null or absent.
    case nullable(VarlinkType)
    /// A type declared with `type Name` in the same interface.
    case named(String)
}
