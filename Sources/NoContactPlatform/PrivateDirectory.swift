package import Glibc

/// A directory only its owner can enter (0700), for the journal, the daemon's lock and the
/// control socket: created with its missing parents, an existing one of ours tightened to 0700,
/// one that is not a directory or belongs to another user refused.
package enum PrivateDirectory {
    /// Why a directory cannot be used privately, in words for the person.
    package enum Problem: Error, Equatable, CustomStringConvertible {
        case cannotCreate(path: String, errno: Int32)
        case cannotInspect(path: String, errno: Int32)
        case notADirectory(path: String)
        case ownedByAnother(path: String, owner: uid_t)
        case cannotRestrict(path: String, errno: Int32)

        package var description: String {
            switch self {
            case let .cannotCreate(path, code): "cannot create \(path): \(String(cString: strerror(code)))"
            case let .cannotInspect(path, code): "cannot inspect \(path): \(String(cString: strerror(code)))"
            case let .notADirectory(path): "\(path) is not a directory"
            case let .ownedByAnother(path, owner): "\(path) belongs to uid \(owner), not to you (uid \(getuid()))"
            case let .cannotRestrict(path, code): "cannot make \(path) private (mode 0700): \(String(cString: strerror(code)))"
            }
        }
    }

    /// Makes `path` (absolute) a private directory, creating what is missing.
    package static func ensure(_ path: String) throws(Problem) {
        var parent = ""
        for component in path.split(separator: "/", omittingEmptySubsequences: true) {
            parent += "/\(component)"
            if mkdir(parent, 0o700) != 0, errno != EEXIST {
                throw .cannotCreate(path: parent, errno: errno)
            }
        }
        var status = stat()
        guard lstat(path, &status) == 0 else { throw .cannotInspect(path: path, errno: errno) }
        guard (status.st_mode & S_IFMT) == S_IFDIR else { throw .notADirectory(path: path) }
        guard status.st_uid == getuid() else { throw .ownedByAnother(path: path, owner: status.st_uid) }
        if status.st_mode & 0o077 != 0, chmod(path, 0o700) != 0 {
            throw .cannotRestrict(path: path, errno: errno)
        }
    }
}
