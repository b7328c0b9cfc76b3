package import Glibc

/// A program this process started: the one way the package starts processes (the daemon's
/// delivery and answer commands and its isolated config check, the CLI's editor and
/// `systemctl`), over posix_spawn, so that the daemon needs nothing of Foundation for it and
/// every child is started the same careful way.
package struct ChildProcess: Sendable {
    /// Where one of the child's standard streams comes from or goes to.
    package enum Stream: Sendable, Equatable {
        /// This process's own (a terminal, say).
        case inherit
        /// `/dev/null`.
        case null
        /// A descriptor of this process (the child gets a copy; this process keeps its own).
        case descriptor(Int32)
    }

    /// How to start a child.
    package struct Options: Sendable {
        /// The child's whole environment; nil passes this process's on.
        package var environment: [String: String]?
        package var standardInput: Stream = .inherit
        package var standardOutput: Stream = .inherit
        package var standardError: Stream = .inherit
        /// The child leads a process group of its own, so that it and whatever it starts can be
        /// signalled together (`signalGroup`) and a terminal's Ctrl-C does not reach it.
        package var newProcessGroup = false
        /// Every signal to its default disposition and none blocked. The daemon ignores and
        /// blocks the signals it handles itself, and both survive exec: without this reset a
        /// child of the daemon could not be stopped with SIGTERM.
        package var defaultSignals = false

        package init(
            environment: [String: String]? = nil, standardInput: Stream = .inherit, standardOutput: Stream = .inherit,
            standardError: Stream = .inherit, newProcessGroup: Bool = false, defaultSignals: Bool = false
        ) {
            self.environment = environment
            self.standardInput = standardInput
            self.standardOutput = standardOutput
            self.standardError = standardError
            self.newProcessGroup = newProcessGroup
            self.defaultSignals = defaultSignals
        }
    }

    /// How a child ended.
    package enum Termination: Sendable, Equatable {
        case exited(Int32)
        case signalled(Int32)

        /// Whether it exited with status 0.
        package var succeeded: Bool { self == .exited(0) }
    }

    /// Why a child could not be started.
    package struct StartError: Error, Sendable, Equatable, CustomStringConvertible {
        package let executable: String
        package let errno: Int32

        package init(executable: String, errno: Int32) {
            self.executable = executable
            self.errno = errno
        }

        package var description: String { "cannot start \(executable): \(String(cString: strerror(errno)))" }
    }

    package let pid: pid_t
    /// Whether it leads its own process group (`signalGroup` needs it).
    package let leadsGroup: Bool

    /// Starts `executable` (a path: nothing is looked up on PATH) with `arguments` after
    /// `argv[0]`, which is `executable` unless `name` is given.
    package static func start(
        _ executable: String, arguments: [String], name: String? = nil, options: Options = Options()
    ) throws(StartError) -> ChildProcess {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        for (stream, target, flags) in [
            (options.standardInput, STDIN_FILENO, O_RDONLY), (options.standardOutput, STDOUT_FILENO, O_WRONLY),
            (options.standardError, STDERR_FILENO, O_WRONLY),
        ] {
            switch stream {
            case .inherit: break
            case .null: posix_spawn_file_actions_addopen(&actions, target, "/dev/null", flags, 0)
            case let .descriptor(descriptor): posix_spawn_file_actions_adddup2(&actions, descriptor, target)
            }
        }

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var flags: Int32 = 0
        if options.newProcessGroup {
            posix_spawnattr_setpgroup(&attributes, 0)
            flags |= POSIX_SPAWN_SETPGROUP
        }
        if options.defaultSignals {
            var defaults = sigset_t()
            sigemptyset(&defaults)
            // 1...31: the standard signals (real-time signals have no dispositions to undo here).
            for signal in Int32(1)...31 where signal != SIGKILL && signal != SIGSTOP {
                sigaddset(&defaults, signal)
            }
            posix_spawnattr_setsigdefault(&attributes, &defaults)
            var mask = sigset_t()
            sigemptyset(&mask)
            posix_spawnattr_setsigmask(&attributes, &mask)
            flags |= POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK
        }
        posix_spawnattr_setflags(&attributes, Int16(flags))

        let argv = ([name ?? executable] + arguments).map { strdup($0) } + [nil]
        let envp = options.environment.map { environment in environment.map { strdup("\($0.key)=\($0.value)") } + [nil] }
        defer {
            argv.forEach { free($0) }
            envp?.forEach { free($0) }
        }
        var pid: pid_t = 0
        let result =
            if let envp {
                posix_spawn(&pid, executable, &actions, &attributes, argv, envp)
            } else {
                posix_spawn(&pid, executable, &actions, &attributes, argv, environ)
            }
        guard result == 0 else { throw StartError(executable: executable, errno: result) }
        return ChildProcess(pid: pid, leadsGroup: options.newProcessGroup)
    }

    /// Waits until the child ends (a signal that interrupts the wait does not end it).
    package func wait() -> Termination {
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 {
            // ECHILD: someone else reaped it; nothing is known of how it ended.
            guard errno == EINTR else { return .exited(-1) }
        }
        return Self.termination(status)
    }

    /// How the child ended, or nil while it runs (it is reaped when it has ended).
    package func poll() -> Termination? {
        var status: Int32 = 0
        let result = waitpid(pid, &status, WNOHANG)
        if result == 0 { return nil }
        return result < 0 ? .exited(-1) : Self.termination(status)
    }

    /// Sends `signal` to the child.
    package func signal(_ signal: Int32) {
        kill(pid, signal)
    }

    /// Sends `signal` to the child's process group (the child itself without one).
    package func signalGroup(_ signal: Int32) {
        kill(leadsGroup ? -pid : pid, signal)
    }

    private static func termination(_ status: Int32) -> Termination {
        // WIFEXITED / WEXITSTATUS / WTERMSIG, which Swift's Glibc module does not import.
        status & 0x7f == 0 ? .exited((status >> 8) & 0xff) : .signalled(status & 0x7f)
    }
}
