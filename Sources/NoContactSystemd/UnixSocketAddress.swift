import Glibc

/// A Unix socket's address: a file path, or a name in Linux's abstract namespace (which the
/// kernel tells apart by a leading NUL). Shared by sd_notify, the journal and D-Bus.
struct UnixSocketAddress: Sendable, Equatable, CustomStringConvertible {
    /// The bytes of `sun_path`: for an abstract name, its leading NUL included.
    let pathBytes: [UInt8]

    /// The most bytes `sun_path` holds (108 on Linux).
    static let capacity = MemoryLayout.size(ofValue: sockaddr_un().sun_path)

    /// Why an address cannot be used.
    enum Invalid: Error, Equatable {
        case empty
        case tooLong(Int)
    }

    init(path: String) throws(Invalid) {
        let bytes = Array(path.utf8)
        guard !bytes.isEmpty else { throw .empty }
        // A path needs room for its terminating NUL.
        guard bytes.count < Self.capacity else { throw .tooLong(bytes.count) }
        pathBytes = bytes
    }

    init(abstract name: [UInt8]) throws(Invalid) {
        guard name.count < Self.capacity else { throw .tooLong(name.count) }
        pathBytes = [0] + name
    }

    var isAbstract: Bool { pathBytes.first == 0 }

    var description: String {
        isAbstract ? "@" + String(decoding: pathBytes.dropFirst(), as: UTF8.self) : String(decoding: pathBytes, as: UTF8.self)
    }

    /// Calls `body` with the `sockaddr` and its length: for an abstract name exactly the bytes
    /// used (trailing NULs would be part of the name), for a path the whole structure.
    func withSocketAddress<Result>(_ body: (UnsafePointer<sockaddr>, socklen_t) -> Result) -> Result {
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { $0.copyBytes(from: pathBytes) }
        let length =
            isAbstract
            ? socklen_t(MemoryLayout<sa_family_t>.size + pathBytes.count) : socklen_t(MemoryLayout<sockaddr_un>.size)
        return withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { body($0, length) }
        }
    }
}

/// `strerror` for an errno value (either sign).
func errnoText(_ code: Int32) -> String {
    String(cString: strerror(code < 0 ? -code : code))
}
