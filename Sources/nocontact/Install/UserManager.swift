import Foundation
import Glibc
import NoContactPlatform

/// The person's systemd user manager, reached through `systemctl --user`.
///
/// `NOCONTACT_SYSTEMCTL` names another program to run instead of systemctl, with the same
/// arguments: the end-to-end tests put a recorder there, since no user manager may run on a
/// test machine.
struct UserManager {
    /// Whether `systemctl --user` can change anything right now, and if not, why.
    enum Reachability: Equatable {
        case reachable
        case unreachable(String)
    }

    /// States of `systemctl --user is-system-running` in which the manager takes requests.
    static let answeringStates: Set<String> = ["initializing", "starting", "running", "degraded", "maintenance"]

    /// The program to run: `NOCONTACT_SYSTEMCTL`, else systemctl.
    let executable: String
    let runtimeDirectory: String?
    let environment: [String: String]

    init(environment: [String: String], runtimeDirectory: String?) {
        let override = environment["NOCONTACT_SYSTEMCTL"].flatMap { $0.isEmpty ? nil : $0 }
        executable = override ?? "systemctl"
        self.runtimeDirectory = runtimeDirectory
        self.environment = environment
    }

    /// A command line as a person would type it (for "ran ..." lines and instructions).
    static func commandLine(_ arguments: [String]) -> String {
        (["systemctl", "--user"] + arguments).joined(separator: " ")
    }

    /// Reachable when the manager's private socket exists in `$XDG_RUNTIME_DIR/systemd/` and
    /// it answers `is-system-running` with a state in which it takes requests. Both, because
    /// a socket left over from an earlier session proves nothing, and asking without one
    /// would only time out.
    func reachability() -> Reachability {
        guard let runtimeDirectory else {
            return .unreachable("XDG_RUNTIME_DIR is not set")
        }
        guard InstallFiles.exists("\(runtimeDirectory)/systemd/private") else {
            return .unreachable("there is no \(runtimeDirectory)/systemd/private")
        }
        guard let program = resolvedExecutable() else {
            return .unreachable("\(executable) is not installed")
        }
        guard let answer = try? capture(program, ["is-system-running"]) else {
            return .unreachable("systemctl --user is-system-running did not answer")
        }
        let state = answer.trimmingCharacters(in: .whitespacesAndNewlines)
        guard Self.answeringStates.contains(state) else {
            return .unreachable("systemctl --user is-system-running says \"\(state.isEmpty ? "nothing" : state)\"")
        }
        return .reachable
    }

    /// The manager's PATH (what its services, and so the desktop's "Answer" action, search),
    /// or nil when it cannot be asked.
    func servicePath() -> [String]? {
        guard let program = resolvedExecutable(), let text = try? capture(program, ["show-environment"]) else { return nil }
        guard let line = text.split(separator: "\n").first(where: { $0.hasPrefix("PATH=") }) else { return nil }
        return line.dropFirst(5).split(separator: ":").map(String.init)
    }

    /// Runs `systemctl --user ARGUMENTS`; its messages go straight to the terminal.
    func run(_ arguments: [String]) throws(InstallError) {
        let commandLine = Self.commandLine(arguments)
        guard let program = resolvedExecutable() else {
            throw .cannotRun(command: commandLine, detail: "\(executable) is not installed")
        }
        // systemctl never needs to ask anything of a user manager; a terminal would only
        // invite it to wait for a password prompt.
        let termination: ChildProcess.Termination
        do {
            termination = try ChildProcess.start(
                program, arguments: ["--user"] + arguments, options: .init(environment: environment, standardInput: .null)
            ).wait()
        } catch {
            throw .cannotRun(command: commandLine, detail: "\(error)")
        }
        guard termination.succeeded else {
            let status: Int32 =
                switch termination {
                case let .exited(status): status
                case let .signalled(signal): 128 + signal
                }
            throw .systemctl(command: commandLine, status: status)
        }
    }

    // MARK: Private

    /// `executable` itself when it has a slash, else the first match on PATH.
    private func resolvedExecutable() -> String? {
        if executable.contains("/") {
            return InstallFiles.isExecutableFile(executable) ? executable : nil
        }
        let path = environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        return path.split(separator: ":").map { "\($0)/\(executable)" }.first(where: InstallFiles.isExecutableFile)
    }

    /// The standard output of `program --user ARGUMENTS`, whatever its exit status (a degraded
    /// manager answers is-system-running with status 1). Gives up after `timeout`: a manager
    /// that is going away may accept the connection and never reply. The output is read as it
    /// comes, so that a long answer never blocks the child on a full pipe.
    private func capture(_ program: String, _ arguments: [String], timeout: Duration = .seconds(5)) throws -> String {
        var pipe: [Int32] = [0, 0]
        guard Glibc.pipe(&pipe) == 0 else {
            throw InstallError.cannotRun(command: Self.commandLine(arguments), detail: String(cString: strerror(errno)))
        }
        // Neither end stays open in the child beyond its standard output (dup2 gives it a copy).
        for end in pipe { _ = fcntl(end, F_SETFD, FD_CLOEXEC) }
        defer { close(pipe[0]) }
        let child: ChildProcess
        do {
            child = try ChildProcess.start(
                program, arguments: ["--user"] + arguments,
                options: .init(environment: environment, standardInput: .null, standardOutput: .descriptor(pipe[1]), standardError: .null))
        } catch {
            close(pipe[1])
            throw InstallError.cannotRun(command: Self.commandLine(arguments), detail: "\(error)")
        }
        // Only the child may hold the write end, or reading never sees the end of the output.
        close(pipe[1])
        let deadline = ContinuousClock.now + timeout
        var output: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let left = ContinuousClock.now.duration(to: deadline)
            var ready = pollfd(fd: pipe[0], events: Int16(POLLIN), revents: 0)
            let milliseconds = Int32(clamping: left.components.seconds * 1000 + left.components.attoseconds / 1_000_000_000_000_000)
            let polled = left <= .zero ? 0 : Glibc.poll(&ready, 1, milliseconds)
            if polled < 0, errno == EINTR { continue }
            guard polled > 0 else {
                // SIGKILL, so that the wait for it is bounded too: it was only asked a question.
                child.signal(SIGKILL)
                _ = child.wait()
                throw InstallError.cannotRun(
                    command: Self.commandLine(arguments), detail: "no answer within \(timeout.components.seconds) s")
            }
            let count = buffer.withUnsafeMutableBytes { read(pipe[0], $0.baseAddress, $0.count) }
            if count < 0, errno == EINTR { continue }
            guard count > 0 else { break }
            output += buffer[..<count]
        }
        _ = child.wait()
        return String(decoding: output, as: UTF8.self)
    }
}
