// swift-tools-version: 6.1
// Micro-benchmarks (ordo-one/benchmark) for the reader, the cell matcher and the tally. A
// package of its own so that the main build and `make test` never build the benchmark
// framework. Run with `make microbench` from the project root.
import Foundation
import PackageDescription

/// The project's package is the folder above, named after its checkout (`main`, `tally`, …).
let project = URL(fileURLWithPath: Context.packageDirectory).deletingLastPathComponent().lastPathComponent

let package = Package(
    name: "TallyBenchmarks",
    platforms: [.macOS(.v14)],
    dependencies: [
        .package(path: ".."),
        .package(url: "https://github.com/ordo-one/benchmark", from: "1.38.1", traits: ["MallocInterposer"]),
    ],
    targets: [
        .executableTarget(
            name: "TallyBenchmarks",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "TallyCore", package: project),
                .product(name: "TallyCSV", package: project),
            ],
            path: "Benchmarks/TallyBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        )
    ]
)
