public import Foundation
public import NoContactCore

/// Keeps the `JourneyState` in `state.json` under the state directory (0600 in 0700).
///
/// The one owner of that file: the daemon and the offline CLI both go through it.
public struct StateStore: Sendable {
    /// The directory, e.g. `$XDG_STATE_HOME/nocontact`.
    public let directory: String

    public init(directory: String) {
        self.directory = directory
    }

    public var path: String { "\(directory)/state.json" }

    /// The stored state, or nil if nothing was stored yet.
    public func load() throws(StoreError) -> JourneyState? {
        guard let bytes = try PrivateFiles.read(path) else { return nil }
        do {
            return try Self.decoder.decode(StoredState.self, from: Data(bytes)).state
        } catch {
            throw .unreadable(path: path, detail: "not a nocontact state file")
        }
    }

    /// The stored state; on the very first run records `now` as the first run and returns it.
    public func loadOrCreate(now: Date) throws(StoreError) -> JourneyState {
        if let state = try load() { return state }
        try PrivateFiles.ensureDirectory(directory)
        let fresh = JourneyState(firstRun: now)
        if try PrivateFiles.write(encode(fresh), to: path, onlyIfAbsent: true) {
            return fresh
        }
        // Another process created it between our read and our write: use theirs.
        return try load() ?? fresh
    }

    /// Replaces the stored state atomically.
    public func save(_ state: JourneyState) throws(StoreError) {
        try PrivateFiles.ensureDirectory(directory)
        try PrivateFiles.write(encode(state), to: path)
    }

    private func encode(_ state: JourneyState) throws(StoreError) -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .secondsSince1970
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        do {
            return Array(try encoder.encode(StoredState(version: 1, state: state))) + [10]
        } catch {
            throw .unreadable(path: path, detail: "the state cannot be encoded: \(error)")
        }
    }

    private static let decoder: JSONDecoder = {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .secondsSince1970
        return decoder
    }()
}

/// The file format: a version so that later releases can migrate it.
private struct StoredState: Codable {
    var version: Int
    var state: JourneyState
}
