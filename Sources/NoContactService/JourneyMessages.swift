package import NoContactCore

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// `reflect`: an answer to a prompt (or free writing).
package struct ReflectRequest: Sendable, Equatable, Codable {
    /// The period; default: the one under way.
    package var period: String?
    package var promptID: String?
    /// 1 (low) to 5 (good).
    package var mood: Int?
    package var text: String

    package init(period: String? = nil, promptID: String? = nil, mood: Int? = nil, text: String) {
        self.period = period
        self.promptID = promptID
        self.mood = mood
        self.text = text
    }

    private enum CodingKeys: String, CodingKey {
        case period
        case promptID = "prompt_id"
        case mood, text
    }
}

/// `urge`: an urge to make contact, resisted unless said otherwise.
package struct UrgeRequest: Sendable, Equatable, Codable {
    package var period: String?
    /// 1 (faint) to 5 (overwhelming); default 3.
    package var intensity: Int?
    package var trigger: String?
    package var resisted: Bool?
    /// A message written instead of sent. Stored here, never sent anywhere.
    package var unsentMessage: String?
    /// How strong it was after the guided pause, 1 to 5.
    package var intensityAfter: Int?

    package init(
        period: String? = nil, intensity: Int? = nil, trigger: String? = nil, resisted: Bool? = nil, unsentMessage: String? = nil,
        intensityAfter: Int? = nil
    ) {
        self.period = period
        self.intensity = intensity
        self.trigger = trigger
        self.resisted = resisted
        self.unsentMessage = unsentMessage
        self.intensityAfter = intensityAfter
    }

    private enum CodingKeys: String, CodingKey {
        case period, intensity, trigger, resisted
        case unsentMessage = "unsent_message"
        case intensityAfter = "intensity_after"
    }
}

/// `slip` (contact that restarts the count), `contact` (allowed logistics, never a slip) or
/// `received` (the other person reached out, never a slip).
package struct ContactRequest: Sendable, Equatable, Codable {
    package var period: String?
    /// A slip, a message they sent (received), or one of the period's `allow` kinds; on the
    /// wire (and in the store) its name: "slip", "received" or the kind.
    package var kind: Contact.Kind
    package var note: String?
    package var trigger: String?
    /// For "received": whether the message was practical (true) or about the two of them (false).
    package var practical: Bool?

    package init(period: String? = nil, kind: Contact.Kind, note: String? = nil, trigger: String? = nil, practical: Bool? = nil) {
        self.period = period
        self.kind = kind
        self.note = note
        self.trigger = trigger
        self.practical = practical
    }

    private enum CodingKeys: String, CodingKey {
        case period, kind, note, trigger, practical
    }

    package init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        period = try container.decodeIfPresent(String.self, forKey: .period)
        kind = Contact.Kind(name: try container.decode(String.self, forKey: .kind))
        note = try container.decodeIfPresent(String.self, forKey: .note)
        trigger = try container.decodeIfPresent(String.self, forKey: .trigger)
        practical = try container.decodeIfPresent(Bool.self, forKey: .practical)
    }

    package func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encodeIfPresent(period, forKey: .period)
        try container.encode(kind.name, forKey: .kind)
        try container.encodeIfPresent(note, forKey: .note)
        try container.encodeIfPresent(trigger, forKey: .trigger)
        try container.encodeIfPresent(practical, forKey: .practical)
    }
}

/// What was saved, with one kind line for the person.
package struct JourneyReceipt: Sendable, Equatable, Codable {
    /// The saved entry's id.
    package var id: Int64
    package var period: String
    /// Where the period stands now.
    package var progress: PeriodProgress
    /// Days of space across every run of the period, slips included.
    package var totalDaysOfSpace: Int
    /// A short, kind line for people.
    package var message: String
    /// For a reflection: the prompt it answers, if any.
    package var promptID: String?

    package init(id: Int64, period: String, progress: PeriodProgress, totalDaysOfSpace: Int, message: String, promptID: String? = nil) {
        self.id = id
        self.period = period
        self.progress = progress
        self.totalDaysOfSpace = totalDaysOfSpace
        self.message = message
        self.promptID = promptID
    }

    private enum CodingKeys: String, CodingKey {
        case id, period, progress
        case totalDaysOfSpace = "total_days_of_space"
        case message
        case promptID = "prompt_id"
    }
}

/// `stats`: a period's story plus counts of what was recorded.
package struct PeriodReport: Sendable, Equatable, Codable {
    package var stats: PeriodStats
    package var reflections: Int
    package var urges: Int
    package var urgesResisted: Int
    package var logisticsContacts: Int
    package var milestonesReached: [Int]
    /// One record per local day from the period's start through today (or its end): the
    /// series the calendar and charts of `stats` and the HTML export are drawn from.
    package var days: [JourneyDay]

    package init(
        stats: PeriodStats, reflections: Int, urges: Int, urgesResisted: Int, logisticsContacts: Int, milestonesReached: [Int],
        days: [JourneyDay] = []
    ) {
        self.stats = stats
        self.days = days
        self.reflections = reflections
        self.urges = urges
        self.urgesResisted = urgesResisted
        self.logisticsContacts = logisticsContacts
        self.milestonesReached = milestonesReached
    }

    private enum CodingKeys: String, CodingKey {
        case stats, reflections, urges
        case urgesResisted = "urges_resisted"
        case logisticsContacts = "logistics_contacts"
        case milestonesReached = "milestones_reached"
        case days
    }

    package init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        stats = try container.decode(PeriodStats.self, forKey: .stats)
        reflections = try container.decode(Int.self, forKey: .reflections)
        urges = try container.decode(Int.self, forKey: .urges)
        urgesResisted = try container.decode(Int.self, forKey: .urgesResisted)
        logisticsContacts = try container.decode(Int.self, forKey: .logisticsContacts)
        milestonesReached = try container.decode([Int].self, forKey: .milestonesReached)
        // A daemon from before the pictures sends no days.
        days = try container.decodeIfPresent([JourneyDay].self, forKey: .days) ?? []
    }
}
