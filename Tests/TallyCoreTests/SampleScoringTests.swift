import Foundation
import Testing
@testable import TallyCore
import TallyTestSupport

func sample(_ name: String) -> String { PackagePaths.samples.appendingPathComponent(name).path }

/// Which built-in form each folder of `Samples/` answers.
enum SampleForms {
    static let byFolder = [
        "leadership": "leadership-evaluation", "public": "public-satisfaction", "cadre-selection": "cadre-selection-review",
        "integrity": "integrity-survey", "public-safety": "public-safety-survey", "leader-scoring": "leader-scoring",
    ]

    static func form(for sample: String) -> String {
        byFolder[String(sample.split(separator: "/")[0])]!
    }
}

@Suite("Scoring the samples")
struct SampleScoringTests {
    static var form: Form { get throws { try FormLoader.load("leadership-evaluation") } }
    static let wjxFiles = ["wjx-text-utf8.csv", "wjx-text-bom-crlf.csv", "wjx-text-gb18030.csv"].map { sample("leadership/\($0)") }

    static func allSamples() -> [String] {
        let enumerator = FileManager.default.enumerator(atPath: PackagePaths.samples.path)!
        return (enumerator.allObjects as! [String]).filter { $0.hasSuffix(".csv") }.sorted()
    }

    @Test func everySampleFileIsPresent() {
        #expect(Self.allSamples().count >= 4)
    }

    /// rows = valid + invalid for every unit, and every record read is in a unit or unassigned.
    @Test(arguments: allSamples())
    func accountingIdentity(_ name: String) throws {
        // Each sample folder holds answers to one built-in form.
        let form = try FormLoader.load(SampleForms.form(for: name))
        let document = try Tally.score(form: form, files: [sample(name)])
        let records = document.inputs.reduce(0) { $0 + $1.records - $1.emptyRecords }
        #expect(records > 0)
        #expect(document.units.reduce(0) { $0 + $1.ballots.rows } + document.unassigned.rows == records)
        for unit in document.units {
            #expect(unit.ballots.rows == unit.ballots.valid + unit.ballots.invalid)
            #expect(unit.respondents.reduce(0) { $0 + $1.count } == unit.ballots.valid)
            let ballotRejections = unit.rejected.filter { $0.column.isEmpty }.count
            #expect(ballotRejections == unit.ballots.invalid)
            for (question, figures) in zip(unit.form.questions, unit.questions) where question.type == .single {
                let cell = figures.whole!.overall
                #expect(cell.counts.reduce(0) { $0 + $1.count } + cell.missing + cell.invalid == unit.ballots.valid - unit.ballots.abstain)
            }
        }
    }

    @Test func everyEncodingGivesIdenticalFigures() throws {
        let documents = try Self.wjxFiles.map { try Tally.score(form: Self.form, files: [$0], unit: "县司法局", issued: 60) }
        #expect(documents.map { $0.inputs[0].format.encoding } == [.utf8, .utf8BOM, .gb18030])
        let units = documents.map { ResultsDocument.unit($0.units[0], wording: CodeWording()).serialized() }
        #expect(units[0] == units[1])
        #expect(units[0] == units[2])
        // Rejected entries differ only by file name; lines differ with the CRLF file only where a cell holds a line break.
        let rejected = documents.map { $0.units[0].rejected.map { "\($0.row) \($0.column) \($0.value) \($0.reason.code)" } }
        #expect(rejected[0] == rejected[1] && rejected[0] == rejected[2])
    }

    struct Expected: Decodable {
        struct Rate: Decodable { var k: Int, n: Int, value: Double, low: Double, high: Double }
        struct Question: Decodable {
            var counts: [String: Int]
            var n: Int
            var mean: Double?
            var weighted_mean: Double
            var invalid: Int?
            var 好评率: Rate?
            var 称职率: Rate?
        }
        struct Problems: Decodable { var n: Int; var counts: [String: Int] }
        var rows: Int, valid: Int, invalid: Int
        var respondents: [String: Int]
        var index: Double
        var questions: [String: Question]
        var problems: Problems
    }

    /// Every figure against `Fixtures/recompute_leadership.py`, written without our code.
    @Test func agreesWithAnIndependentRecomputation() throws {
        let url = PackagePaths.fixture("leadership-expected.json", target: "TallyCoreTests")
        let expected = try JSONDecoder().decode(Expected.self, from: Data(contentsOf: url))
        let unit = try Tally.score(form: Self.form, files: [Self.wjxFiles[0]], unit: "县司法局").units[0]
        #expect(unit.ballots.rows == expected.rows && unit.ballots.valid == expected.valid && unit.ballots.invalid == expected.invalid)
        // The sample's ballots say 一般干警, which the built-in form reads as its 一般干部 (an alias).
        for (label, count) in expected.respondents {
            let formLabel = label == "一般干警" ? "一般干部" : label
            #expect(unit.respondents.first { $0.label == formLabel }?.count == count)
        }
        #expect(approx(unit.index, expected.index))
        for (key, want) in expected.questions {
            let parts = key.split(separator: "/").map(String.init)
            let figures = unit.question(parts[0])!
            let row = parts.count == 2 ? figures.rows.first { $0.label == parts[1] }!.figures : figures.whole!
            let cell = row.overall
            for (label, count) in want.counts { #expect(cell.counts.first { $0.label == label }?.count == count, "\(key) \(label)") }
            #expect(cell.n == want.n, "\(key)")
            #expect(approx(cell.mean, want.mean), "\(key)")
            #expect(approx(row.weightedMean, want.weighted_mean), "\(key)")
            if let invalid = want.invalid { #expect(cell.invalid == invalid, "\(key)") }
            // The fixture's 称职率 is the share of 优秀 and 称职, the form's 优秀和称职率.
            for (name, rate) in [("好评率", want.好评率), ("优秀和称职率", want.称职率)] {
                guard let rate else { continue }
                let got = try #require(cell.rate(name), "\(key) \(name)").proportion
                #expect(got.k == rate.k && got.n == rate.n, "\(key) \(name)")
                #expect(approx(got.low, rate.low, 1e-12) && approx(got.high, rate.high, 1e-12), "\(key) \(name)")
            }
        }
        let problems = unit.question("problems")!.whole!.overall
        #expect(problems.n == expected.problems.n)
        for (label, count) in expected.problems.counts { #expect(problems.counts.first { $0.label == label }?.count == count) }
    }
}
