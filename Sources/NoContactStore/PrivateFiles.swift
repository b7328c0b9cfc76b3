import Glibc

/// File operations for private data: directories 0700 that only their owner can enter, and
/// reading small files whole.
enum PrivateFiles {
    /// Creates `path` and missing parents with mode 0700; tightens an existing directory we
    /// own to 0700 and refuses one owned by another user.
    static func ensureDirectory(_ path: String) throws(StoreError) {
        var parent = ""
        for component in path.split(separator: "/", omittingEmptySubsequences: true) {
            parent += "/\(component)"
            if mkdir(parent, 0o700) != 0, errno != EEXIST {
                throw .io(path: parent, operation: "create the directory", errno: errno)
            }
        }
        var status = stat()
        guard lstat(path, &status) == 0 else { throw .io(path: path, operation: "inspect", errno: errno) }
        guard (status.st_mode & S_IFMT) == S_IFDIR else {
            throw .unsafeDirectory(path: path, detail: "it is not a directory")
        }
        guard status.st_uid == getuid() else {
            throw .unsafeDirectory(path: path, detail: "it belongs to uid \(status.st_uid), not to you (uid \(getuid()))")
        }
        if status.st_mode & 0o077 != 0, chmod(path, 0o700) != 0 {
            throw .io(path: path, operation: "restrict the permissions of", errno: errno)
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
