import Foundation
import Testing

@testable import NoContactCore

/// The timeline's care rules: pauses, closed and ended periods, discreet mode, today's prompt.
@Suite("Timeline care")
struct TimelineCareTests {
    static let berlin = testZone("Europe/Berlin")
    static let sam = TimelineTests.sam  // 30 days from 2026-11-20

    static func timeline(discreet: Bool = false, periods: [PeriodConfig] = [sam], schedule: [String] = ["08:30", "21:00"]) throws
        -> Timeline
    {
        var config = try TimelineTests.config(periods: periods, schedule: schedule)
        config.delivery.discreet = discreet
        return Timeline(config: config, zone: berlin)
    }

    /// Nothing falls due inside a pause; what is due at its end comes; nothing piles up.
    @Test func pauseSkipsWhatFallsDueInside() throws {
        let timeline = try Self.timeline()
        var state = TimelineTests.state
        state.pauses = [PauseWindow(start: instant("2026-11-25T08:00:00+01:00"), end: instant("2026-11-27T08:30:00+01:00"))]
        let events = timeline.events(
            after: instant("2026-11-24T22:00:00+01:00"), through: instant("2026-11-27T22:00:00+01:00"), state: state)
        // Prompts of 11-25 and 11-26 and the day-7 milestone (11-26 08:30) fall inside: skipped.
        #expect(events.map(\.due) == [instant("2026-11-27T08:30:00+01:00"), instant("2026-11-27T21:00:00+01:00")])
        #expect(events.map(\.kind) == [.prompt, .prompt])
        #expect(state.pause(at: instant("2026-11-26T12:00:00+01:00")) != nil)
        #expect(state.pause(at: instant("2026-11-27T08:30:00+01:00")) == nil)
    }

    /// A closed period has no more milestones, end or prompts, and its progress says closed.
    @Test func closedPeriodGoesQuiet() throws {
        let timeline = try Self.timeline()
        var state = TimelineTests.state
        state.periodHistories["Sam"] = PeriodHistory(closedAt: instant("2026-11-25T10:00:00+01:00"))
        #expect(timeline.upcoming(after: instant("2026-11-25T10:00:00+01:00"), count: 5, state: state).isEmpty)
        let progress = timeline.progress(of: Self.sam, at: instant("2026-11-26T10:00:00+01:00"), state: state)
        #expect(progress.closed && progress.hasEnded && !progress.isUnderWay)
        #expect(progress.daysLeft == 0)
        // Before the closure it was under way.
        #expect(timeline.progress(of: Self.sam, at: instant("2026-11-24T10:00:00+01:00"), state: state).isUnderWay)
    }

    /// After a period ends prompts stop, unless another period is under way; a period that
    /// starts later brings them back on its first day.
    @Test func promptsFollowThePeriodsUnderWay() throws {
        let later = TimelineTests.period("Alex", start: LocalDate(year: 2027, month: 1, day: 10), days: 10)
        let timeline = try Self.timeline(periods: [Self.sam, later])
        let events = timeline.upcoming(after: instant("2026-12-19T22:00:00+01:00"), count: 3, state: TimelineTests.state)
        #expect(events.map(\.kind) == [.periodEnd, .milestone, .prompt])
        #expect(
            events.map(\.due) == [
                instant("2026-12-20T08:30:00+01:00"), instant("2027-01-10T08:30:00+01:00"), instant("2027-01-10T08:30:00+01:00"),
            ])
        #expect(events.last?.period == "Alex")
        // The current period after the end is the one that ended (for the readiness check).
        #expect(timeline.currentPeriod(at: instant("2026-12-25T12:00:00+01:00"), state: TimelineTests.state).name == "Sam")
    }

    /// Discreet mode: neutral titles, no name in the body, an opaque period label.
    @Test func discreetDeliveriesCarryNoName() throws {
        for discreet in [false, true] {
            let timeline = try Self.timeline(discreet: discreet)
            let state = TimelineTests.state
            let events = timeline.upcoming(after: instant("2026-11-19T22:00:00+01:00"), count: 200, state: state)
            #expect(Set(events.map(\.kind)) == [.milestone, .prompt, .periodEnd])
            for event in events {
                let delivery = timeline.compose(event, state: state)
                #expect(delivery.periodLabel == (discreet ? "period-1" : "Sam"))
                #expect(delivery.period == "Sam", "the store still keeps the real period")
                #expect(!delivery.body.contains("Sam") && !delivery.title.contains("Sam"))
                if discreet { #expect(!delivery.title.contains("Day ") && !delivery.title.contains("space")) }
            }
        }
    }

    /// Today's prompt is the one delivered today, and stays the same after it is answered.
    @Test func todaysPromptIsStableForTheDay() throws {
        let timeline = try Self.timeline()
        var state = TimelineTests.state
        let now = instant("2026-11-24T12:00:00+01:00")
        let before = try #require(timeline.prompt(forDay: nil, theme: nil, now: now, state: state))
        // Answering it today does not swap it for another.
        state.lastAnswered[before.prompt.id] = instant("2026-11-24T11:00:00+01:00")
        state.recentlyAnsweredPromptIDs.insert(before.prompt.id)
        #expect(timeline.prompt(forDay: nil, theme: nil, now: now, state: state)?.prompt.id == before.prompt.id)
        // Once a prompt was delivered today, that one is today's prompt.
        state.lastPromptDelivery = PromptDeliveryMark(promptID: "space-03", due: instant("2026-11-24T08:30:00+01:00"))
        #expect(timeline.prompt(forDay: nil, theme: nil, now: now, state: state)?.prompt.id == "space-03")
        // Yesterday's delivery does not count for today.
        state.lastPromptDelivery = PromptDeliveryMark(promptID: "space-03", due: instant("2026-11-23T21:00:00+01:00"))
        #expect(timeline.prompt(forDay: nil, theme: nil, now: now, state: state)?.prompt.id == before.prompt.id)
    }

    /// Milestone messages carry the period's own record.
    @Test func milestoneCarriesRecord() throws {
        let timeline = try Self.timeline()
        var state = TimelineTests.state
        state.periodHistories["Sam"] = PeriodHistory(reflections: 2, urgesMet: 3)
        let event = TimelineEvent(kind: .milestone, due: instant("2026-11-26T08:30:00+01:00"), period: "Sam", milestoneDay: 7)
        #expect(
            timeline.compose(event, state: state).body.contains(
                "So far you have met 3 urges without acting on them and written 2 reflections."))
    }
}
