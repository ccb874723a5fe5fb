// swift-tools-version: 6.0
import PackageDescription

// Layers import downward only:
//   tally -> TallyRender -> TallyCore -> TallyCSV -> CLibCSV (system libcsv)
//                                    \-> TallyStatistics (stdlib only)
//                                    \-> Yams
//   TallyRender -> TallyQR -> CQREncode, CPNG (system libqrencode, libpng)
//   tally -> TallyScan -> TallyPaper -> CPangoCairo, CPoppler, CZBar (system cairo, pango, poppler, zbar)
//                      \-> TallyCore, TallyQR
let package = Package(
    name: "Tally",
    products: [
        .library(name: "TallyCore", targets: ["TallyCore"]),
        .library(name: "TallyCSV", targets: ["TallyCSV"]),
        .library(name: "TallyRender", targets: ["TallyRender"]),
        .library(name: "TallyWorkbook", targets: ["TallyWorkbook"]),
        .library(name: "TallyXLSX", targets: ["TallyXLSX"]),
        .library(name: "TallyQR", targets: ["TallyQR"]),
        .library(name: "TallyScan", targets: ["TallyScan"]),
        .library(name: "TallyPaper", targets: ["TallyPaper"]),
        // Marked, spoiled scans with their truth: the web app's scan tests use them too.
        .library(name: "TallyScanCorpus", targets: ["TallyScanCorpus"]),
        // Test helpers the web app's tests share (temporary folders, zbar).
        .library(name: "TallyTestSupport", targets: ["TallyTestSupport"]),
        .executable(name: "tally", targets: ["tally"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-numerics", from: "1.1.1"),
        .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.20"),
        .package(url: "https://github.com/apple/swift-crypto", "3.12.3"..<"5.0.0"),
    ],
    targets: [
        // Debian's libcsv-dev ships no pkg-config file: the module map links -lcsv.
        .systemLibrary(name: "CLibCSV", providers: [.apt(["libcsv-dev"])]),
        .target(name: "TallyCSV", dependencies: ["CLibCSV"]),
        // Excel workbooks written (keying sheets) with Debian's libxlsxwriter-dev; TallyXLSX alone touches it.
        .systemLibrary(name: "CXLSXWriter", pkgConfig: "xlsxwriter", providers: [.apt(["libxlsxwriter-dev"])]),
        .target(name: "TallyXLSX", dependencies: ["CXLSXWriter"]),
        // QR codes (the slips of 测评码) made by Debian's libqrencode-dev and drawn as PNG by its
        // libpng-dev; TallyQR alone touches them.
        .systemLibrary(name: "CQREncode", pkgConfig: "libqrencode", providers: [.apt(["libqrencode-dev"])]),
        .systemLibrary(name: "CPNG", pkgConfig: "libpng", providers: [.apt(["libpng-dev"])]),
        .target(name: "TallyQR", dependencies: ["CQREncode", "CPNG"]),
        // Paper: PDFs drawn by Debian's cairo with text laid out by pango (Noto CJK fonts), scans
        // rasterised by poppler, image files read by gdk-pixbuf, QR codes read by zbar; TallyPaper alone touches them.
        .systemLibrary(name: "CPangoCairo", pkgConfig: "pangocairo", providers: [.apt(["libpango1.0-dev", "libcairo2-dev"])]),
        .systemLibrary(name: "CPoppler", pkgConfig: "poppler-glib", providers: [.apt(["libpoppler-glib-dev"])]),
        .systemLibrary(name: "CZBar", pkgConfig: "zbar", providers: [.apt(["libzbar-dev"])]),
        .systemLibrary(name: "CGdkPixbuf", pkgConfig: "gdk-pixbuf-2.0", providers: [.apt(["libgdk-pixbuf-2.0-dev"])]),
        .target(name: "TallyPaper", dependencies: ["CPangoCairo", "CPoppler", "CZBar", "CGdkPixbuf"]),
        // The scannable ballot and the reading of its scans: layout, geometry, marks (pure Swift
        // over TallyPaper's images).
        .target(
            name: "TallyScan",
            dependencies: ["TallyCore", "TallyCSV", "TallyPaper", "TallyQR", .product(name: "Crypto", package: "swift-crypto")]),
        // The commit the sources were built from, written before each build (evidence.json names it).
        .plugin(name: "BuildCommit", capability: .buildTool()),
        .target(name: "TallyBuildInfo", plugins: ["BuildCommit"]),
        .target(name: "TallyStatistics", dependencies: [.product(name: "RealModule", package: "swift-numerics")]),
        // Excel workbooks (.xlsx) read as CSV: ZIPFoundation inflates, a small XML scanner reads.
        .target(name: "TallyWorkbook", dependencies: [.product(name: "ZIPFoundation", package: "ZIPFoundation")]),
        .target(
            name: "TallyCore",
            dependencies: [
                "TallyCSV", "TallyWorkbook", "TallyStatistics", .product(name: "Yams", package: "Yams"),
                // SHA-256 of an export, for a drafted form's id.
                .product(name: "Crypto", package: "swift-crypto"),
            ]),
        .target(
            name: "TallyRender",
            dependencies: [
                "TallyCore", "TallyStatistics", "TallyXLSX", "TallyQR", "TallyBuildInfo", .product(name: "ZIPFoundation", package: "ZIPFoundation"),
                // CSVError's kinds and the encodings, for the web app's words (ClerkWords), and the byte sink the
                // ballot ledger is joined through; no libcsv.
                "TallyCSV",
                // SHA-256 of every input and output (evidence.json).
                .product(name: "Crypto", package: "swift-crypto"),
            ]),
        .executableTarget(
            name: "tally",
            dependencies: [
                "TallyCore", "TallyRender", "TallyScan",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]),
        .target(name: "TallyTestSupport", dependencies: ["TallyCore", "TallyCSV", "TallyStatistics"]),
        .testTarget(name: "TallyCSVTests", dependencies: ["TallyCSV", "TallyTestSupport"]),
        .testTarget(name: "TallyQRTests", dependencies: ["TallyQR", "TallyTestSupport"]),
        // Marked and spoiled scans of our own ballot with each box's truth, for the scan tests and `make bench-scan`.
        .target(name: "TallyScanCorpus", dependencies: ["TallyScan", "TallyPaper", "TallyStatistics"]),
        .executableTarget(name: "tally-scan-bench", dependencies: ["TallyScanCorpus", "TallyScan", "TallyPaper", "TallyCore"]),
        .testTarget(name: "TallyScanTests", dependencies: ["TallyScan", "TallyScanCorpus", "TallyPaper", "TallyCore", "TallyTestSupport"]),
        .testTarget(
            name: "TallyWorkbookTests",
            dependencies: ["TallyWorkbook", "TallyTestSupport", .product(name: "ZIPFoundation", package: "ZIPFoundation")],
            exclude: ["Fixtures"]),
        // Fixtures and snapshots are read from the checkout (PackagePaths), not bundled.
        .testTarget(
            name: "TallyStatisticsTests", dependencies: ["TallyStatistics", "TallyTestSupport"], exclude: ["Fixtures"]),
        .testTarget(name: "TallyCoreTests", dependencies: ["TallyCore", "TallyTestSupport"], exclude: ["Fixtures"]),
        .testTarget(
            name: "TallyRenderTests",
            dependencies: ["TallyRender", "TallyTestSupport", .product(name: "ZIPFoundation", package: "ZIPFoundation")],
            exclude: ["Snapshots", "Fixtures"]),
        .testTarget(
            name: "TallyCLITests",
            dependencies: [
                "tally", "TallyTestSupport", "TallyScanCorpus", "TallyPaper", "TallyScan", .product(name: "ZIPFoundation", package: "ZIPFoundation"),
            ], exclude: ["Fixtures"]),
    ]
)
