import Synchronization

/// A timeline's prompt library, built on first use and then kept.
///
/// Building it walks every prompt (the built-in ones and up to 10,000 of the person's own) to
/// keep those that suit the config (`hurt`, situations); counting days needs none of that, and
/// doing it anyway was most of a `Days` call.
final class LazyPromptLibrary: Sendable {
    private let make: @Sendable () -> PromptLibrary
    private let built = Mutex<PromptLibrary?>(nil)

    init(_ make: @escaping @Sendable () -> PromptLibrary) {
        self.make = make
    }

    var library: PromptLibrary {
        built.withLock { built in
            if let built { return built }
            let library = make()
            built = library
            return library
        }
    }
}
