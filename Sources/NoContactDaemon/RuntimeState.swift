import NoContactCore
import NoContactService
import Synchronization

/// The config in force and its time zone, shared between the scheduler (main queue) and the
/// control socket (its event loop). Writers replace the whole value; readers copy it.
final class RuntimeState: Sendable {
    private let current: Mutex<ServiceConfiguration>
    private let deliveryChannels: Mutex<[any DeliveryChannel]>

    init(_ configuration: ServiceConfiguration, channels: [any DeliveryChannel]) {
        current = Mutex(configuration)
        deliveryChannels = Mutex(channels)
    }

    /// Where deliveries go; replaced on a reload that changes `[delivery]`.
    var channels: [any DeliveryChannel] {
        get { deliveryChannels.withLock { $0 } }
        set { deliveryChannels.withLock { $0 = newValue } }
    }

    /// Each channel's state, for `status` (read from the socket's thread).
    var channelReports: [ChannelReport] {
        DeliveryChannels.reports(config: configuration.config.delivery, channels: channels)
    }

    var configuration: ServiceConfiguration {
        current.withLock { $0 }
    }

    func update(_ change: (inout ServiceConfiguration) -> Void) {
        current.withLock { change(&$0) }
    }
}
