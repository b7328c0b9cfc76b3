#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The process environment, read in this one place. Both executables take it from here at the
/// top and hand it down (`NoContactPaths`, the time zone, the editor, colours), so that what
/// depends on the environment can be given another one, and a grep finds every reader.
package enum ProcessEnvironment {
    /// The variables this process started with.
    package static var current: [String: String] { ProcessInfo.processInfo.environment }
}
