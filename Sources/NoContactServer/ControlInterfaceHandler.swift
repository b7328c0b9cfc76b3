import NoContactCore
package import NoContactService
package import Varlink

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

extension ControlInterface {
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
