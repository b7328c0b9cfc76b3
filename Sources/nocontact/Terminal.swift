import Foundation
import Glibc

/// Small conversations at a terminal: questions, and a countdown any key can end.
enum Terminal {
    /// Whether a person is at the keyboard: standard input and output are both terminals.
    static var isInteractive: Bool {
        isatty(STDIN_FILENO) == 1 && isatty(STDOUT_FILENO) == 1
    }

    /// Asks until the answer is a number in `range`; nil when the person just presses Enter
    /// or input ends.
    static func askNumber(_ question: String, in range: ClosedRange<Int>) -> Int? {
        while true {
            print(question, terminator: "")
            fflush(nil)
            guard let line = readLine() else { return nil }
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
        guard let answer = readLine() else { return false }
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
            var descriptor = pollfd(fd: STDIN_FILENO, events: Int16(POLLIN), revents: 0)
            let ready = poll(&descriptor, 1, Int32(max(1, untilNextSecond)))
            if ready > 0 {
                var byte: UInt8 = 0
                _ = read(STDIN_FILENO, &byte, 1)
                return false
            }
        }
    }
}
