// swift-tools-version:6.1
// In-process benchmarks of nocontact (ordo-one/benchmark). A package of its own so that the
// main package and its CI never build the benchmark dependencies; its build folder is
// Benchmarks/.build. Run from the repository root:
//   swift package --package-path Benchmarks benchmark
// (scripts/bench-calendar runs it too; figures in BENCHMARKS.md).
import PackageDescription

import struct Foundation.URL

/// A path dependency's identity is its folder's name ("main", "nocontact", whatever the clone
/// is called), so it is read from the checkout rather than written down.
let mainIdentity = URL(fileURLWithPath: Context.packageDirectory).deletingLastPathComponent().lastPathComponent.lowercased()

let package = Package(
    name: "nocontact-benchmarks",
    platforms: [.macOS(.v13)],
    dependencies: [
        // The main package, by path: the benchmarks measure the code in this checkout.
        .package(path: ".."),
        // The trait keeps the malloc metrics and leaves out the ARC runtime interposer
        // (and its package, which is not in the local mirror).
        .package(url: "https://github.com/ordo-one/benchmark", exact: "1.38.1", traits: ["MallocInterposer"]),
    ],
    targets: [
        .executableTarget(
            name: "CalendarBenchmarks",
            dependencies: [
                .product(name: "NoContactCore", package: mainIdentity),
                .product(name: "Benchmark", package: "benchmark"),
            ],
            path: "Benchmarks/CalendarBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
    ]
)
