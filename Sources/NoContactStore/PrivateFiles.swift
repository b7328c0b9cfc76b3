import Glibc

/// File operations for private data: directories 0700, files 0600, replaced atomically.
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

    /// Writes `bytes` to `path` so that a crash leaves either the old or the new content.
    /// - Parameter onlyIfAbsent: keep an existing file and return false instead of replacing it.
    @discardableResult
    static func write(_ bytes: [UInt8], to path: String, onlyIfAbsent: Bool = false) throws(StoreError) -> Bool {
        let temporary = "\(path).tmp-\(getpid())"
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw .io(path: temporary, operation: "create", errno: errno) }
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress, $0.count) }
            if written < 0 {
                if errno == EINTR { continue }
                let code = errno
                close(descriptor)
                unlink(temporary)
                throw .io(path: temporary, operation: "write", errno: code)
            }
            offset += written
        }
        guard fsync(descriptor) == 0 else {
            let code = errno
            close(descriptor)
            unlink(temporary)
            throw .io(path: temporary, operation: "flush", errno: code)
        }
        close(descriptor)
        defer { unlink(temporary) }
        if onlyIfAbsent {
            // link() fails when the target exists, so two first runs agree on one file.
            guard link(temporary, path) == 0 else {
                if errno == EEXIST { return false }
                throw .io(path: path, operation: "create", errno: errno)
            }
        } else if rename(temporary, path) != 0 {
            throw .io(path: path, operation: "replace", errno: errno)
        }
        syncDirectory(of: path)
        return true
    }

    /// Makes a rename durable across a power cut.
    private static func syncDirectory(of path: String) {
        let directory = path.split(separator: "/", omittingEmptySubsequences: false).dropLast().joined(separator: "/")
        let descriptor = open(directory.isEmpty ? "/" : directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0 else { return }
        fsync(descriptor)
        close(descriptor)
    }
}
