import Foundation
import Synchronization

@testable import NoContactCore

// In-memory shells for the `DeliveryLoop`: a unit test of the loop's logic fakes what it drives
// (CONTRIBUTING: the one place fakes are fine). Each records what it was asked, in order, in
// one shared `LoopTrace`, so a test can check what happened before what.

/// What the shells were asked, in order: "read", "record", "refused", "deliver", "publish",
/// "arm wake", "cancel retry", ... `Sendable` because a `DeliveryChannel` must be: the steps are
/// behind a mutex.
final class LoopTrace: Sendable {
    private let storage = Mutex<[String]>([])

    var steps: [String] { storage.withLock { $0 } }

    func add(_ step: String) { storage.withLock { $0.append(step) } }
}

/// The test clock the loop reads, moved only by the test.
final class FakeLoopClock: LoopClock {
    var instant: Date

    init(_ instant: Date) { self.instant = instant }

    func now() -> Date { instant }
}

/// Why the fake store refuses a write, as a store error would say it.
struct StoreRefusal: Error, CustomStringConvertible {
    var description: String
}

/// The journey store in memory: records deliveries as the real store derives its state from
/// them (delivery count, recent prompts, last prompt), and can be told to refuse writes.
final class FakeLoopStore: LoopStore {
    private(set) var state: JourneyState
    /// Every delivery recorded, in order.
    private(set) var recorded: [DeliveryRecord] = []
    /// How often the loop read the state.
    private(set) var reads = 0
    /// How often the loop tried to write (also refused tries).
    private(set) var writeAttempts = 0
    /// While set, every write throws this.
    var refusal: StoreRefusal?
    private let trace: LoopTrace

    init(_ state: JourneyState, trace: LoopTrace) {
        self.state = state
        self.trace = trace
    }

    func planningState(now: Date) throws -> JourneyState {
        reads += 1
        trace.add("read")
        return state
    }

    func record(deliveries: [DeliveryRecord], handledThrough: Date) throws {
        writeAttempts += 1
        if let refusal {
            trace.add("refused")
            throw refusal
        }
        trace.add("record")
        for delivery in deliveries {
            state = state.recordingDelivery(of: delivery.promptID, due: delivery.due)
        }
        recorded += deliveries
        state.handledThrough = handledThrough
    }
}

/// A timer that only remembers its deadline.
final class FakeLoopTimer: LoopTimer {
    /// The deadline armed now; nil when cancelled or never armed.
    private(set) var deadline: Date?
    /// Every arming, in order.
    private(set) var armings: [Date] = []
    private let name: String
    private let trace: LoopTrace

    init(_ name: String, trace: LoopTrace) {
        self.name = name
        self.trace = trace
    }

    func arm(at deadline: Date) {
        self.deadline = deadline
        armings.append(deadline)
        trace.add("arm \(name)")
    }

    func cancel() {
        deadline = nil
        trace.add("cancel \(name)")
    }
}

/// A channel that keeps what it was given. `Sendable` as `DeliveryChannel` asks: the list is
/// behind a mutex.
final class FakeChannel: DeliveryChannel {
    private let received = Mutex<[Delivery]>([])
    private let trace: LoopTrace

    init(trace: LoopTrace) { self.trace = trace }

    var deliveries: [Delivery] { received.withLock { $0 } }

    func deliver(_ delivery: Delivery) {
        received.withLock { $0.append(delivery) }
        trace.add("deliver")
    }
}

/// STATUS= lines, in order.
final class FakeNotifier: LoopNotifier {
    private(set) var lines: [String] = []

    func status(_ line: String) { lines.append(line) }
}

/// What `Watch` would have seen.
final class FakeFeed: LoopFeed {
    private(set) var published: [(delivery: Delivery, zone: String)] = []
    private let trace: LoopTrace

    init(trace: LoopTrace) { self.trace = trace }

    func publish(_ delivery: Delivery, in zone: Zone) {
        published.append((delivery, zone.identifier))
        trace.add("publish")
    }
}

/// The log, by level.
final class FakeLog: LoopLog {
    private(set) var errors: [String] = []
    private(set) var notices: [String] = []

    func error(_ message: String) { errors.append(message) }
    func notice(_ message: String) { notices.append(message) }
}

/// A `DeliveryLoop` over in-memory shells, with everything the tests look at.
final class LoopShells {
    let trace = LoopTrace()
    let clock: FakeLoopClock
    let store: FakeLoopStore
    let timer: FakeLoopTimer
    let retryTimer: FakeLoopTimer
    let channel: FakeChannel
    let notifier = FakeNotifier()
    let feed: FakeFeed
    let log = FakeLog()
    /// What the next wake plans with; replace it to simulate a reload or a zone change.
    var settings: DeliveryLoop.Settings
    private(set) var loop: DeliveryLoop?

    /// Shells for `config`, counting in its zone, the store holding `state`, the clock at `now`.
    init(config: Config, zone: Zone, state: JourneyState, now: Date) {
        clock = FakeLoopClock(now)
        store = FakeLoopStore(state, trace: trace)
        timer = FakeLoopTimer("wake", trace: trace)
        retryTimer = FakeLoopTimer("retry", trace: trace)
        feed = FakeFeed(trace: trace)
        let channel = FakeChannel(trace: trace)
        self.channel = channel
        settings = DeliveryLoop.Settings(config: config, zone: zone, channels: [channel])
    }

    /// The loop, made once, reading `settings` at each wake.
    var deliveryLoop: DeliveryLoop {
        if let loop { return loop }
        let made = DeliveryLoop(
            clock: clock, store: store, timer: timer, retryTimer: retryTimer, notifier: notifier, feed: feed, log: log,
            settings: { [unowned self] in settings })
        loop = made
        return made
    }
}
