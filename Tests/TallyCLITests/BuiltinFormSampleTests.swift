import Foundation
import Testing
import TallyTestSupport

/// Every built-in form has a sample under `Samples/` that scores to its committed expected results.
@Suite("Built-in form samples", .serialized)
struct BuiltinFormSampleTests {
    static let samples: [(folder: String, form: String, file: String, unit: String?)] = [
        ("leadership", "leadership-evaluation", "wjx-text-utf8.csv", "县司法局"),
        ("public", "public-satisfaction", "satisfaction-wjx.csv", nil),
        ("cadre-selection", "cadre-selection-review", "wjx-text.csv", "样本单位"),
        ("integrity", "integrity-survey", "wjx-text.csv", "样本单位"),
        ("public-safety", "public-safety-survey", "wjx-text.csv", "样本单位"),
        ("leader-scoring", "leader-scoring", "wjx-text.csv", "样本单位"),
    ]

    @Test func everyBuiltinFormHasASample() throws {
        // Each line: 标题（id）：…
        let forms = try ExecuteTally.run(["forms", "list"]).stdout.split(separator: "\n").map { line in
            String(line.split(separator: "（").last!.split(separator: "）")[0])
        }
        #expect(Set(forms) == Set(Self.samples.map(\.form)))
    }

    @Test(arguments: samples.indices)
    func sampleScoresToItsExpectedResults(_ index: Int) throws {
        let sample = Self.samples[index]
        var arguments = ["score", "--form", sample.form, "Samples/\(sample.folder)/\(sample.file)", "--format", "json"]
        if let unit = sample.unit { arguments += ["--unit", unit] }
        let run = try ExecuteTally.run(arguments)
        #expect(run.status == 0)
        let expected = try String(contentsOf: PackagePaths.samples.appendingPathComponent("\(sample.folder)/expected-results.json"), encoding: .utf8)
        #expect(run.stdout == expected, "\(sample.folder): rerun the command and review the change, then update expected-results.json")
    }
}
