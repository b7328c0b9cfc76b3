import Foundation
import Glibc

/// The file operations of install and uninstall, each with the mode it must end up with.
///
/// Files are replaced by writing a temporary file in the same directory and renaming it over
/// the old one: a running nocontactd keeps its (old) executable, nobody ever sees half a unit
/// file, and replacing a running binary never fails with ETXTBSY as writing into it would.
enum InstallFiles {
    /// What is at `path`, without following a final symlink.
    static func exists(_ path: String) -> Bool {
        var status = stat()
        return lstat(path, &status) == 0
    }

    static func isRegularFile(_ path: String) -> Bool {
        var status = stat()
        return lstat(path, &status) == 0 && (status.st_mode & S_IFMT) == S_IFREG
    }

    static func isExecutableFile(_ path: String) -> Bool {
        var status = stat()
        return stat(path, &status) == 0 && (status.st_mode & S_IFMT) == S_IFREG && access(path, X_OK) == 0
    }

    /// Whether both paths name the same file (the same device and inode).
    static func sameFile(_ first: String, _ second: String) -> Bool {
        var one = stat()
        var two = stat()
        guard stat(first, &one) == 0, stat(second, &two) == 0 else { return false }
        return one.st_dev == two.st_dev && one.st_ino == two.st_ino
    }

    /// The permission bits of `path`, or nil when it does not exist.
    static func mode(_ path: String) -> mode_t? {
        var status = stat()
        guard stat(path, &status) == 0 else { return nil }
        return status.st_mode & 0o7777
    }

    static func read(_ path: String) throws(InstallError) -> Data {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw .file(path: path, action: "read", detail: String(cString: strerror(errno == 0 ? EACCES : errno)))
        }
        return data
    }

    /// Whether `path` is a regular file holding exactly `data` with exactly `mode`.
    static func holds(_ path: String, _ data: Data, mode wanted: mode_t) -> Bool {
        guard isRegularFile(path), mode(path) == wanted, let current = FileManager.default.contents(atPath: path) else {
            return false
        }
        return current == data
    }

    /// Creates `path` and its missing parents. Only the directories created here get `mode`;
    /// existing ones are left as they are.
    static func makeDirectories(_ path: String, mode: mode_t) throws(InstallError) {
        var current = ""
        for component in path.split(separator: "/") {
            current += "/\(component)"
            if mkdir(current, mode) == 0 {
                // The umask may have taken bits away; the mode is part of the contract.
                chmod(current, mode)
            } else if errno != EEXIST {
                throw .file(path: current, action: "create the directory", detail: String(cString: strerror(errno)))
            }
        }
        var status = stat()
        guard stat(path, &status) == 0, (status.st_mode & S_IFMT) == S_IFDIR else {
            throw .file(path: path, action: "use", detail: "it is not a directory")
        }
    }

    /// Writes `data` to `path` with `mode`, replacing what was there in one step.
    static func replace(_ path: String, with data: Data, mode: mode_t) throws(InstallError) {
        let directory = (path as NSString).deletingLastPathComponent
        var template = Array("\(directory)/.nocontact-install-XXXXXX".utf8CString)
        let descriptor = template.withUnsafeMutableBufferPointer { buffer in buffer.baseAddress.map { mkstemp($0) } ?? -1 }
        guard descriptor >= 0 else {
            throw .file(path: path, action: "write", detail: String(cString: strerror(errno)))
        }
        let temporary = String(decoding: template.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        var closed = false
        do throws(InstallError) {
            try writeAll(descriptor, data, path: path)
            guard fchmod(descriptor, mode) == 0, fsync(descriptor) == 0 else {
                throw .file(path: path, action: "write", detail: String(cString: strerror(errno)))
            }
            close(descriptor)
            closed = true
            guard rename(temporary, path) == 0 else {
                throw .file(path: path, action: "replace", detail: String(cString: strerror(errno)))
            }
        } catch {
            if !closed { close(descriptor) }
            unlink(temporary)
            throw error
        }
    }

    /// Creates `path` with `data` and `mode` only if nothing is there yet (not even a dangling
    /// symlink). Returns false, writing nothing, when something is.
    static func createExclusively(_ path: String, with data: Data, mode: mode_t) throws(InstallError) -> Bool {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, mode)
        if descriptor < 0 {
            if errno == EEXIST { return false }
            throw .file(path: path, action: "create", detail: String(cString: strerror(errno)))
        }
        defer { close(descriptor) }
        do throws(InstallError) {
            try writeAll(descriptor, data, path: path)
            // open()'s mode passes through the umask; the file must be exactly `mode`.
            guard fchmod(descriptor, mode) == 0 else {
                throw .file(path: path, action: "write", detail: String(cString: strerror(errno)))
            }
        } catch {
            unlink(path)
            throw error
        }
        return true
    }

    /// Removes a file or symlink. Returns false when there was nothing to remove.
    @discardableResult
    static func remove(_ path: String) throws(InstallError) -> Bool {
        if unlink(path) == 0 { return true }
        if errno == ENOENT { return false }
        throw .file(path: path, action: "remove", detail: String(cString: strerror(errno)))
    }

    /// Removes a directory and everything in it. Returns false when there was nothing.
    @discardableResult
    static func removeTree(_ path: String) throws(InstallError) -> Bool {
        guard exists(path) else { return false }
        do {
            try FileManager.default.removeItem(atPath: path)
        } catch {
            throw .file(path: path, action: "remove", detail: error.localizedDescription)
        }
        return true
    }

    private static func writeAll(_ descriptor: Int32, _ data: Data, path: String) throws(InstallError) {
        let failure: Int32? = data.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = Glibc.write(descriptor, buffer.baseAddress.map { $0 + offset }, buffer.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    return errno
                }
                offset += written
            }
            return nil
        }
        if let failure {
            throw .file(path: path, action: "write", detail: String(cString: strerror(failure)))
        }
    }
}
