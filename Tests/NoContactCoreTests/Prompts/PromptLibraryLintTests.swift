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

    /// The built-in order (the sequential walk) holds every prompt once, early ones first.
    @Test func walkOrderIsAPermutationStartingEarly() {
        let ids = library.prompts.map(\.id)
        #expect(Set(ids).count == ids.count)
        #expect(library.prompts.first?.phase == .early)
        let firstThemes = library.prompts.prefix(5).map(\.theme)
        #expect(Set(firstThemes).count == 5, "the walk should alternate themes")
    }
}
