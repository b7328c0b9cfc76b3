import Foundation
import Glibc
import Synchronization

/// The write end of the pipe that a Ctrl-C wakes (see `Terminal.interruptSkips`), or -1.
/// An atomic: it is read in the signal handler.
private let interruptPipe = Atomic<Int32>(-1)

/// Small conversations at a terminal: questions, and a countdown any key can end.
enum Terminal {
    /// Whether a person is at the keyboard: standard input and output are both terminals.
    static var isInteractive: Bool {
        isatty(STDIN_FILENO) == 1 && isatty(STDOUT_FILENO) == 1
    }

    /// Runs `body` with Ctrl-C turned into "skip this question": the question waiting for an
    /// answer (or the next one, when Ctrl-C comes between two) gets none instead of the
    /// program ending, so what the person already told is still recorded.
    ///
    /// The handler writes a byte to a pipe that ``readLine()`` watches beside the terminal
    /// (the self-pipe pattern): a Ctrl-C that lands just before a read starts is not lost.
    static func interruptSkips<T>(_ body: () throws -> T) rethrows -> T {
        var ends: [Int32] = [-1, -1]
        guard pipe(&ends) == 0 else { return try body() }
        for end in ends {
            _ = fcntl(end, F_SETFD, FD_CLOEXEC)
            _ = fcntl(end, F_SETFL, O_NONBLOCK)
        }
        interruptPipe.store(ends[1], ordering: .sequentiallyConsistent)
        defer {
            interruptPipe.store(-1, ordering: .sequentiallyConsistent)
            close(ends[0])
            close(ends[1])
        }
        var skip = sigaction()
        skip.__sigaction_handler.sa_handler = { _ in
            // Only async-signal-safe calls here: an atomic load and write(2).
            var byte: UInt8 = 1
            let descriptor = interruptPipe.load(ordering: .sequentiallyConsistent)
            if descriptor >= 0 { _ = write(descriptor, &byte, 1) }
        }
        sigemptyset(&skip.sa_mask)
        skip.sa_flags = SA_RESTART
        var previous = sigaction()
        sigaction(SIGINT, &skip, &previous)
        defer { sigaction(SIGINT, &previous, nil) }
        // A parent may have started us with SIGINT blocked (the mask is inherited).
        var interrupt = sigset_t()
        sigemptyset(&interrupt)
        sigaddset(&interrupt, SIGINT)
        var previousMask = sigset_t()
        pthread_sigmask(SIG_UNBLOCK, &interrupt, &previousMask)
        defer { pthread_sigmask(SIG_SETMASK, &previousMask, nil) }
        // Without NOFLSH the terminal throws away what is written just after Ctrl-C, which
        // here is the next question.
        var saved = termios()
        let canSetMode = tcgetattr(STDIN_FILENO, &saved) == 0
        if canSetMode {
            var noFlush = saved
            noFlush.c_lflag |= tcflag_t(NOFLSH)
            tcsetattr(STDIN_FILENO, TCSANOW, &noFlush)
        }
        defer { if canSetMode { tcsetattr(STDIN_FILENO, TCSANOW, &saved) } }
        interruptRead = ends[0]
        defer { interruptRead = -1 }
        return try body()
    }

    /// The pipe's read end while ``interruptSkips(_:)`` runs, else -1.
    ///
    /// nonisolated(unsafe) is safe here: the command line runs its commands on the main thread
    /// alone, and only `interruptSkips` (setting it) and the reads it runs use it; the signal
    /// handler touches the atomic `interruptPipe`, never this.
    nonisolated(unsafe) private static var interruptRead: Int32 = -1

    /// Waits until standard input can be read; false when Ctrl-C came first (or waiting failed).
    private static func waitForInput(timeout: Int32 = -1) -> Bool? {
        var descriptors = [pollfd(fd: STDIN_FILENO, events: Int16(POLLIN), revents: 0)]
        if interruptRead >= 0 { descriptors.append(pollfd(fd: interruptRead, events: Int16(POLLIN), revents: 0)) }
        while true {
            let ready = poll(&descriptors, nfds_t(descriptors.count), timeout)
            if ready < 0, errno == EINTR { continue }
            if ready < 0 { return false }
            if ready == 0 { return nil }
            if descriptors.count > 1, descriptors[1].revents != 0 {
                var drain = [UInt8](repeating: 0, count: 16)
                _ = read(interruptRead, &drain, drain.count)
                return false
            }
            return true
        }
    }

    /// One line typed at the terminal, without its newline; nil at the end of input or when
    /// Ctrl-C skipped it (see ``interruptSkips(_:)``).
    ///
    /// Reads the descriptor directly rather than through stdio, so that it can wait for the
    /// terminal and for Ctrl-C together.
    static func readLine() -> String? {
        var bytes: [UInt8] = []
        var byte: UInt8 = 0
        while true {
            guard waitForInput() == true else { return nil }
            let count = read(STDIN_FILENO, &byte, 1)
            if count < 0, errno == EINTR || errno == EAGAIN { continue }
            if count < 0 { return nil }
            if count == 0 { return bytes.isEmpty ? nil : String(decoding: bytes, as: UTF8.self) }
            if byte == UInt8(ascii: "\n") { return String(decoding: bytes, as: UTF8.self) }
            // A line longer than any answer here is cut, never grown without bound.
            if bytes.count < 64 * 1024 { bytes.append(byte) }
        }
    }

    /// Asks until the answer is a number in `range`; nil when the person just presses Enter
    /// or input ends.
    static func askNumber(_ question: String, in range: ClosedRange<Int>) -> Int? {
        while true {
            print(question, terminator: "")
            fflush(nil)
            guard let line = Terminal.readLine() else { return nil }
            let text = line.trimmingCharacters(in: .whitespaces)
            if text.isEmpty { return nil }
            if let number = Int(text), range.contains(number) { return number }
            print("Please type a number from \(range.lowerBound) to \(range.upperBound), or press Enter to skip.")
        }
    }

    /// Asks a yes/no question; only "y" or "yes" is yes.
    static func confirm(_ question: String) -> Bool {
        print("\(question) [y/N] ", terminator: "")
        fflush(nil)
        guard let answer = Terminal.readLine() else { return false }
        return ["y", "yes"].contains(answer.trimmingCharacters(in: .whitespaces).lowercased())
    }

    /// Counts down `seconds` on one line; any key (Ctrl-C included) ends it early.
    ///
    /// The terminal is put in non-canonical mode without echo or signals for the countdown, so
    /// a key is read as soon as it is pressed and Ctrl-C ends the pause instead of the program
    /// (the urge is still recorded), and restored afterwards.
    /// - Returns: true when the whole pause ran, false when a key ended it.
    @discardableResult
    static func countdown(seconds: Int) -> Bool {
        var saved = termios()
        let canSetMode = tcgetattr(STDIN_FILENO, &saved) == 0
        if canSetMode {
            var raw = saved
            raw.c_lflag &= ~tcflag_t(ICANON | ECHO | ISIG)
            withUnsafeMutablePointer(to: &raw.c_cc) { pointer in
                pointer.withMemoryRebound(to: cc_t.self, capacity: Int(NCCS)) { cc in
                    cc[Int(VMIN)] = 1
                    cc[Int(VTIME)] = 0
                }
            }
            tcsetattr(STDIN_FILENO, TCSANOW, &raw)
        }
        defer {
            if canSetMode { tcsetattr(STDIN_FILENO, TCSANOW, &saved) }
            print("")
        }
        let clock = ContinuousClock()
        let end = clock.now.advanced(by: .seconds(seconds))
        while true {
            let remaining = Int((clock.now.duration(to: end) / .milliseconds(1)).rounded(.up))
            if remaining <= 0 { return true }
            let secondsLeft = (remaining + 999) / 1000
            let line = String(format: "\r  %d:%02d  Breathe slowly. Any key ends the pause.  ", secondsLeft / 60, secondsLeft % 60)
            print(line, terminator: "")
            fflush(nil)
            // Wake when the shown second changes, or at once when a key arrives.
            let untilNextSecond = remaining - (secondsLeft - 1) * 1000
            switch waitForInput(timeout: Int32(max(1, untilNextSecond))) {
            case nil:
                continue
            case true?:
                var byte: UInt8 = 0
                _ = read(STDIN_FILENO, &byte, 1)
                return false
            case false?:
                return false
            }
        }
    }
}
