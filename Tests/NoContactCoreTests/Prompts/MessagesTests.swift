import NoContactCore
import Testing

@Suite("Milestone and support messages")
struct MessagesTests {
    /// The default milestone days are 1, 3, 7, 14, 21, 30, 45, 60, 90.
    @Test func milestoneDays() {
        #expect(MilestoneMessages.days == [1, 3, 7, 14, 21, 30, 45, 60, 90])
    }

    /// Each milestone day has its own message that names the person and the day count.
    @Test func milestoneMessagesAreDistinct() {
        let texts = MilestoneMessages.days.map {
            MilestoneMessages.message(forDay: $0, daysTotal: nil, periodName: "Sam")
        }
        #expect(Set(texts).count == texts.count)
        #expect(texts.allSatisfy { $0.contains("Sam") })
        let numbers = ["1", "3", "One week", "Two weeks", "Three weeks", "Thirty", "Forty-five", "Sixty", "Ninety"]
        for (text, number) in zip(texts, numbers) {
            #expect(text.contains(number), "\(text)")
        }
    }

    /// With a length, messages say how many days are left, and mark the last day.
    @Test func milestoneCountsDown() {
        #expect(MilestoneMessages.message(forDay: 7, daysTotal: 30, periodName: "Sam").hasSuffix("23 days left of the 30 you set."))
        #expect(MilestoneMessages.message(forDay: 29, daysTotal: 30, periodName: "Sam").hasSuffix("1 day left of the 30 you set."))
        #expect(MilestoneMessages.message(forDay: 30, daysTotal: 30, periodName: "Sam").contains("last of the 30 days"))
        #expect(MilestoneMessages.message(forDay: 10, daysTotal: nil, periodName: "Sam") == "Day 10 of giving Sam space.")
        #expect(MilestoneMessages.message(forDay: 10, daysTotal: nil, periodName: "  ") == "Day 10 of giving them space.")
    }

    /// The readiness check asks what the person wants and why, whether the other person has
    /// said what they want (respecting a no), and offers to extend the period.
    @Test func readinessCheck() {
        let text = MilestoneMessages.endOfPeriod(periodName: "Sam", daysTotal: 30)
        #expect(text.contains("30 days of space"))
        for question in MilestoneMessages.readinessQuestions {
            #expect(text.contains(question))
        }
        let questions = MilestoneMessages.readinessQuestions.joined(separator: " ").lowercased()
        #expect(questions.contains("what do you want"))
        #expect(questions.contains("why"))
        #expect(questions.contains("has the other person said what they want"))
        #expect(questions.contains("if they said no"))
        #expect(questions.contains("respect"))
        #expect(text.lowercased().contains("extend"))
        #expect(MilestoneMessages.readinessQuestions.allSatisfy { $0.count <= Prompt.maxTextLength })
    }

    /// A slip message keeps the progress ("N days of space still count") and carries no shame.
    @Test func slipKeepsProgressWithoutShame() {
        let text = SupportMessages.afterSlip(daysOfSpaceBefore: 12, periodName: "Sam")
        #expect(text.contains("12 days of space still count"))
        #expect(SupportMessages.afterSlip(daysOfSpaceBefore: 1, periodName: "Sam").contains("1 day of space still counts"))
        let shame = ["fail", "weak", "should have", "shame", "pathetic", "blew it", "ruined", "wasted", "again?"]
        for days in [0, 1, 12, 200] {
            let lower = SupportMessages.afterSlip(daysOfSpaceBefore: days, periodName: "Sam").lowercased()
            #expect(!shame.contains { lower.contains($0) }, "\(lower)")
        }
    }

    /// An urge message gives the days so far and exactly one grounding line, the same for the
    /// same seed, and different seeds reach different lines.
    @Test func urgeGivesDaysAndOneGroundingLine() {
        let text = SupportMessages.afterUrge(daysSoFar: 9, seed: 4)
        #expect(text.hasPrefix("9 days of space so far"))
        #expect(text.contains("second week"))
        #expect(SupportMessages.groundingLines.filter { text.contains($0) }.count == 1)
        #expect(SupportMessages.afterUrge(daysSoFar: 9, seed: 4) == text)
        let lines = Set((0..<UInt64(50)).map { SupportMessages.afterUrge(daysSoFar: 20, seed: $0) })
        #expect(lines.count > 3)
        #expect(!SupportMessages.afterUrge(daysSoFar: 20, seed: 1).contains("second week"))
        let grounding = SupportMessages.groundingLines.joined(separator: " ").lowercased()
        for kind in ["breathe", "walk", "write out"] {
            #expect(grounding.contains(kind))
        }
    }
}
