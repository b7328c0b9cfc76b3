#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
package import Varlink
package import NoContactCore

/// The product's varlink interface: its description (also in `varlink/io.nocontact.varlink`)
/// and the adapter that answers it from a `NoContactService`.
package enum ControlInterface {
    package static let name = "io.nocontact"

    package static let description = """
        # nocontactd keeps someone company through a period of no contact.
        interface io.nocontact

        # Where one period stands today. Days are counted in the local calendar; the start
        # date is day 1. days_total, days_left and ends are null for an open-ended period.
        type PeriodDays (
          period: string,
          day: int,
          days_total: ?int,
          days_left: ?int,
          start: string,
          ends: ?string,
          closed: bool
        )

        # Something due later: due is ISO 8601 with the local offset.
        type UpcomingEvent (
          kind: string,
          due: string,
          due_usec: int,
          period: string
        )

        # Days of space so far and left, for every period.
        method Days() -> (periods: []PeriodDays)

        # A prompt: its stable id, theme, the phase of a period it suits, and its text.
        # tags: what it asks of the person and the situation it is for (their-view,
        # own-part, apology, gesture, reunion, hurt, home, apology-declined, new-partner,
        # friends-offer); follows: the prompt it follows up on.
        type PromptInfo (
          id: string,
          theme: string,
          phase: string,
          text: string,
          day: ?int,
          tags: []string,
          follows: ?string
        )

        # Today's prompt, or the one for day of the current period; optionally of one theme.
        method Prompt(day: ?int, theme: ?string) -> (prompt: ?PromptInfo)

        # The prompt library in use, optionally of one theme.
        method Prompts(theme: ?string) -> (prompts: []PromptInfo)

        # The next count events (1 to 1000), in order.
        method Upcoming(count: int) -> (events: []UpcomingEvent)

        # A delivery channel (journal, desktop, command): does it work, and if not, why.
        type Channel (
          name: string,
          live: bool,
          reason: ?string
        )

        # Periods, the next event, where the config came from, and the delivery channels
        # (empty when the answer does not come from the daemon).
        method Status() -> (
          version: string,
          config: string,
          timezone: string,
          periods: []PeriodDays,
          next: ?UpcomingEvent,
          channels: []Channel,
          paused_until: ?string
        )

        # What was saved, where the period stands now, and one kind line.
        type Receipt (
          id: int,
          period: string,
          progress: PeriodDays,
          total_days_of_space: int,
          message: string,
          prompt_id: ?string
        )

        # Saves a reflection (private: never logged). mood is 1 (low) to 5 (good).
        method Reflect(period: ?string, prompt_id: ?string, mood: ?int, text: string) -> (receipt: Receipt)

        # Records an urge (intensity 1 to 5, resisted unless false); an unsent message is
        # stored and never sent anywhere. intensity_after: how strong it was after a pause.
        # Intensity 4 or 5 adds a pointer to Support in the message.
        method Urge(period: ?string, intensity: ?int, trigger: ?string, resisted: ?bool, unsent_message: ?string, intensity_after: ?int) -> (receipt: Receipt)

        # Records a slip: the count restarts today, the history and the days before stay.
        method Slip(period: ?string, note: ?string, trigger: ?string) -> (receipt: Receipt)

        # Records allowed logistics contact (kind is one of the period's allow kinds), or
        # kind "received": the other person reached out (practical or not). Never a slip.
        method Contact(period: ?string, kind: string, note: ?string, practical: ?bool) -> (receipt: Receipt)

        # Adds days to a period with a length.
        method Extend(period: ?string, days: int) -> (receipt: Receipt)

        # Everything recorded, oldest first; since is seconds since 1970; kinds among
        # reflection, urge, slip, contact, extension, prompt, milestone. Each entry is an
        # object with "type" (reflection, urge, contact, extension, delivery) and its fields.
        # Called with "more", the entries come in pages, one reply each (continues: true
        # on all but the last, which may be empty): at most 500 entries and about 256 KiB
        # per reply, the next page read once the last was written. Without "more", one
        # reply while it fits in a message (1 MiB), else the error ResultTooLarge.
        method History(since: ?float, kinds: ?[]string) -> (entries: []object)

        # Each period's story: runs, slips, longest run, totals and counts, and one
        # record per local day (its mark, urges and mood): what `nocontact stats` draws.
        method Stats() -> (periods: []object)

        # Re-reads the config file. When it has errors, the running config stays in use
        # and the reply is InvalidConfig naming the first one.
        method Reload() -> (config: string, next: ?UpcomingEvent)

        # Something the daemon delivered: a prompt, a milestone or the end of a period.
        # due is the original due time (ISO 8601 with the local offset), also when late.
        type Delivery (
          kind: string,
          period: string,
          day: int,
          due: string,
          due_usec: int,
          late: bool,
          prompt_id: ?string,
          title: string,
          text: string
        )

        # Follows deliveries as they happen; must be called with "more". The first reply
        # comes at once with a null delivery: it says the watch has begun. Then one reply
        # for each delivery, until the client hangs up.
        method Watch() -> (delivery: ?Delivery)

        # One of the person's own reasons for taking space (private: never logged).
        type Reason (
          number: int,
          text: string,
          recorded_at: string
        )

        # The person's reasons, numbered from 1 in the order they were written.
        method Reasons() -> (reasons: []Reason)

        # Adds a reason (at most 1000 bytes, 100 reasons); returns them all.
        method AddReason(text: string) -> (reasons: []Reason)

        # Removes reason number (as listed); returns the rest.
        method RemoveReason(number: int) -> (reasons: []Reason)

        # Someone the person can turn to, from [support] in their config.
        type SupportPerson (
          name: string,
          how: string
        )

        # Where to turn in danger or distress: a fixed text, and the person's own people
        # and lines. nocontact ships no phone numbers of its own.
        type SupportText (
          text: string,
          people: []SupportPerson,
          lines: []string
        )

        # The support text.
        method Support() -> (support: SupportText)

        # A question of the readiness check; its answer is a reflection with prompt_id id.
        type ReadinessQuestion (
          id: string,
          text: string
        )

        # The readiness check at the end of a period: never a cue to get in touch. letter is
        # the latest letter the person wrote to their future self (prompt_id "letter").
        type ReadinessCheck (
          period: string,
          days_of_space: int,
          ended: bool,
          closed: bool,
          intro: []string,
          questions: []ReadinessQuestion,
          reasons: []string,
          letter: ?string,
          options: []string
        )

        # The readiness check of the named period, or of the current or last ended one.
        method Readiness(period: ?string) -> (check: ReadinessCheck)

        # Ends a period now as moving on: nothing more is delivered for it; history stays.
        method Close(period: ?string) -> (receipt: Receipt)

        # Whether deliveries are paused, until when (ISO 8601 with the local offset).
        type PauseState (
          paused: bool,
          until: ?string,
          until_usec: ?int,
          message: string
        )

        # No deliveries until "until" (seconds since 1970, at most 366 days ahead); what
        # falls due meanwhile is skipped, not caught up.
        method Pause(until: float) -> (pause: PauseState)

        # Ends a pause early.
        method Resume() -> (pause: PauseState)

        # The config cannot be used.
        error InvalidConfig (file: string, line: int, column: int, message: string)

        # No period of this name is configured; periods lists the names there are.
        error PeriodNotFound (period: string, periods: []string)

        # The daemon could not read or write its state.
        error StorageFailed (message: string)

        # The answer does not fit in one message of limit bytes: call again with "more".
        error ResultTooLarge (limit: int, message: string)

        """

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
            VarlinkServiceInfo(vendor: "nocontact", product: "nocontactd", version: noContactVersion, url: "https://github.com/nocontact/nocontact")
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
                    return try encode(ReasonsReply(reasons: try service.removeReason(number: decode(RemoveReasonRequest.self, call).number)))
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
                throw VarlinkError(name: "\(ControlInterface.name).StorageFailed", parameters: ["message": .string("cannot encode the reply: \(error)")])
            }
        }

        /// Decodes the call's parameters; a missing or mistyped field is an InvalidParameter
        /// naming that field, as the varlink spec asks.
        func decode<Request: Decodable>(_ type: Request.Type, _ call: VarlinkCall, adding defaults: [String: JSONValue] = [:]) throws(VarlinkError) -> Request {
            let parameters = (call.parameters ?? [:]).merging(defaults) { given, _ in given }
            do {
                return try VarlinkCoding.decode(type, from: parameters)
            } catch let DecodingError.keyNotFound(key, _) {
                throw VarlinkError.invalidParameter(key.stringValue)
            } catch let DecodingError.typeMismatch(_, context), let DecodingError.valueNotFound(_, context), let DecodingError.dataCorrupted(context) {
                throw VarlinkError.invalidParameter(context.codingPath.first?.stringValue ?? "parameters")
            } catch {
                throw VarlinkError.invalidParameter("parameters")
            }
        }

        static func varlinkError(for error: ServiceError) -> VarlinkError {
            switch error {
            case let .invalidConfig(config):
                let first = config.issues.first
                return VarlinkError(name: "\(ControlInterface.name).InvalidConfig", parameters: [
                    "file": .string(config.file), "line": .int(Int64(first?.line ?? 0)),
                    "column": .int(Int64(first?.column ?? 0)), "message": .string(first?.message ?? config.description),
                ])
            case .invalidRequest:
                return .invalidParameter(error.description)
            case let .periodNotFound(name, known):
                return VarlinkError(name: "\(ControlInterface.name).PeriodNotFound", parameters: [
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
