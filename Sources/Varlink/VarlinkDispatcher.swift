/// Routes calls: `org.varlink.service` here, the rest to the handler.
///
/// The interface descriptions are parsed once, when the server is made, so that a call to a
/// method no interface declares is MethodNotFound without bothering the handler.
struct VarlinkDispatcher: Sendable {
    let handler: any VarlinkMethodHandler
    /// The service interface first, then the handler's, as GetInfo lists them.
    let interfaces: [VarlinkInterface]
    private let definitions: [String: VarlinkInterfaceDefinition]

    /// Parses the handler's interface descriptions; throws on the first one that is invalid or
    /// whose name differs from the name it is offered under.
    init(handler: any VarlinkMethodHandler) throws(VarlinkInterfaceDefinition.ParseError) {
        self.handler = handler
        interfaces = [Self.serviceInterface] + handler.interfaces
        var definitions: [String: VarlinkInterfaceDefinition] = [:]
        for interface in interfaces {
            let definition = try VarlinkInterfaceDefinition(parsing: interface.description)
            guard definition.name == interface.name else {
                throw VarlinkInterfaceDefinition.ParseError(
                    message: "the description declares interface \(definition.name), but it is offered as \(interface.name)",
                    line: 1, column: 1)
            }
            guard definitions[interface.name] == nil else {
                throw VarlinkInterfaceDefinition.ParseError(message: "interface \(interface.name) is offered twice", line: 1, column: 1)
            }
            definitions[interface.name] = definition
        }
        self.definitions = definitions
    }

    /// The one reply to an ordinary call.
    func reply(to call: VarlinkCall) -> VarlinkReply {
        do {
            return VarlinkReply(parameters: try answer(call))
        } catch {
            return .failure(error)
        }
    }

    /// Handles a `oneway` call, whose answer and error nobody wants.
    func perform(_ call: VarlinkCall) {
        _ = reply(to: call)
    }

    /// Starts a `more` call: the handler replies on `replies` now or later.
    func start(_ call: VarlinkCall, replies: VarlinkReplyStream) {
        do {
            if try route(call) == .service {
                replies.finish(try serviceAnswer(call))
            } else {
                try handler.handleMore(call, replies: replies)
            }
        } catch {
            replies.fail(error)
        }
    }

    /// Whether `call` goes to the handler (not answered by the dispatcher itself: a service
    /// call, or an error found before the handler is asked).
    func reachesHandler(_ call: VarlinkCall) -> Bool {
        (try? route(call)) == .handler
    }

    private enum Route { case service, handler }

    /// Where a call goes, or the standard error for a call that cannot be made.
    private func route(_ call: VarlinkCall) throws(VarlinkError) -> Route {
        if call.upgrade == true {
            throw .invalidParameter("upgrade")
        }
        guard let definition = definitions[call.interface] else {
            throw .interfaceNotFound(call.interface)
        }
        guard let method = definition.method(named: call.member) else {
            throw .methodNotFound(call.method)
        }
        if let invalid = VarlinkParameterCheck(definition: definition).firstInvalidParameter(of: method, in: call.parameters) {
            throw .invalidParameter(invalid)
        }
        return call.interface == Self.serviceInterface.name ? .service : .handler
    }

    private func answer(_ call: VarlinkCall) throws(VarlinkError) -> [String: JSONValue] {
        switch try route(call) {
        case .service: return try serviceAnswer(call)
        case .handler: return try handler.handle(call)
        }
    }

    private func serviceAnswer(_ call: VarlinkCall) throws(VarlinkError) -> [String: JSONValue] {
        switch call.member {
        case "GetInfo":
            let info = handler.info
            return [
                "vendor": .string(info.vendor), "product": .string(info.product),
                "version": .string(info.version), "url": .string(info.url),
                "interfaces": .array(interfaces.map { .string($0.name) }),
            ]
        case "GetInterfaceDescription":
            guard let name = call.parameters?["interface"]?.stringValue else {
                throw .invalidParameter("interface")
            }
            guard let interface = interfaces.first(where: { $0.name == name }) else {
                throw .interfaceNotFound(name)
            }
            return ["description": .string(interface.description)]
        default:
            throw .methodNotFound(call.method)
        }
    }
}
