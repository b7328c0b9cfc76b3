import Foundation
import NoContactCore
import NoContactService
import Synchronization

/// The daemon's current config and state, shared between the scheduler (main queue) and the
/// control socket (its event loop). Writers replace the whole snapshot; readers copy it.
final class RuntimeState: Sendable {
    private let current: Mutex<ServiceSnapshot>

    init(_ snapshot: ServiceSnapshot) {
        current = Mutex(snapshot)
    }

    var snapshot: ServiceSnapshot {
        current.withLock { $0 }
    }

    func update(_ change: (inout ServiceSnapshot) -> Void) {
        current.withLock { change(&$0) }
    }
}
