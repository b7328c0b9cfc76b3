package import NoContactCore
package import Varlink

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The product's varlink interface: its description (`varlink/io.nocontact.varlink`) and the
/// adapter that answers it from a `NoContactService`.
package enum ControlInterface {
    package static let name = "io.nocontact"

    /// The interface description, `varlink/io.nocontact.varlink` itself: embedded at build time
    /// (`.embedInCode` in Package.swift), so the file and what the daemon serves cannot differ.
    package static let description = String(decoding: PackageResources.io_nocontact_varlink, as: UTF8.self)

    /// Answers `io.nocontact` calls from `service`.
    package struct Handler: VarlinkMethodHandler {
        let service: any NoContactService
        let control: (any DaemonControl)?

        /// - Parameter control: the daemon's reload and deliveries; without it, `Reload` and
        ///   `Watch` answer MethodNotImplemented.
        package init(service: any NoContactService, control: (any DaemonControl)? = nil) {
            self.service = service
            self.control = control
        }

        package var info: VarlinkServiceInfo {
            VarlinkServiceInfo(
                vendor: "nocontact", product: "nocontactd", version: noContactVersion, url: "https://github.com/nocontact/nocontact")
        }

        package var interfaces: [VarlinkInterface] {
            [VarlinkInterface(name: ControlInterface.name, description: ControlInterface.description)]
        }

        package func handle(_ call: VarlinkCall) throws(VarlinkError) -> [String: JSONValue] {
            do {
                switch call.member {
                case "Days":
                    return try encode(DaysReply(periods: try service.days()))
                case "Status":
                    return try encode(try service.status())
                case "Prompt":
                    let request = try decode(PromptRequest.self, call)
                    return try encode(PromptReply(prompt: try service.prompt(day: request.day, theme: request.theme)))
                case "Prompts":
                    let request = try decode(PromptsRequest.self, call)
                    return try encode(PromptsReply(prompts: try service.prompts(theme: request.theme)))
                case "Reflect":
                    return try encode(ReceiptReply(receipt: try service.reflect(decode(ReflectRequest.self, call))))
                case "Urge":
                    return try encode(ReceiptReply(receipt: try service.urge(decode(UrgeRequest.self, call))))
                case "Slip":
                    var request = try decode(ContactRequest.self, call, adding: ["kind": .string("slip")])
                    request.kind = .slip
                    return try encode(ReceiptReply(receipt: try service.contact(request)))
                case "Contact":
                    let request = try decode(ContactRequest.self, call)
                    guard request.kind != .slip else { throw VarlinkError.invalidParameter("kind") }
                    return try encode(ReceiptReply(receipt: try service.contact(request)))
                case "Extend":
                    let request = try decode(ExtendRequest.self, call)
                    return try encode(ReceiptReply(receipt: try service.extend(period: request.period, days: request.days)))
                case "History":
                    let (since, kinds) = try historyRequest(call)
                    return try HistoryPages.whole(service, since: since, kinds: kinds)
                case "Stats":
                    return try encode(StatsReply(periods: try service.stats()))
                case "Upcoming":
                    let request = try decode(UpcomingRequest.self, call)
                    return try encode(UpcomingReply(events: try service.upcoming(count: request.count)))
                case "Reasons":
                    return try encode(ReasonsReply(reasons: try service.reasons()))
                case "AddReason":
                    return try encode(ReasonsReply(reasons: try service.addReason(decode(AddReasonRequest.self, call).text)))
                case "RemoveReason":
                    return try encode(
                        ReasonsReply(reasons: try service.removeReason(number: decode(RemoveReasonRequest.self, call).number)))
                case "Support":
                    return try encode(SupportReply(support: try service.support()))
                case "Readiness":
                    return try encode(ReadinessReply(check: try service.readiness(period: decode(PeriodRequest.self, call).period)))
                case "Close":
                    return try encode(ReceiptReply(receipt: try service.close(period: decode(PeriodRequest.self, call).period)))
                case "Pause":
                    let until = try decode(PauseRequest.self, call).until
                    guard until.isFinite else { throw VarlinkError.invalidParameter("until") }
                    return try encode(PauseReply(pause: try service.pause(until: Date(timeIntervalSince1970: until))))
                case "Resume":
                    return try encode(PauseReply(pause: try service.resume()))
                case "Reload":
                    guard let control else { throw VarlinkError.methodNotImplemented(call.method) }
                    return try encode(ReloadReply(try control.reload()))
                case "Watch":
                    throw control == nil ? VarlinkError.methodNotImplemented(call.method) : VarlinkError.expectedMore()
                default:
                    throw VarlinkError.methodNotFound(call.method)
                }
            } catch let error as VarlinkError {
                throw error
            } catch let error as ServiceError {
                throw Self.varlinkError(for: error)
            } catch {
                throw VarlinkError(name: "\(ControlInterface.name).StorageFailed", parameters: ["message": .string("\(error)")])
            }
        }

        package func handleMore(_ call: VarlinkCall, replies: VarlinkReplyStream) throws(VarlinkError) {
            if call.member == "History" {
                let (since, kinds) = try historyRequest(call)
                HistoryPages.stream(service, since: since, kinds: kinds, replies: replies)
                return
            }
            guard call.member == "Watch", let control else {
                replies.finish(try handle(call))
                return
            }
            DeliveryWatch.start(feed: control.deliveries, replies: replies)
        }

        /// The parameters of `History`, checked.
        private func historyRequest(_ call: VarlinkCall) throws(VarlinkError) -> (since: Date?, kinds: [HistoryKind]?) {
            let request = try decode(HistoryRequest.self, call)
            var kinds: [HistoryKind]?
            if let names = request.kinds {
                kinds = try names.map { name throws(VarlinkError) in
                    guard let kind = HistoryKind(rawValue: name) else { throw VarlinkError.invalidParameter("kinds") }
                    return kind
                }
            }
            return (request.since.map { Date(timeIntervalSince1970: $0) }, kinds)
        }

        private func encode(_ value: some Encodable) throws(VarlinkError) -> [String: JSONValue] {
            do {
                return try VarlinkCoding.object(from: value)
            } catch {
                throw VarlinkError(
                    name: "\(ControlInterface.name).StorageFailed", parameters: ["message": .string("cannot encode the reply: \(error)")])
            }
        }

        /// Decodes the call's parameters; a missing or mistyped field is an InvalidParameter
        /// naming that field, as the varlink spec asks.
        func decode<Request: Decodable>(_ type: Request.Type, _ call: VarlinkCall, adding defaults: [String: JSONValue] = [:])
            throws(VarlinkError) -> Request
        {
            let parameters = (call.parameters ?? [:]).merging(defaults) { given, _ in given }
            do {
                return try VarlinkCoding.decode(type, from: parameters)
            } catch let DecodingError.keyNotFound(key, _) {
                throw VarlinkError.invalidParameter(key.stringValue)
            } catch let DecodingError.typeMismatch(_, context), let DecodingError.valueNotFound(_, context), let
                DecodingError.dataCorrupted(context)
            {
                throw VarlinkError.invalidParameter(context.codingPath.first?.stringValue ?? "parameters")
            } catch {
                throw VarlinkError.invalidParameter("parameters")
            }
        }

        static func varlinkError(for error: ServiceError) -> VarlinkError {
            switch error {
            case let .invalidConfig(config):
                let first = config.issues.first
                return VarlinkError(
                    name: "\(ControlInterface.name).InvalidConfig",
                    parameters: [
                        "file": .string(config.file), "line": .int(Int64(first?.line ?? 0)),
                        "column": .int(Int64(first?.column ?? 0)), "message": .string(first?.message ?? config.description),
                    ])
            case .invalidRequest:
                return .invalidParameter(error.description)
            case let .periodNotFound(name, known):
                return VarlinkError(
                    name: "\(ControlInterface.name).PeriodNotFound",
                    parameters: [
                        "period": .string(name), "periods": .array(known.map { .string($0) }),
                    ])
            default:
                return VarlinkError(name: "\(ControlInterface.name).StorageFailed", parameters: ["message": .string(error.description)])
            }
        }
    }
}

/// The reply of `Days`.
package struct DaysReply: Codable {
    package var periods: [PeriodProgress]
}

/// The parameters of `Prompt`.
package struct PromptRequest: Codable {
    package var day: Int?
    package var theme: String?
}

/// The parameters of `Prompts`.
package struct PromptsRequest: Codable {
    package var theme: String?
}

/// The parameters of `Upcoming`.
package struct UpcomingRequest: Codable {
    package var count: Int
}

/// The reply of `Prompt`.
package struct PromptReply: Codable {
    package var prompt: PromptInfo?

    package func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        // Always present, null when no prompt fits, as the interface says.
        try container.encode(prompt, forKey: .prompt)
    }
}

/// The reply of `Prompts`.
package struct PromptsReply: Codable {
    package var prompts: [PromptInfo]
}

/// The replies of Reflect, Urge, Slip, Contact and Extend.
package struct ReceiptReply: Codable {
    package var receipt: JourneyReceipt
}

/// The parameters of `Extend`.
package struct ExtendRequest: Codable {
    package var period: String?
    package var days: Int

    package init(period: String?, days: Int) {
        self.period = period
        self.days = days
    }
}

/// The parameters of `History`.
package struct HistoryRequest: Codable {
    package var since: Double?
    package var kinds: [String]?

    package init(since: Double?, kinds: [String]?) {
        self.since = since
        self.kinds = kinds
    }
}

/// The reply of `History`.
package struct HistoryReply: Codable {
    package var entries: [HistoryEntry]
}

/// The reply of `Stats`.
package struct StatsReply: Codable {
    package var periods: [PeriodReport]
}

/// The reply of `Upcoming`.
package struct UpcomingReply: Codable {
    package var events: [UpcomingEvent]
}

/// The reply of `Reload`.
package struct ReloadReply: Codable {
    package var config: String
    package var next: UpcomingEvent?

    package init(_ report: ReloadReport) {
        config = report.config
        next = report.next
    }

    package var report: ReloadReport {
        ReloadReport(config: config, next: next)
    }

    package func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(config, forKey: .config)
        // Always present, null when nothing is scheduled, as the interface says.
        try container.encode(next, forKey: .next)
    }
}

/// The reply of `Watch`.
package struct WatchReply: Codable {
    package var delivery: DeliveryEvent?

    package func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(delivery, forKey: .delivery)
    }
}
