import NoContactService
import Synchronization
import Varlink

/// One `Watch` call: forwards the feed's deliveries to the call's reply stream until the
/// client hangs up (or the server drops it for not reading).
enum DeliveryWatch {
    /// Replies at once with a null delivery ("watching"), then one reply per delivery.
    static func start(feed: DeliveryFeed, replies: VarlinkReplyStream) {
        // Deliveries that arrive before the first reply went out wait here, so the client
        // always sees "watching" first and misses nothing published after subscribing.
        let gate = Mutex(Gate())
        let subscription = feed.subscribe { event in
            gate.withLock { gate in
                if gate.isOpen {
                    send(WatchReply(delivery: event), to: replies)
                } else {
                    gate.waiting.append(event)
                }
            }
        }
        replies.onEnd {
            feed.cancel(subscription)
            // Otherwise it would vanish without a word: the person sees their watch end.
            if replies.wasDroppedForNotReading {
                let limit = VarlinkServer.Limits().maximumStreamBacklog
                feed.reportDropped(
                    "dropped a watcher (nocontact watch or another Watch client) that stopped reading: more than \(limit / 1024) KiB of deliveries waited unread"
                )
            }
        }
        gate.withLock { gate in
            send(WatchReply(delivery: nil), to: replies)
            for event in gate.waiting { send(WatchReply(delivery: event), to: replies) }
            gate.waiting = []
            gate.isOpen = true
        }
    }

    private struct Gate {
        var isOpen = false
        var waiting: [DeliveryEvent] = []
    }

    private static func send(_ reply: WatchReply, to replies: VarlinkReplyStream) {
        do {
            replies.yield(try VarlinkCoding.object(from: reply))
        } catch {
            replies.fail(
                VarlinkError(
                    name: "\(ControlInterface.name).StorageFailed", parameters: ["message": .string("cannot encode a delivery: \(error)")]))
        }
    }
}
