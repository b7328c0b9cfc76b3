#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The whole validated configuration (config v1, see `config/nocontact.toml`).
///
/// Values are already checked: a `Config` that exists is one the daemon can run on.
public struct Config: Sendable, Equatable {
    /// Where the config came from: a file path, or `nil` for the built-in default.
    public var source: String?
    /// The zone in which days and schedules are counted; `nil` means the system's zone.
    public var timeZone: Zone?
    public var periods: [PeriodConfig]
    public var prompts: PromptsConfig
    public var userPrompts: [UserPromptConfig]
    public var delivery: DeliveryConfig
    public var socket: SocketConfig
    /// The person's own people and lines for hard moments (`[support]`).
    public var support: SupportConfig

    public init(
        source: String?, timeZone: Zone?, periods: [PeriodConfig], prompts: PromptsConfig,
        userPrompts: [UserPromptConfig], delivery: DeliveryConfig, socket: SocketConfig,
        support: SupportConfig = SupportConfig()
    ) {
        self.source = source
        self.timeZone = timeZone
        self.periods = periods
        self.prompts = prompts
        self.userPrompts = userPrompts
        self.delivery = delivery
        self.socket = socket
        self.support = support
    }

    /// What the daemon runs on when there is no config file: one open-ended period named
    /// "them" that starts at the first run, with the built-in prompts at 09:00 and 21:00.
    public static let builtinDefault = Config(
        source: nil,
        timeZone: nil,
        periods: [PeriodConfig(name: "them", start: .firstRun, days: nil, milestones: nil, allow: [])],
        prompts: PromptsConfig(schedule: Schedule.builtinDefault),
        userPrompts: [],
        delivery: DeliveryConfig(),
        socket: SocketConfig()
    )

    /// How a period is shown outside the person's own commands (journal, notifications,
    /// commands, logs): its name, or in discreet mode an opaque key such as `period-1`
    /// (its place in the config), which says nothing about who it is.
    public func periodLabel(_ name: String) -> String {
        guard delivery.discreet else { return name }
        guard let index = periods.firstIndex(where: { $0.name == name }) else { return "period" }
        return "period-\(index + 1)"
    }

    /// The configured zone, or `system` when none is configured.
    public func effectiveTimeZone(system: Zone) -> Zone {
        timeZone ?? system
    }
}

/// One period of no contact (`[[period]]`).
public struct PeriodConfig: Sendable, Equatable {
    /// Who the user is giving space to; also the period's identifier in the CLI and journal.
    public var name: String
    public var start: PeriodStart
    /// Length in days; `nil` for an open-ended period.
    public var days: Int?
    /// Days on which a milestone is marked; `nil` means the defaults within the length.
    public var milestones: [Int]?
    /// Kinds of logistics contact that never break the period (e.g. "children", "bills").
    public var allow: [String]

    public init(name: String, start: PeriodStart, days: Int?, milestones: [Int]?, allow: [String]) {
        self.name = name
        self.start = start
        self.days = days
        self.milestones = milestones
        self.allow = allow
    }

    /// Milestone days used when the config names none.
    public static let defaultMilestones = [1, 3, 7, 14, 21, 30, 45, 60, 90]

    /// The milestone days that apply, limited to the period's length.
    public var effectiveMilestones: [Int] {
        let chosen = milestones ?? Self.defaultMilestones
        guard let days else { return chosen }
        return chosen.filter { $0 <= days }
    }
}

/// When a period started: the day (or moment) of the last contact.
public enum PeriodStart: Sendable, Equatable {
    /// A calendar day in the configured zone.
    case date(LocalDate)
    /// A wall-clock moment in the configured zone; days are still counted by its date.
    case dateTime(LocalDate, hour: Int, minute: Int, second: Int)
    /// The moment the tool first ran, as recorded in its state.
    case firstRun
}

/// How prompts are scheduled and chosen (`[prompts]`).
public struct PromptsConfig: Sendable, Equatable {
    public var schedule: [Schedule]
    public var order: PromptOrder
    public var builtin: Bool
    public var catchUp: CatchUpPolicy
    public var quiet: QuietHours?
    /// "This relationship hurt me": no prompt that asks the person to take the other's view,
    /// find their own fault, apologise or plan a gesture; prompts about safety, boundaries and
    /// harm done to them instead (see ``PromptTag/avoidedWhenHurt``).
    public var hurt: Bool
    /// Situations the person is in, for the prompts written for them (see
    /// ``PromptTag/configurableSituations``); living together comes from `allow = ["home"]`.
    public var situations: Set<PromptTag>

    public init(
        schedule: [Schedule], order: PromptOrder = .phased, builtin: Bool = true,
        catchUp: CatchUpPolicy = .latest, quiet: QuietHours? = nil, hurt: Bool = false,
        situations: Set<PromptTag> = []
    ) {
        self.schedule = schedule
        self.order = order
        self.builtin = builtin
        self.catchUp = catchUp
        self.quiet = quiet
        self.hurt = hurt
        self.situations = situations
    }
}

/// What happens to prompts that fell due while the daemon was stopped or the machine slept.
public enum CatchUpPolicy: String, Sendable, Equatable, CaseIterable {
    case none, latest, all
}

/// A daily window (`"22:30-07:30"`) in which deliveries are held until it ends.
public struct QuietHours: Sendable, Equatable {
    public var startMinute: Int
    public var endMinute: Int

    public init(startMinute: Int, endMinute: Int) {
        self.startMinute = startMinute
        self.endMinute = endMinute
    }
}

/// A prompt the user wrote (`[[prompt]]`).
public struct UserPromptConfig: Sendable, Equatable {
    public var text: String
    public var theme: Theme
    public var days: ClosedRange<Int>?

    public init(text: String, theme: Theme, days: ClosedRange<Int>?) {
        self.text = text
        self.theme = theme
        self.days = days
    }
}

/// Where deliveries go (`[delivery]`).
public struct DeliveryConfig: Sendable, Equatable {
    public var journal: Bool
    public var desktop: Bool
    /// Run once per delivery, as argv without a shell; `nil` for none.
    public var command: [String]?
    /// Run, as argv without a shell, when the person clicks "Answer" on a desktop notification.
    public var answer: [String]
    /// Keep the other person's name out of notifications and the journal: a neutral title,
    /// "your space" for the period and an opaque period key (see ``PeriodConfig/discreetKey(index:)``).
    public var discreet: Bool

    /// Opens `nocontact reflect` in a terminal: Debian's x-terminal-emulator runs the
    /// desktop's chosen terminal.
    public static let defaultAnswer = ["x-terminal-emulator", "-e", "nocontact", "reflect"]

    public init(
        journal: Bool = true, desktop: Bool = true, command: [String]? = nil, answer: [String] = DeliveryConfig.defaultAnswer,
        discreet: Bool = false
    ) {
        self.journal = journal
        self.desktop = desktop
        self.command = command
        self.answer = answer
        self.discreet = discreet
    }
}

/// The control socket (`[socket]`).
public struct SocketConfig: Sendable, Equatable {
    public var enabled: Bool
    /// A path template: `%t` is `$XDG_RUNTIME_DIR`, `%h` the home directory.
    public var path: String

    public static let defaultPath = "%t/nocontact/control.socket"

    public init(enabled: Bool = true, path: String = SocketConfig.defaultPath) {
        self.enabled = enabled
        self.path = path
    }
}

/// The person's own support (`[support]`): people they trust and lines they chose, shown by
/// `nocontact support` and at hard moments. nocontact ships no phone numbers of its own: they
/// differ by country and change, and a wrong one at the worst moment does harm.
public struct SupportConfig: Sendable, Equatable {
    public var people: [SupportPerson]
    /// Lines or services, written as the person wants to read them, e.g. "Samaritans: 116 123".
    public var lines: [String]

    /// The most people and the most lines a config may list.
    public static let maximumEntries = 20

    public init(people: [SupportPerson] = [], lines: [String] = []) {
        self.people = people
        self.lines = lines
    }
}

/// Someone the person can turn to, and how to reach them.
public struct SupportPerson: Sendable, Equatable, Codable {
    public var name: String
    /// How to reach them, e.g. "call or text 0170 1234567".
    public var how: String

    public init(name: String, how: String) {
        self.name = name
        self.how = how
    }
}
