import Foundation
import Testing
import VarlinkCertificationInterface

@testable import Varlink

@Suite("Varlink interface descriptions")
struct VarlinkInterfaceDefinitionTests {
    /// The product's interface file, read from the repository.
    static let nocontactFile = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("varlink/io.nocontact.varlink")

    /// org.varlink.service parses into its two methods and six errors, with their documentation.
    @Test func serviceInterface() throws {
        let definition = try VarlinkInterfaceDefinition(parsing: VarlinkDispatcher.serviceInterface.description)
        #expect(definition.name == "org.varlink.service")
        #expect(
            definition.documentation == [
                "The Varlink Service Interface is provided by every varlink service. It",
                "describes the service and the interfaces it implements.",
            ])
        #expect(
            definition.members.map(\.name) == [
                "GetInfo", "GetInterfaceDescription", "InterfaceNotFound", "MethodNotFound", "MethodNotImplemented",
                "InvalidParameter", "PermissionDenied", "ExpectedMore",
            ])
        #expect(
            definition.method(named: "GetInfo")
                == .init(
                    name: "GetInfo", parameters: [],
                    results: [
                        .init("vendor", .string), .init("product", .string), .init("version", .string), .init("url", .string),
                        .init("interfaces", .array(.string)),
                    ],
                    documentation: ["Get a list of all the interfaces a service provides and information", "about the implementation."]))
        #expect(definition.error(named: "PermissionDenied")?.parameters == [])
        #expect(definition.method(named: "InterfaceNotFound") == nil)
    }

    /// org.varlink.certification parses with every kind of type: nullable, arrays, dictionaries, sets, enums, anonymous structs, objects and named types.
    @Test func certificationInterface() throws {
        let definition = try VarlinkInterfaceDefinition(parsing: CertificationInterface.description)
        #expect(definition.name == "org.varlink.certification")
        #expect(definition.documentation.count == 11)
        #expect(
            definition.alias(named: "Interface")?.type
                == .structure([
                    .init("foo", .nullable(.array(.nullable(.dictionary(.enumeration(["foo", "bar", "baz"])))))),
                    .init("anon", .structure([.init("foo", .bool), .init("bar", .bool)])),
                ]))
        #expect(
            definition.alias(named: "MyType")?.type
                == .structure([
                    .init("object", .object),
                    .init("enum", .enumeration(["one", "two", "three"])),
                    .init("struct", .structure([.init("first", .int), .init("second", .string)])),
                    .init("array", .array(.string)),
                    .init("dictionary", .dictionary(.string)),
                    .init("stringset", .dictionary(.structure([]))),
                    .init("nullable", .nullable(.string)),
                    .init("nullable_array_struct", .nullable(.array(.structure([.init("first", .int), .init("second", .string)])))),
                    .init("interface", .named("Interface")),
                ]))
        #expect(definition.method(named: "Test10")?.documentation == [#"returns more than one reply with "continues""#])
        #expect(definition.method(named: "Test10")?.parameters == [.init("client_id", .string), .init("mytype", .named("MyType"))])
        #expect(definition.method(named: "Test03")?.results == [.init("float", .float)])
        #expect(definition.error(named: "CertificationError")?.parameters == [.init("wants", .object), .init("got", .object)])
        #expect(definition.members.count == 2 + 13 + 2)
    }

    /// The product's interface file parses, and declares the methods the CLI calls.
    @Test func nocontactInterface() throws {
        let text = try String(contentsOf: Self.nocontactFile, encoding: .utf8)
        let definition = try VarlinkInterfaceDefinition(parsing: text)
        #expect(definition.name == "io.nocontact")
        #expect(definition.method(named: "Days") != nil)
        #expect(definition.method(named: "Status")?.results.first == .init("version", .string))
        #expect(definition.error(named: "InvalidConfig")?.parameters.map(\.name) == ["file", "line", "column", "message"])
    }

    /// Printing is canonical: printed text parses back to the same definition and prints the same again.
    @Test func printRoundTrip() throws {
        let texts = [
            VarlinkDispatcher.serviceInterface.description, CertificationInterface.description,
            try String(contentsOf: Self.nocontactFile, encoding: .utf8), TestHandler.description,
        ]
        for text in texts {
            let definition = try VarlinkInterfaceDefinition(parsing: text)
            let printed = definition.description
            let reparsed = try VarlinkInterfaceDefinition(parsing: printed)
            #expect(reparsed == definition)
            #expect(reparsed.description == printed)
            #expect(printed.split(separator: "\n").allSatisfy { $0.count <= 80 || !$0.contains(" ") || $0.hasPrefix("#") })
        }
    }

    /// The service interface, already in canonical layout, prints back exactly as written.
    @Test func serviceInterfacePrintsAsWritten() throws {
        let text = VarlinkDispatcher.serviceInterface.description
        #expect(try VarlinkInterfaceDefinition(parsing: text).description == text)
    }

    /// The printer's layout: short members on one line, long ones broken open by field, nested as needed.
    @Test func printerLayout() throws {
        let definition = try VarlinkInterfaceDefinition(parsing: CertificationInterface.description)
        let printed = definition.description
        #expect(printed.contains("\nmethod Test01(client_id: string) -> (bool: bool)\n"))
        #expect(printed.contains("\n# must be called as \"oneway\"\nmethod Test11(client_id: string, last_more_replies: []string) -> ()\n"))
        #expect(
            printed.contains(
                """

                method Test06(
                  client_id: string,
                  bool: bool,
                  int: int,
                  float: float,
                  string: string
                ) -> (struct: (bool: bool, int: int, float: float, string: string))

                """))
        #expect(
            printed.contains(
                """

                type MyType (
                  object: object,
                  enum: (one, two, three),
                """))
        #expect(printed.contains("\nerror CertificationError (wants: object, got: object)\n"))
        #expect(printed.hasPrefix("# Interface to test varlink implementations against.\n"))
    }

    /// Whitespace and comments may appear anywhere, members need no blank lines, and only comments before a member document it.
    @Test func whitespaceAndComments() throws {
        let definition = try VarlinkInterfaceDefinition(
            parsing: """
                interface org.example.compact # trailing
                type T(a:int,b:?[]T)method M(x :T)->( y : [string]T ) # about E
                error E()
                # about F
                type F (
                  # inside: documents nothing
                  one,
                  two
                )
                """)
        #expect(definition.members.map(\.name) == ["T", "M", "E", "F"])
        #expect(definition.documentation == [])
        #expect(definition.members[0].documentation == ["trailing"])
        #expect(definition.error(named: "E")?.documentation == ["about E"])
        #expect(definition.alias(named: "F") == .init(name: "F", type: .enumeration(["one", "two"]), documentation: ["about F"]))
        #expect(definition.method(named: "M")?.results == [.init("y", .dictionary(.named("T")))])
    }

    /// Each invalid description is refused with a message and the line and column of the fault.
    @Test(arguments: [
        ("", 1, 1, "expected \"interface\", found the end"),
        ("interfaces org.a", 1, 1, "expected \"interface\", found \"interfaces\""),
        ("interface org", 1, 11, "\"org\" is not an interface name (reverse-domain, like org.example.service)"),
        ("interface org..a\nmethod A() -> ()", 1, 11, "\"org..a\" is not an interface name (reverse-domain, like org.example.service)"),
        ("interface org.a", 1, 16, "an interface needs at least one type, method or error"),
        ("interface org.a\nmethod a() -> ()", 2, 8, "\"a\" is not a member name (an uppercase letter, then letters and digits)"),
        ("interface org.a\nfunction A() -> ()", 2, 1, "expected type, method or error, found \"function\""),
        ("interface org.a\nmethod A() ()", 2, 12, "expected \"->\", found \"(\""),
        ("interface org.a\nmethod A(x: int -> ()", 2, 17, "expected \",\" or \")\", found \"-\""),
        ("interface org.a\nmethod A(x: int,) -> ()", 2, 17, "expected a field name, found \")\""),
        ("interface org.a\nmethod A(x: ??int) -> ()", 2, 14, "a type cannot be nullable twice (\"??\")"),
        ("interface org.a\nmethod A(x: [int]int) -> ()", 2, 13, "expected \"[]\" or \"[string]\""),
        (
            "interface org.a\nmethod A(x: integer) -> ()", 2, 13,
            "\"integer\" is not a type (bool, int, float, string, object, or a declared type name)"
        ),
        ("interface org.a\nmethod A(x: Missing) -> ()", 2, 13, "type \"Missing\" is not declared"),
        ("interface org.a\nmethod A(x: int, x: int) -> ()", 2, 18, "field \"x\" appears twice"),
        (
            "interface org.a\nmethod A(bad__name: int) -> ()", 2, 10,
            "\"bad__name\" is not a field name (letters and digits, single underscores between them)"
        ),
        ("interface org.a\ntype E (a, b, a)", 2, 15, "enum value \"a\" appears twice"),
        ("interface org.a\nerror A ()\nmethod A() -> ()", 3, 1, "\"A\" is declared twice"),
        ("interface org.a\nmethod A() -> (\n  x: int\n", 4, 1, "expected \",\" or \")\", found the end"),
        ("interface org.a\ntypeT (a: int)", 2, 1, "expected type, method or error, found \"typeT\""),
    ])
    func errors(text: String, line: Int, column: Int, message: String) {
        #expect(throws: VarlinkInterfaceDefinition.ParseError(message: message, line: line, column: column)) {
            try VarlinkInterfaceDefinition(parsing: text)
        }
    }

    /// A parse error describes itself as line:column: message.
    @Test func errorDescription() {
        #expect(VarlinkInterfaceDefinition.ParseError(message: "bad", line: 3, column: 7).description == "3:7: bad")
    }

    /// The server refuses a handler whose interface description does not parse, or names another interface.
    @Test func bindRefusesInvalidDescriptions() throws {
        struct Broken: VarlinkMethodHandler {
            var description: String
            var name = "org.example.broken"
            var info: VarlinkServiceInfo { VarlinkServiceInfo(vendor: "", product: "", version: "", url: "") }
            var interfaces: [VarlinkInterface] { [VarlinkInterface(name: name, description: description)] }
            func handle(_ call: VarlinkCall) throws(VarlinkError) -> [String: JSONValue] { [:] }
        }
        let directory = try makeTemporaryDirectory()
        defer { rmdir(directory) }
        let group = MultiThreadedEventLoopGroupHolder()
        defer { group.shutdown() }
        #expect(throws: VarlinkInterfaceDefinition.ParseError(message: "expected \"->\", found the end", line: 2, column: 11)) {
            _ = try VarlinkServer.bind(
                path: "\(directory)/a.socket", handler: Broken(description: "interface org.example.broken\nmethod A()"), group: group.group)
        }
        #expect(
            throws: VarlinkInterfaceDefinition.ParseError(
                message: "the description declares interface org.example.other, but it is offered as org.example.broken", line: 1, column: 1
            )
        ) {
            _ = try VarlinkServer.bind(
                path: "\(directory)/b.socket", handler: Broken(description: "interface org.example.other\nmethod A() -> ()"),
                group: group.group)
        }
        #expect(access("\(directory)/a.socket", F_OK) != 0)
    }
}
