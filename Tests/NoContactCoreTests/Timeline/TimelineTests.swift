import Foundation
import Testing

@testable import NoContactCore

@Suite("Timeline")
struct TimelineTests {
    static let berlin = testZone("Europe/Berlin")
    static let state = JourneyState(firstRun: instant("2026-11-01T12:00:00+01:00"))

    static func config(
        periods: [PeriodConfig], schedule: [String] = ["21:00", "08:30", "12:00"],
        userPrompts: [UserPromptConfig] = [], builtin: Bool = true
    ) throws -> Config {
        Config(
            source: "cfg.toml", timeZone: testZone("Europe/Berlin"), periods: periods,
            prompts: PromptsConfig(schedule: try schedule.map { try Schedule(parsing: $0) }, builtin: builtin),
            userPrompts: userPrompts, delivery: DeliveryConfig(), socket: SocketConfig())
    }

    static func period(_ name: String, start: LocalDate, days: Int? = nil) -> PeriodConfig {
        PeriodConfig(name: name, start: .date(start), days: days, milestones: nil, allow: [])
    }

    static let sam = period("Sam", start: LocalDate(year: 2026, month: 11, day: 20), days: 30)

    /// The next event is the earliest of several schedules, whatever their order in the config.
    @Test func nextEventPicksEarliestSchedule() throws {
        let timeline = Timeline(config: try Self.config(periods: [Self.sam]), zone: Self.berlin)
        let midday = try #require(timeline.nextEvent(after: instant("2026-11-29T10:00:00+01:00"), state: Self.state))
        #expect(midday == TimelineEvent(kind: .prompt, due: instant("2026-11-29T12:00:00+01:00"), period: "Sam"))
        let morning = try #require(timeline.nextEvent(after: instant("2026-11-29T22:00:00+01:00"), state: Self.state))
        #expect(morning.due == instant("2026-11-30T08:30:00+01:00"))
    }

    /// Without a prompt schedule no prompt falls due, while milestones still do, at 09:00.
    @Test func noScheduleNoPrompts() throws {
        let timeline = Timeline(config: try Self.config(periods: [Self.sam], schedule: []), zone: Self.berlin)
        let events = timeline.upcoming(after: instant("2026-11-29T10:00:00+01:00"), count: 10, state: Self.state)
        #expect(!events.contains { $0.kind == .prompt })
        #expect(events.first == TimelineEvent(kind: .milestone, due: instant("2026-12-03T09:00:00+01:00"), period: "Sam", milestoneDay: 14))
    }

    /// With no schedule, no milestones and no end, nothing is ever due.
    @Test func nothingScheduledNoEvent() throws {
        let quiet = PeriodConfig(name: "them", start: .date(LocalDate(year: 2026, month: 11, day: 1)), days: nil, milestones: [], allow: [])
        let timeline = Timeline(config: try Self.config(periods: [quiet], schedule: []), zone: Self.berlin)
        #expect(timeline.nextEvent(after: instant("2026-11-29T10:00:00+01:00"), state: Self.state) == nil)
        #expect(timeline.upcoming(after: instant("2026-11-29T10:00:00+01:00"), count: 3, state: Self.state).isEmpty)
    }

    /// upcoming(count:) gives exactly `count` events, strictly increasing, in schedule order over days.
    @Test func upcomingIsStrictlyIncreasing() throws {
        let timeline = Timeline(config: try Self.config(periods: [Self.sam]), zone: Self.berlin)
        let events = timeline.upcoming(after: instant("2026-11-29T10:00:00+01:00"), count: 7, state: Self.state)
        #expect(events.count == 7)
        #expect(zip(events, events.dropFirst()).allSatisfy { $0.due < $1.due })
        #expect(
            events.prefix(4).map(\.due) == [
                instant("2026-11-29T12:00:00+01:00"), instant("2026-11-29T21:00:00+01:00"),
                instant("2026-11-30T08:30:00+01:00"), instant("2026-11-30T12:00:00+01:00"),
            ])
    }

    /// Two schedules naming the same time give one event at that time, not two.
    @Test func duplicateTimesGiveOneEvent() throws {
        let timeline = Timeline(config: try Self.config(periods: [Self.sam], schedule: ["09:00", "*-*-* 09:00:00"]), zone: Self.berlin)
        let events = timeline.upcoming(after: instant("2026-11-29T10:00:00+01:00"), count: 2, state: Self.state)
        #expect(events.map(\.due) == [instant("2026-11-30T09:00:00+01:00"), instant("2026-12-01T09:00:00+01:00")])
    }

    /// compose titles the delivery "Day N of M · a question for today" and carries a prompt id.
    @Test func composeClosedPeriod() throws {
        let timeline = Timeline(config: try Self.config(periods: [Self.sam]), zone: Self.berlin)
        let event = TimelineEvent(kind: .prompt, due: instant("2026-11-29T21:00:00+01:00"), period: "Sam")
        let delivery = timeline.compose(event, state: Self.state)
        #expect(delivery.title == "Day 10 of 30 · a question for today")
        #expect(delivery.kind == .prompt)
        #expect(delivery.due == event.due)
        #expect(delivery.period == "Sam")
        #expect(delivery.day == 10)
        #expect(!delivery.isLate)
        let id = try #require(delivery.promptID)
        #expect(PromptLibrary.builtin.prompt(id: id)?.text == delivery.body)
    }

    /// An open-ended period's title has no total.
    @Test func composeOpenEndedPeriod() throws {
        let open = Self.period("them", start: LocalDate(year: 2026, month: 11, day: 1))
        let timeline = Timeline(config: try Self.config(periods: [open]), zone: Self.berlin)
        let delivery = timeline.compose(
            TimelineEvent(kind: .prompt, due: instant("2026-11-29T21:00:00+01:00"), period: "them"), state: Self.state)
        #expect(delivery.title == "Day 29 · a question for today")
        #expect(delivery.promptID != nil)
    }

    /// With only the user's prompt, compose delivers it with its stable user id.
    @Test func composeUsesUserPrompt() throws {
        let text = "What did I learn today about how I listen?"
        let config = try Self.config(
            periods: [Self.sam], userPrompts: [UserPromptConfig(text: text, theme: .listening, days: nil)], builtin: false)
        let delivery = Timeline(config: config, zone: Self.berlin)
            .compose(TimelineEvent(kind: .prompt, due: instant("2026-11-29T21:00:00+01:00"), period: "Sam"), state: Self.state)
        #expect(delivery.body == text)
        #expect(delivery.promptID == Prompt.userID(forText: text))
    }

    /// When no prompt is available on the day, compose falls back to a gentle line without an id.
    @Test func composeWithoutEligiblePrompt() throws {
        let config = try Self.config(
            periods: [Self.sam], userPrompts: [UserPromptConfig(text: "Later", theme: .growth, days: 20...30)], builtin: false)
        let delivery = Timeline(config: config, zone: Self.berlin)
            .compose(TimelineEvent(kind: .prompt, due: instant("2026-11-29T21:00:00+01:00"), period: "Sam"), state: Self.state)
        #expect(delivery.promptID == nil)
        #expect(delivery.body == "Take a quiet minute for yourself today.")
    }

    /// The prompt's period is the first one under way: not one not yet started nor one already ended.
    @Test func promptPeriodIsFirstRunning() throws {
        let periods = [
            Self.period("Future", start: LocalDate(year: 2026, month: 12, day: 24), days: 30),
            Self.period("Ended", start: LocalDate(year: 2026, month: 1, day: 1), days: 10),
            Self.period("Running", start: LocalDate(year: 2026, month: 11, day: 1), days: 60),
            Self.period("AlsoRunning", start: LocalDate(year: 2026, month: 11, day: 2)),
        ]
        let timeline = Timeline(config: try Self.config(periods: periods), zone: Self.berlin)
        let event = try #require(timeline.nextEvent(after: instant("2026-11-29T10:00:00+01:00"), state: Self.state))
        #expect(event.period == "Running")
        let delivery = timeline.compose(event, state: Self.state)
        #expect(delivery.period == "Running")
        #expect(delivery.title == "Day 29 of 60 · a question for today")
    }

    /// When no period is under way, prompts speak to the first period.
    @Test func promptPeriodFallsBackToFirst() throws {
        let periods = [
            Self.period("Future", start: LocalDate(year: 2026, month: 12, day: 24), days: 30),
            Self.period("Ended", start: LocalDate(year: 2026, month: 1, day: 1), days: 10),
        ]
        let timeline = Timeline(config: try Self.config(periods: periods), zone: Self.berlin)
        #expect(timeline.nextEvent(after: instant("2026-11-29T10:00:00+01:00"), state: Self.state)?.period == "Future")
    }

    /// progress(now:state:) gives one entry per period, in config order, first-run periods from the state.
    @Test func progressPerPeriod() throws {
        let them = PeriodConfig(name: "them", start: .firstRun, days: nil, milestones: nil, allow: [])
        let timeline = Timeline(config: try Self.config(periods: [Self.sam, them]), zone: Self.berlin)
        let progress = timeline.progress(now: instant("2026-11-29T10:00:00+01:00"), state: Self.state)
        #expect(progress.map(\.period) == ["Sam", "them"])
        #expect(progress.map(\.day) == [10, 29])
    }

    /// The built-in default config schedules prompts at 09:00 and 21:00.
    @Test func builtinDefaultSchedule() {
        let timeline = Timeline(config: .builtinDefault, zone: Self.berlin)
        let prompts = timeline.upcoming(after: instant("2026-11-29T10:00:00+01:00"), count: 6, state: Self.state)
            .filter { $0.kind == .prompt }
        #expect(
            prompts.prefix(3).map(\.due) == [
                instant("2026-11-29T21:00:00+01:00"), instant("2026-11-30T09:00:00+01:00"), instant("2026-11-30T21:00:00+01:00"),
            ])
        #expect(prompts.allSatisfy { $0.period == "them" })
    }
}
