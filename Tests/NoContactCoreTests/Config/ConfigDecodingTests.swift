import Foundation
import Testing

@testable import NoContactCore

@Suite("Config decoding")
struct ConfigDecodingTests {
    static let full = """
        # every key of config v1
        timezone = "Europe/Berlin"

        [[period]]
        name = "Sam"
        start = 2026-11-20
        days = 30
        milestones = [3, 7, 14, 21, 30]
        allow = ["children", "bills"]

        [[period]]
        name = "Alex"
        start = 2026-10-01T18:30:15

        [prompts]
        schedule = ["08:30", "*-*-* 21:00:00", "Mon..Fri 7:5"]
        order = "shuffle"
        builtin = false
        catch_up = "all"
        quiet = "22:30-07:30"

        [[prompt]]
        text = "What did I learn today about how I listen?"
        theme = "listening"
        days = "8..30"

        [[prompt]]
        text = "One kind thing I did for myself"
        theme = "self-care"
        days = 3

        [delivery]
        journal = false
        desktop = false
        command = ["notify-send", "{title}", "{body}"]

        [socket]
        enabled = false
        path = "%t/nocontact/other.socket"
        """

    /// Every key of a full config lands in the expected `Config` value.
    @Test func fullConfigDecodesEveryKey() throws {
        let config = try ConfigParser.parse(Self.full, file: "cfg.toml", zones: testZones)
        let expected = Config(
            source: "cfg.toml",
            timeZone: testZone("Europe/Berlin"),
            periods: [
                PeriodConfig(
                    name: "Sam", start: .date(LocalDate(year: 2026, month: 11, day: 20)), days: 30,
                    milestones: [3, 7, 14, 21, 30], allow: ["children", "bills"]),
                PeriodConfig(
                    name: "Alex", start: .dateTime(LocalDate(year: 2026, month: 10, day: 1), hour: 18, minute: 30, second: 15),
                    days: nil, milestones: nil, allow: []),
            ],
            prompts: PromptsConfig(
                schedule: [try Schedule(parsing: "08:30"), try Schedule(parsing: "*-*-* 21:00:00"), try Schedule(parsing: "Mon..Fri 7:5")],
                order: .shuffle, builtin: false, catchUp: .all,
                quiet: QuietHours(startMinute: 22 * 60 + 30, endMinute: 7 * 60 + 30)),
            userPrompts: [
                UserPromptConfig(text: "What did I learn today about how I listen?", theme: .listening, days: 8...30),
                UserPromptConfig(text: "One kind thing I did for myself", theme: .selfCare, days: 3...3),
            ],
            delivery: DeliveryConfig(journal: false, desktop: false, command: ["notify-send", "{title}", "{body}"]),
            socket: SocketConfig(enabled: false, path: "%t/nocontact/other.socket"))
        #expect(config == expected)
        #expect(config.prompts.schedule.map(\.expression) == ["08:30", "*-*-* 21:00:00", "Mon..Fri 7:5"])
        #expect(config.prompts.schedule.map(\.spec.normalized) == ["*-*-* 08:30:00", "*-*-* 21:00:00", "Mon..Fri *-*-* 07:05:00"])
    }

    /// An empty file gives the built-in default period and the documented defaults of every section.
    @Test func emptyConfigUsesDefaults() throws {
        let config = try ConfigParser.parse("", file: "cfg.toml", zones: testZones)
        #expect(config.source == "cfg.toml")
        #expect(config.timeZone == nil)
        #expect(config.periods == [PeriodConfig(name: "them", start: .firstRun, days: nil, milestones: nil, allow: [])])
        #expect(config.prompts.schedule == [try Schedule(parsing: "09:00")])
        #expect(config.prompts.order == .phased)
        #expect(config.prompts.builtin == true)
        #expect(config.prompts.catchUp == .latest)
        #expect(config.prompts.quiet == nil)
        #expect(config.userPrompts.isEmpty)
        #expect(config.delivery == DeliveryConfig(journal: true, desktop: true, command: nil))
        #expect(config.socket == SocketConfig(enabled: true, path: "%t/nocontact/control.socket"))
    }

    /// A config without [[period]] but with other sections still gets the built-in default period.
    @Test func noPeriodGivesBuiltinDefaultPeriod() throws {
        let config = try ConfigParser.parse("[prompts]\norder = \"sequential\"\n", file: "cfg.toml", zones: testZones)
        #expect(config.periods == Config.builtinDefault.periods)
        #expect(config.prompts.order == .sequential)
        #expect(config.prompts.schedule.map(\.expression) == ["09:00"])
    }

    /// Omitted keys inside present sections take their defaults.
    @Test func omittedKeysInSectionsTakeDefaults() throws {
        let config = try ConfigParser.parse(validPeriod + "[prompts]\n[delivery]\n[socket]\n", file: "cfg.toml", zones: testZones)
        #expect(
            config.periods == [
                PeriodConfig(name: "Sam", start: .date(LocalDate(year: 2026, month: 11, day: 20)), days: nil, milestones: nil, allow: [])
            ])
        #expect(config.prompts == PromptsConfig(schedule: [try Schedule(parsing: "09:00")]))
        #expect(config.delivery == DeliveryConfig())
        #expect(config.socket == SocketConfig())
    }

    /// A single schedule string is accepted as a one-element list.
    @Test func singleScheduleStringIsAList() throws {
        let config = try ConfigParser.parse("[prompts]\nschedule = \"07:15\"\n", file: "cfg.toml", zones: testZones)
        #expect(config.prompts.schedule.map(\.expression) == ["07:15"])
    }

    /// tz database names and UTC are accepted as the zone of that name, with its offset.
    @Test(arguments: [("America/New_York", -5 * 3600), ("UTC", 0), ("Asia/Kolkata", 5 * 3600 + 1800)])
    func knownTimeZonesAreAccepted(name: String, offsetInNovember: Int) throws {
        let config = try ConfigParser.parse("timezone = \"\(name)\"\n", file: "cfg.toml", zones: testZones)
        let zone = try #require(config.timeZone)
        #expect(zone == testZone(name))
        #expect(zone.offset(at: Date(timeIntervalSince1970: 1_795_982_400)) == offsetInNovember)
    }

    /// Milestones limited to the period's length, and the defaults within the length.
    @Test func effectiveMilestonesRespectLength() throws {
        let text = """
            [[period]]
            name = "A"
            start = 2026-11-20
            days = 20

            [[period]]
            name = "B"
            start = 2026-11-20
            """
        let config = try ConfigParser.parse(text, file: "cfg.toml", zones: testZones)
        #expect(config.periods[0].effectiveMilestones == [1, 3, 7, 14])
        #expect(config.periods[1].effectiveMilestones == PeriodConfig.defaultMilestones)
    }

    /// TOML comments, blank lines and a quiet window within one day are all fine.
    @Test func quietWindowWithinOneDay() throws {
        let config = try ConfigParser.parse("# hi\n\n[prompts]\nquiet = \"9:05-12:00\" # morning\n", file: "cfg.toml", zones: testZones)
        #expect(config.prompts.quiet == QuietHours(startMinute: 9 * 60 + 5, endMinute: 12 * 60))
    }
}
