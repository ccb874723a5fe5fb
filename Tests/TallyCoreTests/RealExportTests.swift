import Foundation
import Testing
@testable import TallyCore
import TallyTestSupport

/// Where the real exports are (beside the checkout, as on every machine of this project).
enum RealExports {
    static let folder = PackagePaths.shared.appendingPathComponent("real-exports")
    static var available: Bool { FileManager.default.fileExists(atPath: folder.path) }
}

/// Files real people downloaded from survey platforms and published (`../shared/real-exports`,
/// read from there, never copied here), each scored unedited with a natural form
/// (`Fixtures/real-exports/<name>.yaml`: questions by their text as a user writes them), against
/// counts computed without Tally (`Fixtures/real-exports/compute_expected.py`, Python's csv
/// module, committed as `expected.json`).
@Suite("Real exports", .enabled(if: RealExports.available))
struct RealExportTests {
    static let folder = RealExports.folder

    static func expected(_ name: String) throws -> [String: Any] {
        let data = try Data(contentsOf: PackagePaths.fixture("real-exports/expected.json", target: "TallyCoreTests"))
        let all = try JSONSerialization.jsonObject(with: data) as? [String: Any]
        return try #require(all?[name] as? [String: Any])
    }

    static func score(_ name: String, file: String, options: ImportOptions = ImportOptions()) throws -> UnitResult {
        let form = try FormLoader.load(PackagePaths.fixture("real-exports/\(name).yaml", target: "TallyCoreTests").path)
        return try Tally.score(form: form, files: [folder.appendingPathComponent("\(name)/\(file)").path], options: options).units[0]
    }

    /// A question's counts (or each matrix row's, in order) as plain dictionaries.
    static func counts(_ unit: UnitResult, _ id: String) -> Any {
        let figures = unit.question(id)!
        func plain(_ cell: CellFigures) -> [String: Int] { Dictionary(uniqueKeysWithValues: cell.counts.map { ($0.label, $0.count) }) }
        if let whole = figures.whole { return plain(whole.overall) }
        return figures.rows.map { plain($0.figures.overall) }
    }

    @Test func wenjuanxingTextGBKWithNumberedMatrixRowsAndEntities() throws {
        let expected = try Self.expected("wjx-text-gbk-aigc")
        let unit = try Self.score("wjx-text-gbk-aigc", file: "survey_data.csv")
        #expect(unit.ballots.rows == expected["rows"] as? Int && unit.ballots.invalid == 0)
        for id in ["gender", "known", "uses", "inspires", "improve", "continue", "pay"] {
            #expect(Self.counts(unit, id) as? [String: Int] == expected[id] as? [String: Int], "\(id)")
        }
        for id in ["difficulties", "satisfaction"] {
            #expect(Self.counts(unit, id) as? [[String: Int]] == expected[id] as? [[String: Int]], "\(id)")
        }
        // `(跳过)` is a skipped answer, not an unknown one.
        #expect(unit.question("satisfaction")!.rows[0].figures.overall.missing == 9)
    }

    @Test func qualtricsThreeHeaderRowsAreNoBallots() throws {
        let expected = try Self.expected("qualtrics-3row-sample")
        let unit = try Self.score("qualtrics-3row-sample", file: "sample.csv")
        #expect(unit.ballots.rows == expected["rows"] as? Int)
        #expect(unit.ballots.invalid == (expected["unfinished"] as! Int) + (expected["too_fast"] as! Int))
        #expect(Self.counts(unit, "choice") as? [String: Int] == expected["choice"] as? [String: Int])
        #expect(unit.question("comment")!.whole!.overall.n == expected["comments"] as? Int)
        // Its duration column serves min_seconds: the rule applies, nothing is skipped.
        #expect(!unit.warnings.contains { $0.code == .ruleSkipped })
    }

    @Test func limeSurveyFullTextCountsUnfinishedResponsesAsInvalid() throws {
        let expected = try Self.expected("limesurvey-fulltext-cpp")
        let unit = try Self.score("limesurvey-fulltext-cpp", file: "results-survey.csv")
        #expect(unit.ballots.rows == expected["rows"] as? Int)
        #expect(unit.invalidReasons.first { $0.code == "incomplete" }?.count == expected["incomplete"] as? Int)
        #expect(unit.ballots.invalid == (expected["incomplete"] as! Int) + (expected["blank"] as! Int))
        for id in ["age", "coding", "os", "setup", "satisfaction"] {
            #expect(Self.counts(unit, id) as? [String: Int] == expected[id] as? [String: Int], "\(id)")
        }
    }

    @Test func limeSurveyTwoHeaderRowsFromExcel() throws {
        let expected = try Self.expected("limesurvey-2rowheader-semicolon")
        let unit = try Self.score("limesurvey-2rowheader-semicolon", file: "results-survey.csv")
        #expect(unit.ballots.rows == expected["rows"] as? Int && unit.ballots.invalid == 0)
        #expect(Self.counts(unit, "background") as? [String: Int] == expected["background"] as? [String: Int])
        #expect(unit.question("background")!.whole!.overall.n == expected["background_n"] as? Int)
        #expect(Self.counts(unit, "kinds") as? [String: Int] == expected["kinds"] as? [String: Int])
        #expect(unit.question("kinds")!.whole!.overall.n == expected["kinds_n"] as? Int)
        #expect(Self.counts(unit, "purposes") as? [[String: Int]] == expected["purposes"] as? [[String: Int]])
    }

    @Test func tencentWorkbookWithLettersPerOptionColumnsAndFillIns() throws {
        let expected = try Self.expected("tencent-xlsx-powerquery-macau")
        let unit = try Self.score("tencent-xlsx-powerquery-macau", file: "11918392_202303191156582830.xlsx")
        #expect(unit.ballots.rows == expected["rows"] as? Int && unit.ballots.invalid == 0)
        for id in ["gender", "age", "region", "industry", "purpose"] {
            #expect(Self.counts(unit, id) as? [String: Int] == expected[id] as? [String: Int], "\(id)")
        }
        #expect(unit.question("purpose")!.whole!.overall.n == expected["purpose_n"] as? Int)
        let matrices = try #require(expected["matrices"] as? [String: [[String: Int]]])
        #expect(matrices.count == 9)
        for (id, rows) in matrices {
            #expect(Self.counts(unit, id) as? [[String: Int]] == rows, "\(id)")
        }
        // Nothing rejected: letters, `____` blanks and `[选项填空]` columns are all understood.
        #expect(unit.rejected.isEmpty)
    }

    @Test func wenjuanxingWorkbookWithFillInsInSingleChoicesAndTheGroupColumn() throws {
        let expected = try Self.expected("wjx-text-xlsx-score-matrix")
        let unit = try Self.score("wjx-text-xlsx-score-matrix", file: "问卷数据_完整版_209条.xlsx")
        #expect(unit.ballots.rows == expected["rows"] as? Int)
        #expect(unit.invalidReasons.first { $0.code == "too_fast" }?.count == expected["too_fast"] as? Int)
        #expect(unit.ballots.invalid == expected["too_fast"] as? Int)
        for id in ["gender", "income", "times", "channel"] {
            #expect(Self.counts(unit, id) as? [String: Int] == expected[id] as? [String: Int], "\(id)")
        }
        #expect(Self.counts(unit, "acceptance") as? [[String: Int]] == expected["acceptance"] as? [[String: Int]])
        #expect(unit.question("times")!.whole!.overall.missing == expected["times_skipped"] as? Int)
        // `其他(请注明)〖幼稚小学生〗` is the group 其他(请注明), not an unknown group.
        let groups = Dictionary(uniqueKeysWithValues: unit.respondents.map { ($0.label, $0.count) })
        #expect(groups == expected["groups"] as? [String: Int])
        #expect(!unit.warnings.contains { $0.code == .unknownGroup })
        #expect(unit.rejected.allSatisfy { $0.column.isEmpty })
    }
}
