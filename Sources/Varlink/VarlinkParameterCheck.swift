/// Checks a call's parameters against its method's declared parameters, so that a missing or
/// mistyped one is answered InvalidParameter naming it, before any handler sees the call.
///
/// Lenient where the spec leaves room: members a type does not declare are ignored (a newer
/// client may send more), an `int` may arrive as a float with no fractional part, and `object`
/// takes any JSON value.
struct VarlinkParameterCheck {
    let definition: VarlinkInterfaceDefinition

    /// The name of the first parameter that does not fit, or nil when all fit.
    func firstInvalidParameter(of method: VarlinkInterfaceDefinition.Method, in parameters: [String: JSONValue]?) -> String? {
        let given = parameters ?? [:]
        for field in method.parameters where !fits(given[field.name] ?? .null, field.type, depth: 0) {
            return field.name
        }
        return nil
    }

    /// Nesting deeper than this is refused rather than followed (a message is at most 1 MiB,
    /// but a chain of named types could still recurse without end).
    private static let maximumDepth = 64

    private func fits(_ value: JSONValue, _ type: VarlinkType, depth: Int) -> Bool {
        guard depth < Self.maximumDepth else { return false }
        switch (type, value) {
        case let (.nullable(inner), _):
            return value == .null || fits(value, inner, depth: depth + 1)
        case (_, .null):
            return false
        case (.bool, .bool), (.int, .int), (.float, .int), (.float, .double), (.string, .string), (.object, _):
            return true
        case let (.int, .double(number)):
            return number.rounded() == number && abs(number) < 9.2e18
        case let (.enumeration(names), .string(name)):
            return names.contains(name)
        case let (.structure(fields), .object(members)):
            return fields.allSatisfy { fits(members[$0.name] ?? .null, $0.type, depth: depth + 1) }
        case let (.array(element), .array(items)):
            return items.allSatisfy { fits($0, element, depth: depth + 1) }
        case let (.dictionary(element), .object(members)):
            return members.values.allSatisfy { fits($0, element, depth: depth + 1) }
        case let (.named(name), _):
            // An undeclared name cannot be checked; the parser already refuses those it can see.
            guard let alias = definition.alias(named: name) else { return true }
            return fits(value, alias.type, depth: depth + 1)
        default:
            return false
        }
    }
}
