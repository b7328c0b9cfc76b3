/// One interface a service offers: its name and its description text (the `.varlink` file).
public struct VarlinkInterface: Sendable, Equatable {
    /// The reverse-domain name, e.g. `org.example.ping`; must match the description's.
    public var name: String
    /// The interface description in the varlink interface definition language.
    public var description: String

    /// An interface offered under `name`, described by `description`.
    public init(name: String, description: String) {
        self.name = name
        self.description = description
    }
}
