/// What `org.varlink.service.GetInfo` reports.
public struct VarlinkServiceInfo: Sendable, Equatable, Codable {
    public var vendor: String
    public var product: String
    public var version: String
    public var url: String

    public init(vendor: String, product: String, version: String, url: String) {
        self.vendor = vendor
        self.product = product
        self.version = version
        self.url = url
    }
}

/// One interface a service offers: its name and its description text (the `.varlink` file).
public struct VarlinkInterface: Sendable, Equatable {
    public var name: String
    public var description: String

    public init(name: String, description: String) {
        self.name = name
        self.description = description
    }
}

/// The methods a server answers, besides `org.varlink.service` which the server answers itself.
public protocol VarlinkMethodHandler: Sendable {
    var info: VarlinkServiceInfo { get }
    var interfaces: [VarlinkInterface] { get }
    /// Answers one call to one of `interfaces`. Throw `VarlinkError` for an error reply.
    func handle(_ call: VarlinkCall) throws(VarlinkError) -> [String: JSONValue]
}

/// Routes calls: `org.varlink.service` here, the rest to the handler.
struct VarlinkDispatcher: Sendable {
    static let serviceInterface = VarlinkInterface(name: "org.varlink.service", description: """
        # The Varlink Service Interface is provided by every varlink service. It
        # describes the service and the interfaces it implements.
        interface org.varlink.service

        # Get a list of all the interfaces a service provides and information
        # about the implementation.
        method GetInfo() -> (
          vendor: string,
          product: string,
          version: string,
          url: string,
          interfaces: []string
        )

        # Get the description of an interface that is implemented by this service.
        method GetInterfaceDescription(interface: string) -> (description: string)

        # The requested interface was not found.
        error InterfaceNotFound (interface: string)

        # The requested method was not found
        error MethodNotFound (method: string)

        # The interface defines the requested method, but the service does not
        # implement it.
        error MethodNotImplemented (method: string)

        # One of the passed parameters is invalid.
        error InvalidParameter (parameter: string)

        # Client is denied access
        error PermissionDenied ()

        # Method is expected to be called with 'more' set to true, but wasn't
        error ExpectedMore ()

        """)

    let handler: any VarlinkMethodHandler

    func reply(to call: VarlinkCall) -> VarlinkReply {
        do {
            return VarlinkReply(parameters: try answer(call))
        } catch {
            return .failure(error)
        }
    }

    private func answer(_ call: VarlinkCall) throws(VarlinkError) -> [String: JSONValue] {
        if call.upgrade == true {
            throw .invalidParameter("upgrade")
        }
        if call.interface == Self.serviceInterface.name {
            switch call.member {
            case "GetInfo":
                let info = handler.info
                let names = ([Self.serviceInterface] + handler.interfaces).map { JSONValue.string($0.name) }
                return [
                    "vendor": .string(info.vendor), "product": .string(info.product),
                    "version": .string(info.version), "url": .string(info.url), "interfaces": .array(names),
                ]
            case "GetInterfaceDescription":
                guard let name = call.parameters?["interface"]?.stringValue else {
                    throw .invalidParameter("interface")
                }
                guard let interface = ([Self.serviceInterface] + handler.interfaces).first(where: { $0.name == name }) else {
                    throw .interfaceNotFound(name)
                }
                return ["description": .string(interface.description)]
            default:
                throw .methodNotFound(call.method)
            }
        }
        guard handler.interfaces.contains(where: { $0.name == call.interface }) else {
            throw .interfaceNotFound(call.interface)
        }
        return try handler.handle(call)
    }
}
