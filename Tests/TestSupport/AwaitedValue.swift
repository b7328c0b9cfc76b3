import Dispatch
import Synchronization

/// A value another thread sets once, waited for with a bound.
package final class AwaitedValue<Value: Sendable>: Sendable {
    private let value = Mutex<Value?>(nil)
    private let done = DispatchSemaphore(value: 0)

    package init() {}

    package func set(_ newValue: Value) {
        value.withLock { $0 = newValue }
        done.signal()
    }

    /// The value, or nil when none was set within `seconds`.
    package func wait(timeout seconds: Double) -> Value? {
        guard done.wait(timeout: .now() + seconds) == .success else { return nil }
        return value.withLock { $0 }
    }
}
