import CLinuxClock
import Dispatch
import Glibc

/// Wakes the daemon, without polling, when the wall clock is set or /etc/localtime changes,
/// so that the next due time is recomputed from the new clock or zone.
@MainActor
final class ChangeMonitor {
    private var sources: [any DispatchSourceRead] = []

    /// Watches; `onChange` runs on the main queue. Returns what could not be watched, if anything.
    func start(onClockChange: @escaping @MainActor () -> Void, onZoneChange: @escaping @MainActor () -> Void) -> [String] {
        var problems: [String] = []
        let clock = nocontact_clock_change_fd()
        if clock >= 0 {
            watch(
                clock,
                drain: { descriptor in
                    var expirations: UInt64 = 0
                    // ECANCELED is the signal that the clock was set; re-arm for the next change.
                    guard read(descriptor, &expirations, 8) < 0, errno == ECANCELED else { return false }
                    nocontact_clock_change_rearm(descriptor)
                    return true
                }, then: onClockChange)
        } else {
            problems.append("clock changes (timerfd: \(String(cString: strerror(errno))))")
        }
        let zone = nocontact_watch_directory("/etc")
        if zone >= 0 {
            watch(zone, drain: Self.drainLocaltimeEvents, then: onZoneChange)
        } else {
            problems.append("time zone changes (inotify on /etc: \(String(cString: strerror(errno))))")
        }
        return problems
    }

    /// Reads all pending inotify events; true when one of them concerns the zone files.
    private nonisolated static func drainLocaltimeEvents(_ descriptor: Int32) -> Bool {
        var relevant = false
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            guard count > 0 else { return relevant }
            // struct inotify_event: wd, mask, cookie, len (4 bytes each), then len bytes of name.
            var offset = 0
            while offset + 16 <= count {
                let length =
                    Int(buffer[offset + 12]) | Int(buffer[offset + 13]) << 8 | Int(buffer[offset + 14]) << 16 | Int(buffer[offset + 15])
                    << 24
                let nameBytes = buffer[(offset + 16)..<min(count, offset + 16 + length)].prefix { $0 != 0 }
                let name = String(decoding: nameBytes, as: UTF8.self)
                if name == "localtime" || name == "timezone" { relevant = true }
                offset += 16 + length
            }
        }
    }

    private func watch(_ descriptor: Int32, drain: @escaping @Sendable (Int32) -> Bool, then action: @escaping @MainActor () -> Void) {
        let source = DispatchSource.makeReadSource(fileDescriptor: descriptor, queue: .main)
        source.setEventHandler {
            guard drain(descriptor) else { return }
            MainActor.assumeIsolated { action() }
        }
        source.setCancelHandler { close(descriptor) }
        source.resume()
        sources.append(source)
    }

    func stop() {
        sources.forEach { $0.cancel() }
        sources.removeAll()
    }
}
