import Glibc
import NoContactPlatform

/// File operations for private data: directories 0700 that only their owner can enter (as the
/// store's errors), and reading small files whole.
enum PrivateFiles {
    /// Makes `path` a private directory (0700, ours), creating what is missing.
    static func ensureDirectory(_ path: String) throws(StoreError) {
        do {
            try PrivateDirectory.ensure(path)
        } catch {
            switch error {
            case let .cannotCreate(path, code): throw .io(path: path, operation: "create the directory", errno: code)
            case let .cannotInspect(path, code): throw .io(path: path, operation: "inspect", errno: code)
            case let .cannotRestrict(path, code): throw .io(path: path, operation: "restrict the permissions of", errno: code)
            case .notADirectory: throw .unsafeDirectory(path: path, detail: "it is not a directory")
            case let .ownedByAnother(_, owner: owner):
                throw .unsafeDirectory(path: path, detail: "it belongs to uid \(owner), not to you (uid \(getuid()))")
            }
        }
    }

    /// The whole content of `path`, or nil when it does not exist.
    static func read(_ path: String) throws(StoreError) -> [UInt8]? {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            if errno == ENOENT { return nil }
            throw .io(path: path, operation: "open", errno: errno)
        }
        defer { close(descriptor) }
        var content: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 16384)
        while true {
            let count = chunk.withUnsafeMutableBytes { Glibc.read(descriptor, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                throw .io(path: path, operation: "read", errno: errno)
            }
            if count == 0 { return content }
            content.append(contentsOf: chunk[..<count])
        }
    }
}
