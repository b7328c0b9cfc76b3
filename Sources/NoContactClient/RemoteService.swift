package import NoContactCore
package import NoContactService
import Varlink

#if canImport(FoundationEssentials)
package import FoundationEssentials
#else
package import Foundation
#endif

/// `NoContactService` answered by the running daemon over its control socket.
package struct RemoteService: NoContactService {
    package let socketPath: String

    package init(socketPath: String) {
        self.socketPath = socketPath
    }

    /// Whether a daemon answers at the socket (a cheap `GetInfo`).
    package func isReachable() -> Bool {
        (try? call("org.varlink.service.GetInfo")) != nil
    }

    package func days() throws(ServiceError) -> [PeriodProgress] {
        try decode(DaysReply.self, from: call("\(ControlInterface.name).Days")).periods
    }

    package func status() throws(ServiceError) -> ServiceStatus {
        try decode(ServiceStatus.self, from: call("\(ControlInterface.name).Status"))
    }

    package func upcoming(count: Int) throws(ServiceError) -> [UpcomingEvent] {
        try decode(UpcomingReply.self, from: call("\(ControlInterface.name).Upcoming", parameters: ["count": .int(Int64(count))])).events
    }

    package func prompt(day: Int?, theme: String?) throws(ServiceError) -> PromptInfo? {
        var parameters: [String: JSONValue] = [:]
        if let day { parameters["day"] = .int(Int64(day)) }
        if let theme { parameters["theme"] = .string(theme) }
        return try decode(PromptReply.self, from: call("\(ControlInterface.name).Prompt", parameters: parameters)).prompt
    }

    package func prompts(theme: String?) throws(ServiceError) -> [PromptInfo] {
        let parameters: [String: JSONValue] = theme.map { ["theme": .string($0)] } ?? [:]
        return try decode(PromptsReply.self, from: call("\(ControlInterface.name).Prompts", parameters: parameters)).prompts
    }

    package func reflect(_ request: ReflectRequest) throws(ServiceError) -> JourneyReceipt {
        try receipt("Reflect", request)
    }

    package func urge(_ request: UrgeRequest) throws(ServiceError) -> JourneyReceipt {
        try receipt("Urge", request)
    }

    package func contact(_ request: ContactRequest) throws(ServiceError) -> JourneyReceipt {
        if request.kind == .slip {
            var parameters = try Self.parameters(request)
            parameters.removeValue(forKey: "kind")
            return try decode(ReceiptReply.self, from: call("\(ControlInterface.name).Slip", parameters: parameters)).receipt
        }
        return try receipt("Contact", request)
    }

    package func extend(period: String?, days: Int) throws(ServiceError) -> JourneyReceipt {
        try receipt("Extend", ExtendRequest(period: period, days: days))
    }

    package func history(since: Date?, kinds: [HistoryKind]?) throws(ServiceError) -> [HistoryEntry] {
        let request = HistoryRequest(since: since?.timeIntervalSince1970, kinds: kinds?.map(\.rawValue))
        let parameters = try Self.parameters(request)
        // With more: a long history comes in pages, each well under the message limit.
        let replies: VarlinkClient.Replies
        do throws(VarlinkClientError) {
            replies = try VarlinkClient(path: socketPath).callMore("\(ControlInterface.name).History", parameters: parameters)
        } catch {
            throw Self.serviceError(from: error, socket: socketPath)
        }
        var entries: [HistoryEntry] = []
        while true {
            let page: HistoryReply?
            do throws(VarlinkClientError) {
                // Decoded straight from each message: through JSONValue took four times as long.
                page = try replies.next(as: HistoryReply.self)
            } catch {
                throw Self.serviceError(from: error, socket: socketPath)
            }
            guard let page else { return entries }
            entries += page.entries
        }
    }

    package func stats() throws(ServiceError) -> [PeriodReport] {
        try decode(StatsReply.self, from: call("\(ControlInterface.name).Stats")).periods
    }

    package func reasons() throws(ServiceError) -> [ReasonInfo] {
        try decode(ReasonsReply.self, from: call("\(ControlInterface.name).Reasons")).reasons
    }

    package func addReason(_ text: String) throws(ServiceError) -> [ReasonInfo] {
        try decode(ReasonsReply.self, from: call("\(ControlInterface.name).AddReason", parameters: ["text": .string(text)])).reasons
    }

    package func removeReason(number: Int) throws(ServiceError) -> [ReasonInfo] {
        try decode(ReasonsReply.self, from: call("\(ControlInterface.name).RemoveReason", parameters: ["number": .int(Int64(number))]))
            .reasons
    }

    package func support() throws(ServiceError) -> SupportInfo {
        try decode(SupportReply.self, from: call("\(ControlInterface.name).Support")).support
    }

    package func readiness(period: String?) throws(ServiceError) -> ReadinessCheck {
        let parameters: [String: JSONValue] = period.map { ["period": .string($0)] } ?? [:]
        return try decode(ReadinessReply.self, from: call("\(ControlInterface.name).Readiness", parameters: parameters)).check
    }

    package func close(period: String?) throws(ServiceError) -> JourneyReceipt {
        try receipt("Close", PeriodRequest(period: period))
    }

    package func pause(until: Date) throws(ServiceError) -> PauseInfo {
        try decode(
            PauseReply.self, from: call("\(ControlInterface.name).Pause", parameters: ["until": .double(until.timeIntervalSince1970)])
        ).pause
    }

    package func resume() throws(ServiceError) -> PauseInfo {
        try decode(PauseReply.self, from: call("\(ControlInterface.name).Resume")).pause
    }

    /// Asks the daemon to re-read its config (only the daemon can).
    package func reload() throws(ServiceError) -> ReloadReport {
        do {
            return try decode(ReloadReply.self, from: call("\(ControlInterface.name).Reload")).report
        } catch .daemonUnavailable {
            throw .daemonRequired(action: "Reloading the config", socket: socketPath)
        }
    }

    /// Follows the daemon's deliveries: `started` once it is watching, then `receive` for each
    /// delivery until `receive` returns false or the daemon stops (only the daemon can).
    package func watch(started: () -> Void, receive: (DeliveryEvent) throws -> Bool) throws {
        let replies: VarlinkClient.Replies
        let client: VarlinkClient
        do {
            client = try VarlinkClient(path: socketPath)
            // Deliveries come when they are due, hours apart: wait for them as long as it takes.
            client.timeout = nil
            replies = try client.callMore("\(ControlInterface.name).Watch")
        } catch .notRunning {
            throw ServiceError.daemonRequired(action: "Watching deliveries", socket: socketPath)
        } catch {
            throw Self.serviceError(from: error, socket: socketPath)
        }
        while true {
            let parameters: [String: JSONValue]?
            do {
                parameters = try replies.next()
            } catch .closed {
                // Between replies the daemon only closes a watch when it stops.
                throw ServiceError.daemonStopped(socket: socketPath)
            } catch {
                throw Self.serviceError(from: error, socket: socketPath)
            }
            guard let parameters else { return }
            let reply = try decode(WatchReply.self, from: parameters)
            guard let delivery = reply.delivery else {
                started()
                continue
            }
            guard try receive(delivery) else { return }
        }
    }

    private func receipt(_ method: String, _ request: some Encodable) throws(ServiceError) -> JourneyReceipt {
        try decode(ReceiptReply.self, from: call("\(ControlInterface.name).\(method)", parameters: Self.parameters(request))).receipt
    }

    private static func parameters(_ request: some Encodable) throws(ServiceError) -> [String: JSONValue] {
        do {
            return try VarlinkCoding.object(from: request)
        } catch {
            throw .remote(name: "an unencodable request", detail: "\(error)")
        }
    }

    private func call(_ method: String, parameters: [String: JSONValue] = [:]) throws(ServiceError) -> [String: JSONValue] {
        do {
            let client = try VarlinkClient(path: socketPath)
            return try client.call(method, parameters: parameters)
        } catch {
            throw Self.serviceError(from: error, socket: socketPath)
        }
    }

    private func decode<Value: Decodable>(_ type: Value.Type, from parameters: [String: JSONValue]) throws(ServiceError) -> Value {
        do {
            return try VarlinkCoding.decode(type, from: parameters)
        } catch {
            throw .remote(name: "an unexpected reply", detail: "\(error)")
        }
    }

    static func serviceError(from error: VarlinkClientError, socket: String) -> ServiceError {
        switch error {
        case .notRunning: return .daemonUnavailable(socket: socket)
        case let .remote(remote): return serviceError(from: remote)
        default: return .remote(name: "an unreadable answer", detail: error.description)
        }
    }

    static func serviceError(from error: VarlinkError) -> ServiceError {
        if error.name == "org.varlink.service.InvalidParameter" {
            return .invalidRequest(error.parameters["parameter"]?.stringValue ?? "invalid parameter")
        }
        if error.name == "\(ControlInterface.name).InvalidConfig" {
            func int(_ key: String) -> Int? {
                if case let .int(value)? = error.parameters[key] { return Int(value) }
                return nil
            }
            return .invalidConfig(
                ConfigError(
                    file: error.parameters["file"]?.stringValue ?? "?",
                    issues: [
                        .init(line: int("line"), column: int("column"), message: error.parameters["message"]?.stringValue ?? "")
                    ]))
        }
        if error.name == "\(ControlInterface.name).PeriodNotFound" {
            let known: [String]
            if case let .array(names)? = error.parameters["periods"] {
                known = names.compactMap(\.stringValue)
            } else {
                known = []
            }
            return .periodNotFound(name: error.parameters["period"]?.stringValue ?? "?", known: known)
        }
        return .remote(name: error.name, detail: error.parameters["message"]?.stringValue ?? "")
    }
}
