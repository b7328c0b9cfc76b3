import Dispatch
import Foundation
import Glibc

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
        let process = Process()
        process.executableURL = URL(fileURLWithPath: program)
        process.arguments = ["--user"] + arguments
        process.environment = environment
        // systemctl never needs to ask anything of a user manager; a terminal would only
        // invite it to wait for a password prompt.
        process.standardInput = FileHandle.nullDevice
        do {
            try process.run()
        } catch {
            throw .cannotRun(command: commandLine, detail: "\(error)")
        }
        process.waitUntilExit()
        guard process.terminationReason == .exit, process.terminationStatus == 0 else {
            throw .systemctl(command: commandLine, status: process.terminationStatus)
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
    /// manager answers is-system-running with status 1). Gives up after `timeout` seconds: a
    /// manager that is going away may accept the connection and never reply. The output is
    /// read after the exit; both questions asked here answer in far less than a pipe holds.
    private func capture(_ program: String, _ arguments: [String], timeout: Double = 5) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: program)
        process.arguments = ["--user"] + arguments
        process.environment = environment
        process.standardInput = FileHandle.nullDevice
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        let finished = DispatchSemaphore(value: 0)
        process.terminationHandler = { _ in finished.signal() }
        try process.run()
        // Only the child may hold the write end, or reading never sees the end of the output.
        try? output.fileHandleForWriting.close()
        guard finished.wait(timeout: .now() + timeout) == .success else {
            process.terminate()
            throw InstallError.cannotRun(command: Self.commandLine(arguments), detail: "no answer within \(Int(timeout)) s")
        }
        return String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    }
}
