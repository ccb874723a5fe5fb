import Foundation
import Testing
import TallyTestSupport

/// The layers of docs/architecture.md, kept by a test: each module imports only the modules
/// below it (and the system and package libraries it is allowed), and C, libcsv and raw
/// pointers appear only in `Sources/TallyCSV/Internals` (and libxlsxwriter's only in
/// `Sources/TallyXLSX`, the module that wraps it and nothing else; libqrencode's and libpng's only
/// in `Sources/TallyQR`; cairo's, pango's, poppler's, gdk-pixbuf's and zbar's only in
/// `Sources/TallyPaper`).
@Suite("Layering")
struct LayeringTests {
    /// What each module may import. Anything else, in particular a module above it, fails.
    static let allowed: [String: Set<String>] = [
        "TallyCSV": ["Foundation", "Glibc", "CLibCSV"],
        "TallyStatistics": ["Foundation", "RealModule"],
        "TallyWorkbook": ["Foundation", "ZIPFoundation"],
        "TallyCore": ["Foundation", "Dispatch", "TallyCSV", "TallyWorkbook", "TallyStatistics", "Yams", "Crypto"],
        "TallyRender": ["Foundation", "TallyCore", "TallyCSV", "TallyStatistics", "ZIPFoundation", "TallyXLSX", "TallyQR", "TallyBuildInfo", "Crypto"],
        "TallyBuildInfo": [],
        "TallyXLSX": ["Foundation", "CXLSXWriter"],
        "TallyQR": ["CQREncode", "CPNG"],
        "TallyPaper": ["Foundation", "Glibc", "CPangoCairo", "CPoppler", "CZBar", "CGdkPixbuf"],
        "TallyScan": ["Foundation", "TallyCore", "TallyCSV", "TallyPaper", "TallyQR", "Crypto"],
        "TallyScanCorpus": ["Foundation", "TallyPaper", "TallyScan", "TallyStatistics"],
        "tally-scan-bench": ["Foundation", "TallyCore", "TallyPaper", "TallyScan", "TallyScanCorpus"],
        "tally": ["Foundation", "ArgumentParser", "TallyCore", "TallyRender", "TallyScan"],
        "TallyTestSupport": ["Foundation", "Testing", "TallyCore", "TallyCSV", "TallyStatistics"],
    ]

    /// Each problem as `path:line: what`, for the sources under `root`.
    static func violations(sources root: URL) throws -> [String] {
        var problems: [String] = []
        let modules = try FileManager.default.contentsOfDirectory(atPath: root.path).sorted()
        for module in modules where !["CLibCSV", "CXLSXWriter", "CQREncode", "CPNG", "CPangoCairo", "CPoppler", "CZBar", "CGdkPixbuf"].contains(module) {
            guard let allowed = allowed[module] else {
                problems.append("Sources/\(module): a module this test does not know; add its allowed imports")
                continue
            }
            let folder = root.appendingPathComponent(module)
            let files = FileManager.default.enumerator(atPath: folder.path)?.compactMap { $0 as? String }.filter { $0.hasSuffix(".swift") }.sorted() ?? []
            for file in files {
                let path = "Sources/\(module)/\(file)"
                let text = try String(contentsOf: folder.appendingPathComponent(file), encoding: .utf8)
                let internals = (module == "TallyCSV" && file.hasPrefix("Internals/")) || module == "TallyXLSX" || module == "TallyQR" || module == "TallyPaper"
                for (number, line) in text.components(separatedBy: "\n").enumerated() {
                    if let imported = importedModule(line), !allowed.contains(imported) || (imported == "CLibCSV" && !(module == "TallyCSV" && internals)) {
                        problems.append("\(path):\(number + 1): imports \(imported)")
                    }
                    if !internals, line.range(of: #"\bUnsafe[A-Za-z]*|\bOpaquePointer\b|\bCLibCSV\b"#, options: .regularExpression) != nil,
                        !line.trimmingCharacters(in: .whitespaces).hasPrefix("//")
                    {
                        problems.append("\(path):\(number + 1): raw pointers or C outside TallyCSV/Internals")
                    }
                }
            }
        }
        return problems
    }

    /// `TallyCore` for `@testable import TallyCore`, `import struct Foundation.URL` and the like.
    static func importedModule(_ line: String) -> String? {
        var words = line.split(separator: " ").map(String.init)
        while let first = words.first, first.hasPrefix("@") { words.removeFirst() }
        guard words.first == "import", words.count >= 2 else { return nil }
        let name = ["struct", "class", "enum", "protocol", "func", "var", "let", "typealias"].contains(words[1]) && words.count > 2 ? words[2] : words[1]
        return name.split(separator: ".").first.map(String.init)
    }

    @Test func everyModuleImportsOnlyTheLayersBelowIt() throws {
        let problems = try Self.violations(sources: PackagePaths.root.appendingPathComponent("Sources"))
        #expect(problems.isEmpty, "\(problems.joined(separator: "\n"))")
    }

    @Test func aWrongImportIsCaught() throws {
        let folder = try TemporaryFolder()
        defer { folder.cleanUp() }
        try folder.write("Sources/TallyCore/Upward.swift", text: "import Foundation\n@testable import TallyRender\n")
        try folder.write("Sources/TallyRender/Pointers.swift", text: "let p: UnsafeMutablePointer<Int>? = nil\n// UnsafePointer in a comment is fine\n")
        try folder.write("Sources/TallyCSV/Reader.swift", text: "import CLibCSV\n")
        try folder.write("Sources/TallyCSV/Internals/Parser.swift", text: "import CLibCSV\nlet q: UnsafeRawPointer? = nil\n")
        #expect(try Self.violations(sources: folder.url.appendingPathComponent("Sources")) == [
            "Sources/TallyCSV/Reader.swift:1: imports CLibCSV",
            "Sources/TallyCSV/Reader.swift:1: raw pointers or C outside TallyCSV/Internals",
            "Sources/TallyCore/Upward.swift:2: imports TallyRender",
            "Sources/TallyRender/Pointers.swift:1: raw pointers or C outside TallyCSV/Internals",
        ])
    }
}
