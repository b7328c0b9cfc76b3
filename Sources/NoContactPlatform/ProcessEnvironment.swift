import Glibc

/// The process environment, read in this one place. Both executables take it from here at the
/// top and hand it down (`NoContactPaths`, the time zone, the editor, colours), so that what
/// depends on the environment can be given another one, and a grep finds every reader.
package enum ProcessEnvironment {
    /// The variables this process started with.
    ///
    /// Read from `environ` itself, as `ProcessInfo.processInfo.environment` would, but without
    /// Foundation: the daemon reads it at start, and code that runs at start stays resident.
    /// A variable without `=` is skipped; of a name given twice, the first counts, as getenv(3)
    /// finds it.
    package static var current: [String: String] {
        var variables: [String: String] = [:]
        var entry = environ
        while let pointer = entry.pointee {
            let text = String(cString: pointer)
            if let equals = text.firstIndex(of: "="), equals != text.startIndex {
                let name = String(text[..<equals])
                if variables[name] == nil { variables[name] = String(text[text.index(after: equals)...]) }
            }
            entry = entry.advanced(by: 1)
        }
        return variables
    }
}
