/// Finds tzdata zones by name, for what reads zone names in text: the config's `timezone`,
/// calendar expressions ("21:00 Europe/Berlin") and timestamps. Core never opens files, so the
/// shell passes a lookup that does (`SystemTimeZone.lookup` in NoContactService).
public struct ZoneLookup: Sendable {
    private let find: @Sendable (String) -> Zone?
    private let list: @Sendable () -> [String]

    /// - Parameters:
    ///   - zone: the zone with this name, or nil. Only called with names that pass systemd's
    ///     character rules (no "..", no leading "/").
    ///   - identifiers: every zone name there is, for "did you mean" (only asked on errors).
    public init(zone: @escaping @Sendable (String) -> Zone?, identifiers: @escaping @Sendable () -> [String]) {
        find = zone
        list = identifiers
    }

    /// Knows no zone but UTC: for callers that never see zone names.
    public static let none = ZoneLookup(zone: { $0 == "UTC" ? .utc : nil }, identifiers: { ["UTC"] })

    /// The zone called `name`, if the name is acceptable to systemd and names a zone.
    public func zone(named name: String) -> Zone? {
        guard Zone.isAcceptableName(name) else { return nil }
        return find(name)
    }

    /// Every zone name the lookup knows.
    public var identifiers: [String] { list() }
}

extension Zone {
    /// systemd's `timezone_is_valid()` character rules: letters, digits, "-", "_", "+" and
    /// single slashes between parts, so no "..", no absolute path, no empty part.
    public static func isAcceptableName(_ name: String) -> Bool {
        CalendarSpecZone.isAcceptableZoneName(name)
    }
}
