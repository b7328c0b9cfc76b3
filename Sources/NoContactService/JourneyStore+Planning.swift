public import Foundation
public import NoContactCore
public import NoContactStore

extension JourneyStore {
    /// The state planning and prompt choice start from: the stored state plus the prompts
    /// answered with a reflection within `JourneyState.recentlyAnsweredWindow`.
    public func planningState(now: Date) throws(StoreError) -> JourneyState {
        var state = try loadState(now: now)
        let since = now.addingTimeInterval(-JourneyState.recentlyAnsweredWindow)
        for case let .reflection(reflection) in try history(since: since, kinds: [.reflection]) {
            if let promptID = reflection.promptID { state.recentlyAnsweredPromptIDs.insert(promptID) }
        }
        return state
    }
}
