import Foundation
import Glibc
import NIOPosix
import NoContactClient
import NoContactCore
import NoContactServer
import NoContactService
import ServiceTestSupport
import Testing
import Varlink

/// A control server for `service` on a socket in a fresh temporary directory.
final class ControlFixture {
    let directory: String
    let path: String
    private let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
    private let server: VarlinkServer

    init(service: any NoContactService) throws {
        var template = Array("/tmp/ncsvc-XXXXXX".utf8CString)
        guard let made = mkdtemp(&template) else { throw POSIXError(.EIO) }
        directory = String(cString: made)
        path = "\(directory)/control.socket"
        do {
            server = try VarlinkServer.bind(path: path, handler: ControlInterface.Handler(service: service), group: group)
        } catch {
            try? group.syncShutdownGracefully()
            throw error
        }
    }

    func shutdown() {
        server.close()
        try? group.syncShutdownGracefully()
        unlink(path)
        rmdir(directory)
    }
}

func withControlServer(_ service: any NoContactService, _ body: (ControlFixture) throws -> Void) throws {
    let fixture = try ControlFixture(service: service)
    defer { fixture.shutdown() }
    try body(fixture)
}

@Suite("Control interface over a real socket")
struct ControlInterfaceTests {
    /// RemoteService's Days through the socket equals LocalService's answer.
    @Test func remoteDaysEqualLocal() throws {
        let local = try Fixture.localService()
        try withControlServer(local) { fixture in
            let remote = RemoteService(socketPath: fixture.path)
            let remoteDays = try remote.days()
            let localDays = try local.days()
            #expect(remoteDays == localDays)
            #expect(remoteDays == Fixture.expectedDays)
        }
    }

    /// RemoteService's Status through the socket equals LocalService's answer.
    @Test func remoteStatusEqualsLocal() throws {
        let local = try Fixture.localService()
        try withControlServer(local) { fixture in
            let remote = RemoteService(socketPath: fixture.path)
            let remoteStatus = try remote.status()
            let localStatus = try local.status()
            #expect(remoteStatus == localStatus)
        }
    }

    /// RemoteService's Upcoming through the socket equals LocalService's answer.
    @Test func remoteUpcomingEqualsLocal() throws {
        let local = try Fixture.localService()
        try withControlServer(local) { fixture in
            let remoteEvents = try RemoteService(socketPath: fixture.path).upcoming(count: 5)
            let localEvents = try local.upcoming(count: 5)
            #expect(remoteEvents == localEvents)
            #expect(remoteEvents.count == 5)
        }
    }

    /// Status with nothing ever due decodes with next = nil.
    @Test func remoteStatusWithoutNext() throws {
        var snapshot = try Fixture.snapshot()
        snapshot.config.prompts.schedule = []
        snapshot.config.periods = [
            PeriodConfig(name: "Alex", start: .date(LocalDate(year: 2026, month: 12, day: 24)), days: nil, milestones: [], allow: [])
        ]
        let frozen = snapshot
        let local = LocalService(snapshot: { frozen }, now: { Fixture.now })
        try withControlServer(local) { fixture in
            let status = try RemoteService(socketPath: fixture.path).status()
            let localStatus = try local.status()
            #expect(status.next == nil)
            #expect(status == localStatus)
        }
    }

    /// The daemon's GetInfo names the product and lists io.nocontact; its description is served.
    @Test func getInfoAndDescription() throws {
        try withControlServer(try Fixture.localService()) { fixture in
            let client = try VarlinkClient(path: fixture.path, timeout: 5)
            let info = try client.call("org.varlink.service.GetInfo")
            #expect(info["product"] == .string("nocontactd"))
            #expect(info["version"] == .string(noContactVersion))
            #expect(info["interfaces"] == .array([.string("org.varlink.service"), .string("io.nocontact")]))
            let description = try client.call(
                "org.varlink.service.GetInterfaceDescription", parameters: ["interface": .string("io.nocontact")])
            #expect(description["description"] == .string(ControlInterface.description))
            #expect(RemoteService(socketPath: fixture.path).isReachable())
        }
    }

    /// The raw Days reply carries explicit nulls for an open-ended period.
    @Test func rawDaysReplyHasNulls() throws {
        try withControlServer(try Fixture.localService()) { fixture in
            let reply = try VarlinkClient(path: fixture.path, timeout: 5).call("io.nocontact.Days")
            guard case let .array(periods)? = reply["periods"], periods.count == 2 else {
                Issue.record("unexpected reply \(reply)")
                return
            }
            #expect(
                periods[1]
                    == .object([
                        "period": .string("Alex"), "day": .int(0), "days_total": .null, "days_left": .null,
                        "start": .string("2026-12-24"), "ends": .null, "closed": .bool(false),
                    ]))
        }
    }

    /// An unknown io.nocontact method is MethodNotFound.
    @Test func unknownMethod() throws {
        try withControlServer(try Fixture.localService()) { fixture in
            #expect(throws: VarlinkClientError.remote(.methodNotFound("io.nocontact.Nope"))) {
                try VarlinkClient(path: fixture.path, timeout: 5).call("io.nocontact.Nope")
            }
        }
    }

    /// An invalid config travels as InvalidConfig and comes back as the same first issue.
    @Test func invalidConfigRoundTrips() throws {
        let error = ConfigError(file: "cfg.toml", issues: [.init(line: 3, column: 9, message: "bad start")])
        try withControlServer(FailingService(error: .invalidConfig(error))) { fixture in
            #expect(throws: ServiceError.invalidConfig(error)) { try RemoteService(socketPath: fixture.path).days() }
        }
    }

    /// A storage failure travels as StorageFailed with its message.
    @Test func storageFailureTravels() throws {
        try withControlServer(FailingService(error: .storage("disk full"))) { fixture in
            #expect(throws: ServiceError.remote(name: "io.nocontact.StorageFailed", detail: "disk full")) {
                try RemoteService(socketPath: fixture.path).status()
            }
        }
    }

    /// With no daemon at the path, RemoteService says the daemon is unavailable.
    @Test func noDaemonIsUnavailable() {
        let remote = RemoteService(socketPath: "/tmp/ncsvc-missing/control.socket")
        #expect(!remote.isReachable())
        #expect(throws: ServiceError.daemonUnavailable(socket: "/tmp/ncsvc-missing/control.socket")) { try remote.days() }
    }
}
