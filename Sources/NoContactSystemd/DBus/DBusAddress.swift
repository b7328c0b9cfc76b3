/// Where a bus listens, from a D-Bus server address such as `unix:path=/run/user/1000/bus`.
///
/// Only the Unix-socket transports that session buses use are supported: `unix:path=` and
/// `unix:abstract=` (the same ones sd-bus connects to as a client). An address list
/// (`a;b`) is tried in order.
package enum DBusAddress: Sendable, Equatable {
    /// A socket file.
    case path(String)
    /// A name in Linux's abstract socket namespace (without the leading NUL).
    case abstract([UInt8])

    /// Why an address cannot be used.
    package enum ParseError: Error, Sendable, Equatable, CustomStringConvertible {
        case empty
        /// A transport other than `unix:` (e.g. `tcp:`, `unixexec:`).
        case unsupportedTransport(String)
        /// A `unix:` address with neither `path=` nor `abstract=` (e.g. `dir=`, which is for servers).
        case noSocket(String)
        /// A malformed `key=value` pair or `%` escape.
        case malformed(String)

        package var description: String {
            switch self {
            case .empty: return "the address is empty"
            case let .unsupportedTransport(entry): return "\(entry) uses a transport other than unix:, which is not supported"
            case let .noSocket(entry): return "\(entry) names neither path= nor abstract="
            case let .malformed(entry): return "\(entry) is not a valid D-Bus address"
            }
        }
    }

    /// The addresses in `text`, in order. Entries of other transports are skipped when at
    /// least one entry can be used.
    package static func parse(_ text: String) throws(ParseError) -> [DBusAddress] {
        var addresses: [DBusAddress] = []
        var firstError: ParseError?
        for entry in text.split(separator: ";", omittingEmptySubsequences: true) {
            do throws(ParseError) {
                addresses.append(try parseEntry(String(entry)))
            } catch {
                if firstError == nil { firstError = error }
            }
        }
        if addresses.isEmpty { throw firstError ?? .empty }
        return addresses
    }

    private static func parseEntry(_ entry: String) throws(ParseError) -> DBusAddress {
        guard let colon = entry.firstIndex(of: ":") else { throw .malformed(entry) }
        guard entry[..<colon] == "unix" else { throw .unsupportedTransport(entry) }
        var path: [UInt8]?
        var abstract: [UInt8]?
        for pair in entry[entry.index(after: colon)...].split(separator: ",") {
            guard let equals = pair.firstIndex(of: "=") else { throw .malformed(entry) }
            let key = pair[..<equals]
            guard let value = unescape(pair[pair.index(after: equals)...]) else { throw .malformed(entry) }
            switch key {
            case "path": path = value
            case "abstract": abstract = value
            default: continue  // guid=, and keys for servers (dir=, tmpdir=, runtime=)
            }
        }
        if let path, !path.isEmpty { return .path(String(decoding: path, as: UTF8.self)) }
        if let abstract { return .abstract(abstract) }
        throw .noSocket(entry)
    }

    /// Undoes `%xx` escaping; nil for a broken escape.
    private static func unescape(_ value: Substring) -> [UInt8]? {
        var bytes: [UInt8] = []
        var iterator = value.utf8.makeIterator()
        while let byte = iterator.next() {
            guard byte == UInt8(ascii: "%") else {
                bytes.append(byte)
                continue
            }
            guard let high = iterator.next().flatMap(hexDigit), let low = iterator.next().flatMap(hexDigit) else { return nil }
            bytes.append(high << 4 | low)
        }
        return bytes
    }

    private static func hexDigit(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return byte - UInt8(ascii: "A") + 10
        default: return nil
        }
    }
}
