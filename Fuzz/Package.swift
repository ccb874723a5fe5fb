// swift-tools-version: 6.0
// libFuzzer targets for Tally. A package of its own, depending on Tally by path, so the
// fuzzer's `main` never reaches the `tally` executable and normal builds stay fast.
// `make fuzz` builds them (release, `--sanitize=fuzzer --sanitize=address -Xswiftc -sanitize=fuzzer,address`:
// the -Xswiftc form is what instruments Tally's own modules, a path dependency) and runs them.
import PackageDescription

let package = Package(
    name: "TallyFuzz",
    dependencies: [.package(name: "Tally", path: "..")],
    targets: [
        // The CSV reader over arbitrary bytes: every encoding, every delimiter.
        .executableTarget(
            name: "FuzzCSVReader", dependencies: [.product(name: "TallyCore", package: "Tally")]),
        // Header and cell matching: arbitrary headers and answers against a built-in form.
        .executableTarget(
            name: "FuzzAnswerMatcher",
            dependencies: [.product(name: "TallyCore", package: "Tally"), .product(name: "TallyRender", package: "Tally")]),
        // The workbook reader: arbitrary sheet XML, and arbitrary bytes as an .xlsx file.
        .executableTarget(
            name: "FuzzWorkbook", dependencies: [.product(name: "TallyWorkbook", package: "Tally")]),
        // The form loader over arbitrary YAML; a form that loads scores a sample export.
        .executableTarget(
            name: "FuzzFormLoader",
            dependencies: [.product(name: "TallyCore", package: "Tally"), .product(name: "TallyRender", package: "Tally")]),
        // The campaign loader over arbitrary YAML, confined to a copy of Samples/; a campaign that loads is run.
        .executableTarget(
            name: "FuzzCampaignLoader",
            dependencies: [.product(name: "TallyCore", package: "Tally"), .product(name: "TallyRender", package: "Tally")]),
    ]
)
