public import Foundation
public import NoContactCore
public import NoContactStore

extension JourneyStore {
    /// The state planning and prompt choice start from: the stored state plus the prompts
    /// answered with a reflection within `JourneyState.recentlyAnsweredWindow`.
    public func planningState(now: Date) throws(StoreError) -> JourneyState {
        var state = try loadState(now: now)
        state.recentlyAnsweredPromptIDs.formUnion(try answeredPromptIDs(since: now.addingTimeInterval(-JourneyState.recentlyAnsweredWindow)))
        return state
    }
}
