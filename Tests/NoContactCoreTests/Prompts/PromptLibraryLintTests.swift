import Foundation
import NoContactCore
import Testing

@Suite("Prompt library lint")
struct PromptLibraryLintTests {
    let library = PromptLibrary.builtin

    /// The checked-in list of ids (PromptIDs.txt next to this file), comments and blanks dropped.
    static func recordedIDs() throws -> [String] {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("PromptIDs.txt")
        let text = try String(contentsOf: url, encoding: .utf8)
        return text.split(whereSeparator: \.isNewline)
            .map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty && !$0.hasPrefix("#") }
    }

    /// Every id in the checked-in list still exists, so removing or renaming a prompt fails.
    @Test func recordedIDsStillExist() throws {
        let recorded = try Self.recordedIDs()
        #expect(recorded.count >= 90)
        let current = Set(library.prompts.map(\.id))
        let missing = recorded.filter { !current.contains($0) }
        #expect(missing.isEmpty, "built-in prompts removed or renamed (ids are stable): \(missing)")
    }

    /// Every built-in id is recorded in the checked-in list, and the list has no duplicates.
    @Test func everyIDIsRecorded() throws {
        let recorded = try Self.recordedIDs()
        #expect(Set(recorded).count == recorded.count, "PromptIDs.txt lists an id twice")
        let recordedSet = Set(recorded)
        let unrecorded = library.prompts.map(\.id).filter { !recordedSet.contains($0) }
        #expect(unrecorded.isEmpty, "append these ids to PromptIDs.txt: \(unrecorded)")
    }

    /// Ids are unique and readable: `<theme>-NN`, or `logistics-NN` for logistics prompts.
    @Test func idsAreUniqueAndReadable() {
        let ids = library.prompts.map(\.id)
        #expect(Set(ids).count == ids.count)
        for prompt in library.prompts {
            let prefix = prompt.forLogistics ? "logistics" : prompt.theme.rawValue
            let number = prompt.id.dropFirst(prefix.count + 1)
            #expect(prompt.id.hasPrefix(prefix + "-"), "\(prompt.id) should start with \(prefix)-")
            #expect(number.count == 2 && number.allSatisfy(\.isNumber), "\(prompt.id) should end in two digits")
        }
    }

    /// No two prompts share a text, ignoring case and surrounding spaces.
    @Test func textsAreUnique() {
        let texts = library.prompts.map { $0.text.lowercased().trimmingCharacters(in: .whitespaces) }
        #expect(Set(texts).count == texts.count)
    }

    /// Texts are non-empty, trimmed, at most 200 characters, end in a question mark or full stop,
    /// and hold at most one question.
    @Test func textsAreShortAndAskOneThing() {
        for prompt in library.prompts {
            #expect(!prompt.text.isEmpty)
            #expect(prompt.text.count <= Prompt.maxTextLength, "\(prompt.id) is \(prompt.text.count) characters")
            #expect(prompt.text == prompt.text.trimmingCharacters(in: .whitespacesAndNewlines))
            #expect(prompt.text.hasSuffix("?") || prompt.text.hasSuffix("."), "\(prompt.id) should end a sentence")
            #expect(prompt.text.filter { $0 == "?" }.count <= 1, "\(prompt.id) asks more than one question")
        }
    }

    /// No placeholder text (TODO, lorem, xxx, an ellipsis, template braces) in any prompt or message.
    @Test func noPlaceholders() {
        var texts = library.prompts.map { ($0.id, $0.text) }
        texts += CareTexts.all().map { ("message", $0) }
        for (id, text) in texts {
            #expect(PromptPlaceholder.found(in: text).isEmpty, "\(id): \(text)")
        }
    }

    /// At least 90 prompts, at least 6 per theme, and built-ins carry no day range.
    @Test func enoughPromptsPerTheme() {
        #expect(library.prompts.count >= 90)
        for theme in Theme.allCases {
            let count = library.prompts.filter { $0.theme == theme && !$0.forLogistics }.count
            #expect(count >= 6, "theme \(theme.rawValue) has only \(count) prompts")
        }
        #expect(library.prompts.allSatisfy { $0.isBuiltin && $0.days == nil })
    }

    /// Every phase has prompts, and each phase has its leaning themes: early space and
    /// self-care, middle understanding, apology and change, late growth and acceptance.
    @Test func phasesAreCoveredWithTheirLeaningThemes() {
        for phase in PromptPhase.allCases {
            #expect(library.prompts.contains { $0.phase == phase && !$0.forLogistics }, "no \(phase) prompts")
        }
        func count(_ theme: Theme, _ phase: PromptPhase) -> Int {
            library.prompts.filter { $0.theme == theme && $0.phase == phase && !$0.forLogistics }.count
        }
        for theme in [Theme.space, .selfCare] { #expect(count(theme, .early) >= 5) }
        for theme in [Theme.understanding, .apology, .change] { #expect(count(theme, .middle) >= 5) }
        for theme in [Theme.growth, .acceptance] { #expect(count(theme, .late) >= 5) }
        // Every theme is available in every phase (own phase or `any`), so phased can reach it.
        for theme in Theme.allCases {
            for phase in [PromptPhase.early, .middle, .late] {
                #expect(count(theme, phase) + count(theme, .any) >= 1, "\(theme) unreachable in \(phase)")
            }
        }
    }

    /// At least four logistics prompts, for any day, and they talk about logistics.
    @Test func logisticsPrompts() {
        let logistics = library.prompts.filter(\.forLogistics)
        #expect(logistics.count >= 4)
        for prompt in logistics {
            #expect(prompt.phase == .any)
            let text = prompt.text.lowercased()
            let practical = ["logistic", "practical", "children", "bills", "money", "calendar", "plan"]
            #expect(practical.contains { text.contains($0) }, "\(prompt.id) should be about logistics")
        }
    }

    /// No late-phase prompt tells the person to contact the other one.
    @Test func latePromptsNeverNudgeContact() {
        let late = library.prompts.filter { $0.phase == .late }
        #expect(!late.isEmpty)
        for prompt in late {
            #expect(PromptContactLanguage.violations(in: prompt.text).isEmpty, "\(prompt.id): \(prompt.text)")
        }
    }

    /// No prompt of any phase tells the person to contact the other one either.
    @Test func noPromptNudgesContact() {
        for prompt in library.prompts {
            #expect(PromptContactLanguage.violations(in: prompt.text).isEmpty, "\(prompt.id): \(prompt.text)")
        }
    }

    /// The readiness check and every milestone message stay free of contact nudges, for
    /// fixed-length and open-ended periods.
    @Test func readinessAndMilestonesNeverNudgeContact() {
        for text in CareTexts.all() {
            #expect(PromptContactLanguage.violations(in: text).isEmpty, "\(text)")
        }
    }

    /// The slip and urge messages stay free of contact nudges too.
    @Test func supportMessagesNeverNudgeContact() {
        for text in CareTexts.all() {
            #expect(PromptContactLanguage.violations(in: text).isEmpty, "\(text)")
        }
    }

    /// The forbidden-phrase check itself catches the phrasings it exists for.
    @Test func contactCheckCatchesNudges() {
        for text in [
            "Now is the time to reach out.", "Why not text them tonight?", "Send it when the period ends.",
            "Get back in touch with them.", "Have a look at their profile.", "Call them, it’s been 30 days.",
        ] {
            #expect(!PromptContactLanguage.violations(in: text).isEmpty, "\(text)")
        }
    }

    // MARK: tags, follow-ups and care

    /// Prompts that ask the person to voice the other's side, find their own fault, apologise
    /// or plan a gesture carry a tag that `[prompts] hurt = true` leaves out; gestures meant for
    /// other people or for oneself do not.
    @Test func askingForFaultOrTheirSideIsAvoidedWhenHurt() throws {
        let mustBeAvoided = [
            "listening-04", "listening-05", "understanding-09", "apology-06", "apology-01", "apology-02",
            "apology-03", "apology-04", "apology-08", "understanding-04", "change-03", "acceptance-08",
            "gesture-04", "gesture-09",
        ]
        for id in mustBeAvoided {
            let prompt = try #require(library.prompt(id: id), "\(id) is missing")
            #expect(!prompt.tags.isDisjoint(with: PromptTag.avoidedWhenHurt), "\(id) should carry an avoided tag")
        }
        #expect(library.prompt(id: "listening-04")?.tags.contains(.theirView) == true)
        #expect(library.prompt(id: "apology-06")?.tags.contains(.ownPart) == true)
        #expect(library.prompt(id: "apology-03")?.tags.contains(.apology) == true)
        for id in ["gesture-07", "gesture-10"] {
            let prompt = try #require(library.prompt(id: id))
            #expect(!prompt.tags.contains(.gesture), "\(id) is a gesture for someone else or oneself")
        }
        // Every other gesture prompt imagines a gesture toward them and is tagged, so a new one
        // must either be tagged or be added here as a gesture for others or oneself.
        let notTowardThem: Set<String> = ["gesture-03", "gesture-07", "gesture-10"]
        for prompt in library.prompts where prompt.theme == .gesture && !prompt.tags.contains(.hurt) {
            if !notTowardThem.contains(prompt.id) {
                #expect(prompt.tags.contains(.gesture), "\(prompt.id): \(prompt.text)")
            }
        }
    }

    /// At least 14 prompts for someone the relationship hurt: none carries an avoided tag or a
    /// situation tag, and they reach every phase and several themes.
    @Test func promptsForSomeoneHurt() {
        let hurt = library.prompts.filter { $0.tags.contains(.hurt) }
        #expect(hurt.count >= 14, "only \(hurt.count) prompts tagged hurt")
        for prompt in hurt {
            #expect(prompt.tags.isDisjoint(with: PromptTag.avoidedWhenHurt), "\(prompt.id) is tagged hurt and avoided")
            #expect(prompt.tags.isDisjoint(with: PromptTag.situations), "\(prompt.id) is tagged hurt and a situation")
            #expect(!prompt.forLogistics, "\(prompt.id)")
        }
        #expect(Set(hurt.map(\.theme)).count >= 6, "hurt prompts should spread over themes")
        for phase in [PromptPhase.early, .middle, .late] {
            #expect(hurt.contains { $0.phase == phase }, "no hurt prompt in \(phase)")
        }
    }

    /// Every situation has at least three prompts; a situation prompt names exactly one
    /// situation and is for no one hurt-specific; "home" prompts are logistics prompts (offered
    /// only for periods that allow logistics contact) and the others are not.
    @Test func promptsForSituations() {
        for situation in PromptTag.situations {
            let count = library.prompts.filter { $0.tags.contains(situation) }.count
            #expect(count >= 3, "situation \(situation.rawValue) has only \(count) prompts")
        }
        for prompt in library.prompts {
            let situations = prompt.tags.intersection(PromptTag.situations)
            guard !situations.isEmpty else { continue }
            #expect(situations.count == 1, "\(prompt.id) names \(situations.count) situations")
            #expect(prompt.tags.isDisjoint(with: PromptTag.avoidedWhenHurt), "\(prompt.id)")
            #expect(prompt.forLogistics == situations.contains(.home), "\(prompt.id): only home prompts are logistics")
        }
    }

    /// Every `follows` names another existing prompt that can be offered at or before the
    /// follow-up's phase (`any` counts as early for the prompt followed and as late for the
    /// follow-up), and in every circumstance the follow-up can be offered: a follow-up carries
    /// the avoided tags, `hurt`, situation and logistics of the prompt it follows.
    @Test func followUpsNameEarlierPrompts() throws {
        func earliest(_ phase: PromptPhase) -> Int {
            switch phase {
            case .early, .any: 0
            case .middle: 1
            case .late: 2
            }
        }
        func latest(_ phase: PromptPhase) -> Int {
            switch phase {
            case .early: 0
            case .middle: 1
            case .late, .any: 2
            }
        }
        let followUps = library.prompts.filter { $0.follows != nil }
        #expect(followUps.count >= 2)
        for prompt in followUps {
            let id = try #require(prompt.follows)
            #expect(id != prompt.id, "\(prompt.id) follows itself")
            let followed = try #require(library.prompt(id: id), "\(prompt.id) follows missing \(id)")
            #expect(earliest(followed.phase) <= latest(prompt.phase), "\(prompt.id) comes before \(id)")
            if !followed.tags.isDisjoint(with: PromptTag.avoidedWhenHurt) {
                #expect(!prompt.tags.isDisjoint(with: PromptTag.avoidedWhenHurt), "\(prompt.id) outlives \(id) when hurt")
            }
            if followed.tags.contains(.hurt) { #expect(prompt.tags.contains(.hurt), "\(prompt.id)") }
            #expect(followed.tags.intersection(PromptTag.situations).isSubset(of: prompt.tags), "\(prompt.id)")
            if followed.forLogistics { #expect(prompt.forLogistics, "\(prompt.id)") }
        }
        for id in ["apology-04", "apology-08"] {
            #expect(library.prompt(id: id)?.follows == "apology-03")
        }
    }

    /// No text assumes how long the period is, since a 10-day period is already late on day 8.
    /// The rule: in a prompt of any phase, "week" appears only as a horizon for an action ahead,
    /// "this week" or "next week" (also "this weekend"); never "weeks", "the first week",
    /// "these weeks" or "weeks ago".
    @Test func textsAssumeNoPeriodLength() {
        for prompt in library.prompts {
            let text = prompt.text.lowercased()
            var searchStart = text.startIndex
            while let found = text.range(of: "week", range: searchStart..<text.endIndex) {
                let before = text[text.startIndex..<found.lowerBound]
                let after = text[found.upperBound...]
                let horizon = before.hasSuffix("this ") || before.hasSuffix("next ")
                #expect(horizon && !after.hasPrefix("s"), "\(prompt.id) (\(prompt.phase)): \(prompt.text)")
                searchStart = found.upperBound
            }
            for phrase in ["for months", "months ago", "for weeks", "a month ago"] {
                #expect(!text.contains(phrase), "\(prompt.id): \(prompt.text)")
            }
        }
    }

    /// No prompt or message says "'s period" (a period is named after nobody in the text).
    @Test func noPossessivePeriod() {
        var texts = library.prompts.map { ($0.id, $0.text) }
        texts += CareTexts.all().map { ("message", $0) }
        for (id, text) in texts {
            let plain = PromptContactLanguage.plainApostrophes(text.lowercased())
            #expect(!plain.contains("'s period"), "\(id): \(text)")
        }
    }

    /// The built-in order (the sequential walk) holds every prompt once, early ones first.
    @Test func walkOrderIsAPermutationStartingEarly() {
        let ids = library.prompts.map(\.id)
        #expect(Set(ids).count == ids.count)
        #expect(library.prompts.first?.phase == .early)
        let firstThemes = library.prompts.prefix(5).map(\.theme)
        #expect(Set(firstThemes).count == 5, "the walk should alternate themes")
    }
}
