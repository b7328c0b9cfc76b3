/// Why `nocontact install` or `uninstall` stopped. `description` says what happened and what
/// to do about it, for a person reading it in a terminal.
enum InstallError: Error, CustomStringConvertible {
    /// The path of the running executable could not be read.
    case unknownExecutable(detail: String)
    /// The running `nocontact` has no `nocontactd` next to it.
    case missingDaemon(directory: String)
    /// `--prefix` names a directory that cannot go into a unit file.
    case invalidPrefix(String, reason: String)
    /// A file or directory could not be created, copied, read or removed.
    case file(path: String, action: String, detail: String)
    /// systemctl ran and failed.
    case systemctl(command: String, status: Int32)
    /// systemctl could not be started at all.
    case cannotRun(command: String, detail: String)
    /// `--purge` without `--yes`, and no terminal to ask on.
    case purgeNeedsConfirmation
    /// The person did not type "yes" when asked.
    case purgeDeclined

    var description: String {
        switch self {
        case let .unknownExecutable(detail):
            return "cannot tell where this nocontact is installed (/proc/self/exe: \(detail))"
        case let .missingDaemon(directory):
            return
                "there is no nocontactd next to this nocontact in \(directory); build both (swift build -c release) and run the nocontact that was built, or use `make install`"
        case let .invalidPrefix(prefix, reason):
            return "cannot install under \(prefix): \(reason); choose another --prefix"
        case let .file(path, action, detail):
            return "cannot \(action) \(path): \(detail)"
        case let .systemctl(command, status):
            return "`\(command)` failed (exit status \(status)); its message is above"
        case let .cannotRun(command, detail):
            return "cannot run `\(command)`: \(detail)"
        case .purgeNeedsConfirmation:
            return
                "--purge deletes your journal and your config for good; with no terminal to ask on, confirm it with --yes (nothing was changed)"
        case .purgeDeclined:
            return "nothing was changed (type yes to delete your journal and config)"
        }
    }

    /// The exit status: 2 for what the person must say differently, 1 for everything else.
    var exitCode: Int32 {
        switch self {
        case .invalidPrefix, .purgeNeedsConfirmation: return 2
        default: return 1
        }
    }
}
