import NoContactCore
import Testing

@Suite("Milestone, readiness and support messages")
struct MessagesTests {
    /// The default milestone days are 1, 3, 7, 14, 21, 30, 45, 60, 90.
    @Test func milestoneDays() {
        #expect(MilestoneMessages.days == [1, 3, 7, 14, 21, 30, 45, 60, 90])
    }

    /// Each milestone day has its own message with its day count, and none speaks of the
    /// other person or makes a claim about what "usually" happens.
    @Test func milestoneMessagesAreDistinctAndAboutThePerson() {
        let texts = MilestoneMessages.days.map { MilestoneMessages.message(forDay: $0, daysTotal: nil) }
        #expect(Set(texts).count == texts.count)
        let numbers = ["Day 1", "Three days", "A week", "Two weeks", "Three weeks", "Thirty", "Forty-five", "Sixty", "Ninety"]
        for (text, number) in zip(texts, numbers) {
            #expect(text.contains(number), "\(text)")
        }
        let claims = ["often", "usually", "crest", "start to settle", "for them", "giving them", " them ", "their "]
        for text in texts {
            #expect(!claims.contains { text.lowercased().contains($0) }, "\(text)")
        }
    }

    /// Milestones speak of the person's own record when there is one.
    @Test func milestoneCarriesTheRecord() {
        let text = MilestoneMessages.message(forDay: 14, daysTotal: nil, record: .init(urgesMet: 4, reflections: 7))
        #expect(text.contains("So far you have met 4 urges without acting on them and written 7 reflections."))
        #expect(
            MilestoneMessages.message(forDay: 7, daysTotal: nil, record: .init(urgesMet: 1, reflections: 0))
                .contains("met 1 urge without acting on it."))
        #expect(!MilestoneMessages.message(forDay: 7, daysTotal: nil).contains("So far"))
    }

    /// With a length, messages say how many days are left, and point to the check on the last day.
    @Test func milestoneCountsDown() {
        #expect(MilestoneMessages.message(forDay: 7, daysTotal: 30).hasSuffix("23 days left of the 30 you set."))
        #expect(MilestoneMessages.message(forDay: 29, daysTotal: 30).hasSuffix("1 day left of the 30 you set."))
        let last = MilestoneMessages.message(forDay: 30, daysTotal: 30)
        #expect(last.contains("last of the 30 days") && last.contains("nocontact ready"))
        #expect(MilestoneMessages.message(forDay: 10, daysTotal: nil) == "Day 10 of your space.")
    }

    /// The readiness check asks what the person wants and why, treats silence and a no as the
    /// other person's answer, names extend and close, and shows reasons and the letter.
    @Test func readinessCheck() {
        let check = ReadinessCheck(
            period: "Sam", daysOfSpace: 30, ended: true, closed: false, hasLength: true, hurt: false,
            reasons: ["I want calm evenings"], letter: "Dear me,\nyou did it.")
        let text = check.text
        #expect(text.contains("You have kept 30 days of space"))
        for question in check.questions { #expect(text.contains(question.text)) }
        #expect(check.questions.map(\.id) == ["ready-01", "ready-02", "ready-03", "ready-04", "ready-05", "ready-06"])
        let questions = check.questions.map(\.text).joined(separator: " ").lowercased()
        #expect(questions.contains("what do you want") && questions.contains("why"))
        #expect(questions.contains("no word at all is their answer"))
        #expect(questions.contains("respect"))
        #expect(text.contains("nocontact extend DAYS") && text.contains("nocontact close"))
        #expect(!text.contains("config"), "extend and close are commands, not config edits")
        #expect(text.contains("  - I want calm evenings") && text.contains("  you did it."))
        #expect(check.questions.allSatisfy { $0.text.count <= Prompt.maxTextLength })
    }

    /// For someone the relationship hurt, the check asks about their own safety instead of
    /// respecting the other person's wishes; an open-ended period is not offered "extend".
    @Test func readinessCheckWhenHurt() {
        let check = ReadinessCheck(
            period: "Sam", daysOfSpace: 10, ended: false, closed: false, hasLength: false, hurt: true, reasons: [], letter: nil)
        let questions = check.questions.map(\.text).joined(separator: " ").lowercased()
        #expect(!questions.contains("respect"))
        #expect(questions.contains("safe"))
        #expect(!check.text.contains("nocontact extend"))
        #expect(ReadinessCheck.promptText(forID: "ready-03") != nil && ReadinessCheck.promptText(forID: "letter") != nil)
        #expect(ReadinessCheck.promptText(forID: "ready-99") == nil)
    }

    /// The delivered end-of-period text is short and points to the commands.
    @Test func deliveredReadinessTextIsShort() {
        let text = ReadinessCheck.deliveredText(daysOfSpace: 30)
        #expect(text.count < 320)
        for command in ["nocontact ready", "nocontact extend", "nocontact close"] { #expect(text.contains(command)) }
    }

    /// A slip message keeps the progress and carries no shame.
    @Test func slipKeepsProgressWithoutShame() {
        #expect(SupportMessages.afterSlip(daysOfSpaceBefore: 12).contains("The 12 days of space before it still count"))
        #expect(SupportMessages.afterSlip(daysOfSpaceBefore: 1).contains("The 1 day of space before it still counts"))
        let shame = ["fail", "weak", "should have", "shame", "pathetic", "blew it", "ruined", "wasted", "again?"]
        for days in [0, 1, 12, 200] {
            let lower = SupportMessages.afterSlip(daysOfSpaceBefore: days).lowercased()
            #expect(!shame.contains { lower.contains($0) }, "\(lower)")
        }
    }

    /// A resisted urge gives the days so far and exactly one grounding line, the same for the
    /// same seed, and different seeds reach different lines.
    @Test func resistedUrgeGivesDaysAndOneGroundingLine() {
        let text = SupportMessages.afterUrge(daysSoFar: 9, seed: 4)
        #expect(text.hasPrefix("9 days of space so far"))
        #expect(SupportMessages.groundingLines.filter { text.contains($0) }.count == 1)
        #expect(SupportMessages.afterUrge(daysSoFar: 9, seed: 4) == text)
        let lines = Set((0..<UInt64(50)).map { SupportMessages.afterUrge(daysSoFar: 20, seed: $0) })
        #expect(lines.count > 3)
        #expect(!text.contains(SupportMessages.supportPointer))
    }

    /// An urge the person acted on meets no praise and no shame: it names `nocontact slip`
    /// and says the earlier days still count.
    @Test func actedOnUrgeGetsItsOwnReply() {
        for days in [0, 1, 9] {
            let text = SupportMessages.afterUrge(daysSoFar: days, resisted: false, seed: 3)
            #expect(text.contains("`nocontact slip`"))
            let lower = text.lowercased()
            for praise in ["holding", "instead of following", "well done", "proud", "great", "resist"] {
                #expect(!lower.contains(praise), "\(text)")
            }
            for shame in ["fail", "weak", "should have", "shame", "blew it"] {
                #expect(!lower.contains(shame), "\(text)")
            }
            if days > 0 { #expect(text.contains("still count")) }
            #expect(SupportMessages.groundingLines.allSatisfy { !text.contains($0) })
        }
    }

    /// Intensity 4 and 5 add the pointer to support; 1 to 3 do not.
    @Test func strongUrgesPointToSupport() {
        for intensity in 1...5 {
            for resisted in [true, false] {
                let text = SupportMessages.afterUrge(daysSoFar: 3, resisted: resisted, intensity: intensity, seed: 1)
                #expect(text.contains(SupportMessages.supportPointer) == (intensity >= 4), "\(intensity): \(text)")
            }
        }
    }

    /// A message from them is never a slip; the reply separates practical from personal.
    @Test func receivedSeparatesPracticalFromPersonal() {
        let practical = SupportMessages.afterReceived(day: 5, practical: true)
        let personal = SupportMessages.afterReceived(day: 5, practical: false)
        let unknown = SupportMessages.afterReceived(day: 5, practical: nil)
        for text in [practical, personal, unknown] {
            #expect(text.contains("not a slip") && text.contains("day 5"))
        }
        #expect(practical.contains("answer only that") && !practical.contains("about the two of you"))
        #expect(personal.contains("do not have to answer") && !personal.contains("answer only that"))
        #expect(unknown.contains("answer only that") && unknown.contains("do not have to answer"))
    }

    /// The support text says what to do in danger, that abuse services exist, and about a safe
    /// device; it carries no phone numbers of its own, and lists the person's people and lines.
    @Test func supportText() {
        let plain = SupportMessages.supportText(SupportConfig())
        #expect(plain.contains("emergency number"))
        #expect(plain.contains("domestic abuse"))
        #expect(plain.contains("device they cannot reach"))
        #expect(plain.contains("[support]"))
        #expect(!plain.contains { $0.isNumber }, "no numbers that differ by country")
        let own = SupportMessages.supportText(
            SupportConfig(
                people: [SupportPerson(name: "Alex", how: "call or text 0170 1234567")], lines: ["Samaritans (UK): 116 123"]))
        #expect(own.contains("  Alex: call or text 0170 1234567"))
        #expect(own.contains("  Samaritans (UK): 116 123"))
        #expect(!own.contains("[support]"))
    }

    /// Periods are named as the person's own space: never "X's period".
    @Test func spaceWording() {
        #expect(SpaceWording.yourSpace(periodName: "them") == "your space")
        #expect(SpaceWording.yourSpace(periodName: "  ") == "your space")
        #expect(SpaceWording.yourSpace(periodName: "Sam") == "your space from Sam")
        #expect(SpaceWording.yourSpace(periodName: "Sam", discreet: true) == "your space")
        #expect(SpaceWording.yourSpaceCapitalized(periodName: "Sam") == "Your space from Sam")
    }

    /// No message anywhere says "'s period".
    @Test func noPossessivePeriod() {
        for text in CareTexts.all() {
            #expect(!text.contains("'s period"), "\(text)")
        }
    }
}
