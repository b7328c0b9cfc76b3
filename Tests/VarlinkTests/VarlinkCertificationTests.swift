import Foundation
import Glibc
import TestSupport
import Testing
import VarlinkCertificationInterface

@testable import Varlink

/// Certification both ways against the reference implementation (PyPI `varlink`): our client
/// against its server, its client against our server.
@Suite("Varlink certification")
struct VarlinkCertificationTests {
    /// Skips the tests that need the reference implementation when there is none.
    static let referenceAvailable = ConditionTrait.enabled(
        if: TestEnvironment.python != nil,
        "NOCONTACT_PYTHON is not set: it names a Python with the PyPI varlink package (scripts/test sets it up)")

    /// Our client runs the whole certification sequence (Test10 with more, Test11 oneway) against the reference server, which checks every call.
    @Test(referenceAvailable) func ourClientAgainstReferenceServer() throws {
        let python = try #require(TestEnvironment.python)
        let directory = try makeTemporaryDirectory()
        defer { rmdir(directory) }
        let path = "\(directory)/reference.socket"
        let server = try TestProcess(python, ["-m", "varlink.tests.test_certification", "--varlink=unix:\(path)"], directory: directory)
        defer {
            server.kill()
            unlink(path)
        }
        try server.waitForService(at: path)
        let client = try VarlinkClient(path: path, timeout: 10)
        let lines = try CertificationClient.run(client)
        #expect(
            lines.filter { $0.hasPrefix("Test10: ") }
                == (1...10).map { #"Test10: ["string": Varlink.JSONValue.string("Reply number \#($0)")]"# })
        #expect(lines.last == "Certification passed")
        // The reference server also knows our connection served it well: a second run passes too.
        #expect(try CertificationClient.run(VarlinkClient(path: path, timeout: 10)).last == "Certification passed")
    }

    /// The reference client certifies our server (the varlink-certification-server binary) and prints "Certification passed".
    @Test(referenceAvailable) func referenceClientAgainstOurServer() throws {
        let python = try #require(TestEnvironment.python)
        let binary = TestEnvironment.certificationServer
        try #require(
            FileManager.default.isExecutableFile(atPath: binary),
            "\(binary) is missing: build it with swift build --build-tests (or set NOCONTACT_BIN_DIR)")
        let directory = try makeTemporaryDirectory()
        defer { rmdir(directory) }
        let path = "\(directory)/ours.socket"
        let server = try TestProcess(binary, ["unix:\(path)"], directory: directory)
        defer { server.terminate() }
        try server.waitForService(at: path)
        let description = try VarlinkClient(path: path).call(
            "org.varlink.service.GetInterfaceDescription", parameters: ["interface": .string("org.varlink.certification")])
        #expect(description == ["description": .string(CertificationInterface.description)])

        let client = try TestProcess(
            python, ["-m", "varlink.tests.test_certification", "--client", "--varlink=unix:\(path)"], directory: directory)
        let status = client.wait(seconds: 60)
        #expect(status == 0, "the reference client failed:\n\(client.standardOutput)\n\(client.standardError)")
        #expect(client.standardOutput.split(separator: "\n").last == "Certification passed")

        // Our own client certifies against our server as well.
        #expect(try CertificationClient.run(VarlinkClient(path: path, timeout: 10)).last == "Certification passed")
        // SIGTERM stops the server cleanly, removing its socket.
        server.terminate()
        #expect(server.wait(seconds: 10) == 0)
        #expect(access(path, F_OK) != 0)
    }

    /// Our server refuses a certification client that strays: wrong parameters, wrong order, unknown client id, Test11 without oneway.
    @Test func ourServerCatchesDeviations() throws {
        let binary = TestEnvironment.certificationServer
        try #require(FileManager.default.isExecutableFile(atPath: binary), "\(binary) is missing")
        let directory = try makeTemporaryDirectory()
        defer { rmdir(directory) }
        let path = "\(directory)/ours.socket"
        let server = try TestProcess(binary, [path], directory: directory)
        defer { server.terminate() }
        try server.waitForService(at: path)
        let client = try VarlinkClient(path: path, timeout: 10)
        let prefix = "org.varlink.certification."
        func isCertificationError(_ body: () throws -> Void) -> Bool {
            do {
                try body()
                return false
            } catch let VarlinkClientError.remote(error) {
                return error.name == prefix + "CertificationError"
            } catch {
                return false
            }
        }
        // Unknown client id.
        #expect(isCertificationError { _ = try client.call(prefix + "Test01", parameters: ["client_id": .string("nobody")]) })
        // Wrong order: Test02 before Test01.
        var id = try #require(try client.call(prefix + "Start")["client_id"])
        #expect(isCertificationError { _ = try client.call(prefix + "Test02", parameters: ["client_id": id, "bool": .bool(true)]) })
        // Wrong value, which also forgets the client.
        id = try #require(try client.call(prefix + "Start")["client_id"])
        _ = try client.call(prefix + "Test01", parameters: ["client_id": id])
        #expect(isCertificationError { _ = try client.call(prefix + "Test02", parameters: ["client_id": id, "bool": .bool(false)]) })
        #expect(isCertificationError { _ = try client.call(prefix + "Test03", parameters: ["client_id": id, "int": .int(1)]) })
        // Test10 needs more.
        #expect(throws: VarlinkClientError.remote(.expectedMore())) {
            try client.call(prefix + "Test10", parameters: ["client_id": id, "mytype": Self.referenceMyType])
        }
        // Parameters that do not fit the interface never reach the service: InvalidParameter
        // names the first one, as the varlink spec asks.
        #expect(throws: VarlinkClientError.remote(.invalidParameter("client_id"))) {
            try client.call(prefix + "Test01")
        }
        #expect(throws: VarlinkClientError.remote(.invalidParameter("mytype"))) {
            try client.call(prefix + "Test10", parameters: ["client_id": id, "mytype": .object(["enum": .string("four")])])
        }
    }

    /// A `MyType` as the certification interface declares it (the nullable members left out).
    static let referenceMyType = JSONValue.object([
        "object": .object([:]),
        "enum": .string("two"),
        "struct": .object(["first": .int(1), "second": .string("2")]),
        "array": .array([.string("one")]),
        "dictionary": .object(["foo": .string("Foo")]),
        "stringset": .object(["one": .object([:])]),
        "interface": .object(["anon": .object(["foo": .bool(true), "bar": .bool(false)])]),
    ])
}
