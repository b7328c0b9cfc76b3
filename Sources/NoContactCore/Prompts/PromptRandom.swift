/// A small seedable random number generator (SplitMix64), so that prompt selection is
/// deterministic: the same seed gives the same numbers on every run, machine and Swift version.
///
/// Swift's `SystemRandomNumberGenerator` cannot be seeded, and `Hasher` is seeded per process,
/// so neither can be used where results must repeat.
public struct PromptRandom: RandomNumberGenerator, Sendable {
    private var state: UInt64

    /// A generator whose sequence is fixed by `seed`.
    public init(seed: UInt64) {
        state = seed
    }

    /// The next 64 random bits.
    public mutating func next() -> UInt64 {
        state = state &+ 0x9E37_79B9_7F4A_7C15
        return Self.finalize(state)
    }

    /// A number in `0..<bound`, without modulo bias; 0 when `bound` is not positive (there is
    /// nothing to choose from, and callers check that first).
    ///
    /// Spelled out here (Lemire's multiply-and-shift with rejection) rather than taken from the
    /// standard library, so the numbers cannot change with a Swift release.
    public mutating func next(below bound: Int) -> Int {
        guard bound > 0 else { return 0 }
        let range = UInt64(bound)
        var product = next().multipliedFullWidth(by: range)
        if product.low < range {
            let threshold = (0 &- range) % range
            while product.low < threshold {
                product = next().multipliedFullWidth(by: range)
            }
        }
        return Int(product.high)
    }

    /// Combines values into one seed, so that each combination gets its own stream.
    public static func mix(_ values: UInt64...) -> UInt64 {
        var result: UInt64 = 0x6A09_E667_F3BC_C909
        for value in values {
            result = finalize(result ^ finalize(value &+ 0x9E37_79B9_7F4A_7C15))
        }
        return result
    }

    /// The SplitMix64 output function.
    private static func finalize(_ value: UInt64) -> UInt64 {
        var z = value
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
