package import NoContactCore
package import NoContactStore

#if canImport(FoundationEssentials)
package import FoundationEssentials
#else
package import Foundation
#endif

extension JourneyStore {
    /// The state planning and prompt choice start from: the stored state plus the prompts
    /// answered with a reflection within `JourneyState.recentlyAnsweredWindow`.
    package func planningState(now: Date) throws(StoreError) -> JourneyState {
        var state = try loadState(now: now)
        // Derived from when each prompt was last answered, which the state already carries: a
        // prompt answered since the window began is one whose last answer is in the window.
        let windowStart = now.addingTimeInterval(-JourneyState.recentlyAnsweredWindow)
        state.recentlyAnsweredPromptIDs.formUnion(state.lastAnswered.filter { $0.value >= windowStart }.keys)
        return state
    }
}
