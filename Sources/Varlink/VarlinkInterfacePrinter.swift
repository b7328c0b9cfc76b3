extension VarlinkInterfaceDefinition {
    /// The description in canonical layout: documentation comments, `interface NAME`, then each
    /// member after a blank line. A member stays on one line when it fits in 80 columns;
    /// otherwise its structs break into one field per line, indented by two spaces.
    public var description: String {
        var lines: [String] = documentation.map(Self.comment)
        lines.append("interface \(name)")
        for member in members {
            lines.append("")
            lines += member.documentation.map(Self.comment)
            switch member {
            case let .type(alias):
                lines += VarlinkInterfacePrinter.layout(prefix: "type \(alias.name) ", alias.type, suffix: "")
            case let .method(method):
                lines += VarlinkInterfacePrinter.layoutMethod(method)
            case let .error(error):
                lines += VarlinkInterfacePrinter.layout(prefix: "error \(error.name) ", .structure(error.parameters), suffix: "")
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    private static func comment(_ text: String) -> String {
        text.isEmpty ? "#" : "# \(text)"
    }
}

extension VarlinkType: CustomStringConvertible {
    /// The type as written in an interface description, on one line.
    public var description: String {
        switch self {
        case .bool: return "bool"
        case .int: return "int"
        case .float: return "float"
        case .string: return "string"
        case .object: return "object"
        case let .structure(fields): return "(" + fields.map { "\($0.name): \($0.type)" }.joined(separator: ", ") + ")"
        case let .enumeration(names): return "(" + names.joined(separator: ", ") + ")"
        case let .array(element): return "[]\(element)"
        case let .dictionary(element): return "[string]\(element)"
        case let .nullable(element): return "?\(element)"
        case let .named(name): return name
        }
    }
}

/// Lays members out over lines: one line when it fits, else structs broken open.
enum VarlinkInterfacePrinter {
    static let width = 80

    static func layoutMethod(_ method: VarlinkInterfaceDefinition.Method) -> [String] {
        let parameters = VarlinkType.structure(method.parameters)
        let results = VarlinkType.structure(method.results)
        let oneLine = "method \(method.name)\(parameters) -> \(results)"
        if oneLine.count <= width { return [oneLine] }
        // The parameters stay on the first line when the line up to the results' "(" fits.
        let head: [String]
        if "method \(method.name)\(parameters) -> (".count <= width {
            head = ["method \(method.name)\(parameters)"]
        } else {
            head = broken(prefix: "method \(method.name)", parameters, suffix: "", indent: "")
        }
        // The results follow on the last line, broken open only if they do not fit there.
        var lines = head
        let last = lines.removeLast()
        lines += layout(prefix: last + " -> ", results, suffix: "")
        return lines
    }

    /// `prefix`, the type and `suffix`, on one line if it fits in the width, else broken open.
    static func layout(prefix: String, _ type: VarlinkType, suffix: String, indent: String = "") -> [String] {
        let oneLine = indent + prefix + type.description + suffix
        if oneLine.count <= width { return [oneLine] }
        return broken(prefix: prefix, type, suffix: suffix, indent: indent)
    }

    /// The type's fields (or enum values) one per line; nested types laid out in turn. Types
    /// other than structs and enums (and those wrapping one) cannot break and stay on one line.
    static func broken(prefix: String, _ type: VarlinkType, suffix: String, indent: String) -> [String] {
        var wrappers = ""
        var inner = type
        while true {
            switch inner {
            case let .nullable(element):
                wrappers += "?"
                inner = element
                continue
            case let .array(element):
                wrappers += "[]"
                inner = element
                continue
            case let .dictionary(element):
                wrappers += "[string]"
                inner = element
                continue
            default: break
            }
            break
        }
        let nested = indent + "  "
        switch inner {
        case let .structure(fields) where !fields.isEmpty:
            var lines = [indent + prefix + wrappers + "("]
            for (offset, field) in fields.enumerated() {
                let comma = offset == fields.count - 1 ? "" : ","
                lines += layout(prefix: "\(field.name): ", field.type, suffix: comma, indent: nested)
            }
            lines.append(indent + ")" + suffix)
            return lines
        case let .enumeration(names):
            var lines = [indent + prefix + wrappers + "("]
            for (offset, name) in names.enumerated() {
                lines.append(nested + name + (offset == names.count - 1 ? "" : ","))
            }
            lines.append(indent + ")" + suffix)
            return lines
        default:
            return [indent + prefix + type.description + suffix]
        }
    }
}
