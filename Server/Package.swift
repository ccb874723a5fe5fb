// swift-tools-version: 6.0
// The web app (`../shared/spec/HTTP.md`): a package of its own, depending on the engine by
// path, so that the engine's build, `make demo` and `make test` never wait for the web stack.
// `make serve` builds and starts it; `make test-server` runs its route tests.
import PackageDescription

let package = Package(
    name: "TallyServer",
    platforms: [.macOS(.v14)],
    products: [.executable(name: "tally-server", targets: ["tally-server"])],
    dependencies: [
        .package(name: "Tally", path: ".."),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/vapor/multipart-kit", from: "4.7.1"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-crypto", "3.12.3"..<"5.0.0"),
        .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.20"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
    ],
    targets: [
        // Storage, the engine bridge, security and routes: everything but `main`.
        .target(
            name: "TallyServerCore",
            dependencies: [
                .product(name: "TallyCore", package: "Tally"),
                .product(name: "TallyRender", package: "Tally"),
                .product(name: "TallyWorkbook", package: "Tally"),
                .product(name: "TallyScan", package: "Tally"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "MultipartKit", package: "multipart-kit"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Crypto", package: "swift-crypto"),
                // scrypt, for password files that hold a hash (StoredPassword).
                .product(name: "CryptoExtras", package: "swift-crypto"),
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Mustache", package: "swift-mustache"),
            ]),
        .executableTarget(
            name: "tally-server",
            dependencies: [
                "TallyServerCore", .product(name: "ArgumentParser", package: "swift-argument-parser"),
                // A shutdown deadline (ServiceGroup's maximum graceful shutdown duration).
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]),
        .testTarget(
            name: "TallyServerTests",
            dependencies: [
                "TallyServerCore", .product(name: "TallyRender", package: "Tally"), .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "TallyTestSupport", package: "Tally"),
                .product(name: "TallyScanCorpus", package: "Tally"),
                .product(name: "TallyPaper", package: "Tally"),
                .product(name: "TallyScan", package: "Tally"),
            ]),
    ]
)
