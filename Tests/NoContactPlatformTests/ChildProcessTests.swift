import Glibc
import NoContactPlatform
import Testing

/// Children started the one way the package starts them: streams, environment, process group,
/// signal dispositions, and how they ended.
@Suite("Child processes")
struct ChildProcessTests {
    /// Runs `script` in /bin/sh with `options`, its standard output into a pipe; returns what
    /// it wrote and how it ended.
    static func run(_ script: String, _ arguments: [String] = [], options: ChildProcess.Options = .init()) throws -> (
        output: String, termination: ChildProcess.Termination
    ) {
        try run(program: "/bin/sh", ["-c", script, "sh"] + arguments, options: options)
    }

    /// Runs `program` with `options`, its standard output into a pipe.
    static func run(program: String, _ arguments: [String], options: ChildProcess.Options = .init()) throws -> (
        output: String, termination: ChildProcess.Termination
    ) {
        var pipe: [Int32] = [0, 0]
        #expect(Glibc.pipe(&pipe) == 0)
        var options = options
        options.standardOutput = .descriptor(pipe[1])
        let child = try ChildProcess.start(program, arguments: arguments, options: options)
        close(pipe[1])
        var output: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(pipe[0], $0.baseAddress, $0.count) }
            if count < 0, errno == EINTR { continue }
            guard count > 0 else { break }
            output += buffer[..<count]
        }
        close(pipe[0])
        return (String(decoding: output, as: UTF8.self), child.wait())
    }

    @Test func passesArgumentsAndReportsTheExitStatus() throws {
        let (output, termination) = try Self.run(#"printf '%s|' "$@"; exit 3"#, ["a b", "", "--c=$HOME"])
        #expect(output == "a b||--c=$HOME|")
        #expect(termination == .exited(3))
        #expect(!termination.succeeded)
    }

    @Test func givesTheWholeEnvironmentWhenOneIsSet() throws {
        let (output, _) = try Self.run("env | sort", options: .init(environment: ["ONLY": "this one", "PATH": "/usr/bin:/bin"]))
        #expect(output == "ONLY=this one\nPATH=/usr/bin:/bin\nPWD=\(Self.workingDirectory)\n")
    }

    @Test func passesThisProcesssEnvironmentOn() throws {
        setenv("NOCONTACT_CHILD_PROCESS_TEST", "passed on", 1)
        defer { unsetenv("NOCONTACT_CHILD_PROCESS_TEST") }
        let (output, _) = try Self.run(#"printf %s "$NOCONTACT_CHILD_PROCESS_TEST""#)
        #expect(output == "passed on")
    }

    @Test func readsNothingFromANullInput() throws {
        let (output, termination) = try Self.run("wc -c", options: .init(standardInput: .null))
        #expect(output.trimmingPrefix(while: \.isWhitespace) == "0\n")
        #expect(termination.succeeded)
    }

    @Test func leadsItsOwnProcessGroupWhenAsked() throws {
        let (own, _) = try Self.run("ps -o pgid= -p $$ | tr -d ' '; echo $$", options: .init(newProcessGroup: true))
        let lines = own.split(separator: "\n")
        #expect(lines.count == 2 && lines[0] == lines[1])
        let (inherited, _) = try Self.run("ps -o pgid= -p $$ | tr -d ' '")
        #expect(inherited == "\(getpgrp())\n")
    }

    /// A signal this process ignores and blocks reaches the child with its default action when
    /// `defaultSignals` is set, and stays ignored and blocked otherwise. (grep reads its own
    /// status: a shell would change its signal mask before anything could look.)
    @Test func resetsIgnoredAndBlockedSignalsWhenAsked() throws {
        let arguments = ["-E", "^Sig(Ign|Blk)", "/proc/self/status"]
        var mask = sigset_t()
        sigemptyset(&mask)
        sigaddset(&mask, SIGUSR2)
        var previousMask = sigset_t()
        pthread_sigmask(SIG_BLOCK, &mask, &previousMask)
        let previous = signal(SIGUSR2, SIG_IGN)
        defer {
            signal(SIGUSR2, previous)
            pthread_sigmask(SIG_SETMASK, &previousMask, nil)
        }
        // SIGUSR2 is signal 12: bit 11, the 0x800 of the last hexadecimal digits.
        func has(_ line: Substring) -> Bool { (UInt64(line.split(separator: "\t").last ?? "", radix: 16) ?? 0) & 0x800 != 0 }
        let (kept, _) = try Self.run(program: "/bin/grep", arguments)
        #expect(kept.split(separator: "\n").count == 2)
        #expect(kept.split(separator: "\n").allSatisfy(has), "\(kept)")
        let (reset, _) = try Self.run(program: "/bin/grep", arguments, options: .init(defaultSignals: true))
        #expect(reset.split(separator: "\n").count == 2)
        #expect(!reset.split(separator: "\n").contains(where: has), "\(reset)")
    }

    @Test func reportsTheSignalThatEndedIt() throws {
        // Signals start unblocked in it: the test's thread may block them.
        let child = try ChildProcess.start("/bin/sleep", arguments: ["30"], options: .init(newProcessGroup: true, defaultSignals: true))
        #expect(child.poll() == nil)
        child.signalGroup(SIGTERM)
        #expect(child.wait() == .signalled(SIGTERM))
    }

    @Test func saysWhyItCannotStart() {
        #expect(throws: ChildProcess.StartError(executable: "/nonexistent/program", errno: ENOENT)) {
            try ChildProcess.start("/nonexistent/program", arguments: [])
        }
        #expect(
            ChildProcess.StartError(executable: "/x", errno: ENOENT).description == "cannot start /x: No such file or directory")
    }

    static var workingDirectory: String {
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        return getcwd(&buffer, buffer.count).map { String(cString: $0) } ?? ""
    }
}
