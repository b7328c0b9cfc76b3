import NoContactCore
import Testing

/// The care rules of prompt choice: "this relationship hurt me", situations, follow-ups.
@Suite("Prompt care rules")
struct PromptCareRulesTests {
    /// With hurt, no prompt asks the person to take the other's view, find their own fault,
    /// apologise or plan a gesture; the prompts for someone hurt come in (12 or more).
    @Test func hurtRemovesTheOthersViewAndAddsItsOwn() {
        let hurt = PromptLibrary.builtin.suited(hurt: true, situations: [])
        let ids = Set(hurt.prompts.map(\.id))
        for id in ["listening-04", "listening-05", "understanding-09", "apology-06"] {
            #expect(!ids.contains(id), "\(id)")
        }
        #expect(hurt.prompts.allSatisfy { $0.tags.isDisjoint(with: PromptTag.avoidedWhenHurt) })
        #expect(hurt.prompts.filter { $0.tags.contains(.hurt) }.count >= 12)
        let plain = PromptLibrary.builtin.suited(hurt: false, situations: [])
        #expect(plain.prompts.allSatisfy { !$0.tags.contains(.hurt) })
        #expect(plain.prompts.contains { $0.id == "listening-04" })
    }

    /// Prompts for a situation come only when it applies, in the library and per period.
    @Test func situationsApplyOnlyWhenNamed() {
        let none = PromptLibrary.builtin.suited(hurt: false, situations: [])
        #expect(none.prompts.allSatisfy { $0.tags.isDisjoint(with: PromptTag.situations) })
        let declined = PromptLibrary.builtin.suited(hurt: false, situations: [.apologyDeclined])
        #expect(declined.prompts.filter { $0.tags.contains(.apologyDeclined) }.count >= 3)
        #expect(declined.prompts.allSatisfy { !$0.tags.contains(.newPartner) })

        let selector = PromptSelector(library: .builtin)
        let home = PromptSelectionContext(day: 5, hasLogisticsContact: true, situations: [.home])
        let noHome = PromptSelectionContext(day: 5, hasLogisticsContact: true, situations: [])
        #expect(selector.eligiblePrompts(home).contains { $0.tags.contains(.home) })
        #expect(!selector.eligiblePrompts(noHome).contains { $0.tags.contains(.home) })
    }

    /// A follow-up is offered only after the prompt it follows was answered.
    @Test func followUpsWaitForTheirAnswer() {
        let selector = PromptSelector(library: .builtin)
        let before = selector.eligiblePrompts(PromptSelectionContext(day: 20))
        #expect(!before.contains { $0.id == "apology-04" || $0.id == "apology-08" })
        let after = selector.eligiblePrompts(PromptSelectionContext(day: 20, answered: ["apology-03"]))
        #expect(after.contains { $0.id == "apology-04" } && after.contains { $0.id == "apology-08" })
    }

    /// In 172 simulated periods (the count) apology-04 and apology-08 never come before
    /// apology-03 was answered; the person answers every prompt the day it comes.
    @Test func followUpsNeverArriveFirstInSimulatedRuns() {
        let library = PromptLibrary.builtin.suited(hurt: false, situations: [])
        let selector = PromptSelector(library: library)
        for run in 0..<172 {
            var history: [String] = []
            var answered: Set<String> = []
            for day in 1...45 {
                for _ in 0..<2 {
                    let context = PromptSelectionContext(
                        day: day, daysTotal: 45, order: [.phased, .sequential, .shuffle][run % 3], seed: UInt64(run),
                        recentDeliveries: history, deliveryIndex: history.count, answered: answered)
                    guard let prompt = selector.choose(context) else { continue }
                    if let follows = prompt.follows {
                        #expect(answered.contains(follows), "run \(run): \(prompt.id) before \(follows)")
                    }
                    history.append(prompt.id)
                    answered.insert(prompt.id)
                }
            }
        }
    }
}
