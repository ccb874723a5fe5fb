import Foundation
import Testing
@testable import TallyCore
import TallyTestSupport

/// The shapes real files come in that issue 22 names (`Fixtures/shapes/`, written by
/// `make_shapes.py` with the platforms' own header spellings): each read unedited, each with the
/// wrong case beside the right one. Expected counts are worked out by hand from the rows the
/// script writes (its comments say which row makes which figure).
@Suite("Real file shapes")
struct RealFileShapesTests {
    static func path(_ name: String) -> String { PackagePaths.fixture("shapes/\(name)", target: "TallyCoreTests").path }

    static func score(_ file: String, form: Form? = nil, options: ImportOptions = ImportOptions()) throws -> ResultsDocument {
        var options = options
        options.allowMissingColumns = true
        let form = try form ?? FormLoader.load(path("shapes.yaml"))
        return try Tally.score(form: form, files: [path(file)], options: options)
    }

    static func counts(_ unit: UnitResult, _ id: String, row: Int? = nil) -> [String: Int] {
        let figures = unit.question(id)!
        let cell = row.map { figures.rows[$0].figures.overall } ?? figures.whole!.overall
        return Dictionary(uniqueKeysWithValues: cell.counts.filter { $0.count > 0 }.map { ($0.label, $0.count) })
    }

    @Test func microsoftFormsRatingStatementsAndStartCompletionTimes() throws {
        let document = try Self.score("msforms.csv")
        #expect(document.inputs[0].shape == .microsoftForms)
        let unit = document.units[0]
        // Respondent 3 took 20 s; respondent 4's 3 minutes cross midnight.
        #expect(unit.ballots.rows == 4 && unit.ballots.invalid == 1)
        #expect(unit.invalidReasons.map(\.code) == ["too_fast"])
        #expect(Self.counts(unit, "building", row: 0) == ["好": 2, "一般": 1])
        #expect(Self.counts(unit, "building", row: 1) == ["好": 2, "较好": 1])
        #expect(Self.counts(unit, "building", row: 2) == ["好": 2, "较好": 1])
        #expect(!unit.warnings.contains { $0.code == .ruleSkipped })
    }

    @Test func aBareColumnThatTwoMatricesHaveIsNotGuessed() throws {
        let folder = try TemporaryFolder()
        let form = try FormLoader.parse(
            """
            id: two
            title: 两个矩阵
            kind: survey
            scales: { s: { options: [好, 差] } }
            questions:
              - { id: a, text: 甲, type: matrix, scale: s, rows: [政治建设] }
              - { id: b, text: 乙, type: matrix, scale: s, rows: [政治建设] }
            """, file: "two.yaml")
        let file = try folder.write("x.csv", text: "ID,Start time,Completion time,政治建设\n1,2024-05-03 10:00,2024-05-03 10:05,好\n")
        var options = ImportOptions()
        options.allowMissingColumns = true
        let report = try Tally.inspect(file: file, form: form, options: options)
        #expect(report.roles[3] == .ignored)
        #expect(report.unmatched.map(\.question) == ["a", "b"])
    }

    @Test func tencentLettersPerOptionCellsFillInsAndCascades() throws {
        let document = try Self.score("tencent.csv")
        #expect(document.inputs[0].shape == .tencent)
        let unit = document.units[0]
        #expect(unit.ballots.rows == 4 && unit.ballots.invalid == 0)
        // The cascade's first level; lower levels are not read.
        #expect(Self.counts(unit, "region") == ["华东": 3, "华南": 1])
        // Row 5's 作风不实 column holds `B.学习不够`: another option's letter and label is an
        // unknown answer, so the question is not counted on that ballot.
        #expect(Self.counts(unit, "problems") == ["作风不实": 2, "学习不够": 2, "其他": 1])
        #expect(unit.question("problems")!.whole!.overall.n == 3)
        let rejected = unit.rejected.filter { !$0.column.isEmpty }
        #expect(rejected.count == 1 && rejected[0].row == 5 && rejected[0].column == "3.存在的主要问题:作风不实")
        // `E.其他____` is the option 其他, whose fill-in is in the `[选项填空]` column.
        #expect(Self.counts(unit, "overall") == ["好": 1, "较好": 1, "一般": 1, "其他": 1])
        #expect(!unit.warnings.contains { $0.code == .unboundColumn })
    }

    @Test func aCascadeWhoseStemIsTwoQuestionsStopsNamingBoth() throws {
        let form = try FormLoader.parse(
            """
            id: twice
            title: 重复题目
            kind: survey
            questions:
              - { id: home, text: 所在地区, options: [华东, 华南] }
              - { id: work, text: 所在地区, options: [华东, 华南] }
              - { id: overall, text: 对领导班子的总体评价, options: [好, 差] }
            """, file: "twice.yaml")
        #expect {
            _ = try Tally.score(form: form, files: [Self.path("tencent-cascade-twice.csv")])
        } throws: { error in
            let text = "\(error)"
            return text.contains("'home'") && text.contains("'work'") && text.contains("column 1")
        }
    }

    @Test func wenjuanxingOtherWithFillInInASingleChoiceAndTheGroupColumn() throws {
        let unit = try Self.score("wjx-other.csv").units[0]
        #expect(unit.ballots.rows == 3 && unit.ballots.invalid == 0)
        #expect(Dictionary(uniqueKeysWithValues: unit.respondents.map { ($0.label, $0.count) })["其他(请注明)"] == 1)
        #expect(Self.counts(unit, "channel") == ["单位通知": 2, "其他": 1])
        #expect(unit.rejected.isEmpty && !unit.warnings.contains { $0.code == .unknownGroup })
        // A fill-in after a text that is no option is still unknown: `很好〖…〗` is not 好.
        #expect(ValueMatcher(options: [AnswerOption(label: "好")]).match("很好〖真的〗") == nil)
        #expect(ValueMatcher(options: [AnswerOption(label: "其他")]).match("其他〖朋友〗") == 0)
    }

    static let ratingForm = """
        id: rating
        title: Rating
        kind: survey
        language: en
        questions:
          - { id: rating, text: Rating, options: [Good, Bad] }
          - { id: comment, text: Comment, type: text }
        """

    @Test func windows1252IsToldFromGB18030AndAWrongForcedEncodingStops() throws {
        let form = try FormLoader.parse(Self.ratingForm, file: "rating.yaml")
        let document = try Tally.score(form: form, files: [Self.path("windows-1252.csv")])
        #expect(document.inputs[0].format.encoding == .windows1252)
        #expect(Self.counts(document.units[0], "rating") == ["Good": 2, "Bad": 1])
        // The GB18030 samples stay GB18030.
        let gbk = try Tally.inspect(file: "Samples/leadership/wjx-text-gb18030.csv", form: nil)
        #expect(gbk.format.encoding == .gb18030)
        // UTF-16 forced on a one-byte file: an error that says what the bytes look like, not 0 records.
        var forced = ImportOptions()
        forced.encoding = InputEncoding(userName: "utf-16")
        #expect {
            _ = try Tally.score(form: form, files: [Self.path("windows-1252.csv")], options: forced)
        } throws: { error in
            "\(error)".contains("does not fit this file") && "\(error)".contains("Windows-1252") && "\(error)".contains(":1: error:")
        }
        // Any encoding iconv knows is taken; one it does not know is refused.
        #expect(InputEncoding(userName: "big5") != nil && InputEncoding(userName: "iso-8859-15") != nil)
        #expect(InputEncoding(userName: "klingon-8") == nil)
    }

    @Test func aClerksWorkbookSheetPrefixesAndTallyRows() throws {
        var skip = ImportOptions()
        skip.skipRules = ["min_seconds"]
        let document = try Self.score("clerk.xlsx", options: skip)
        let unit = document.units[0]
        // The first sheet (汇总) fits nothing; 录入 is read, and the run says so.
        #expect(document.warnings.contains { $0.code == .sheetChosen && $0.items.first?.value == "录入" && $0.items.first?.nearest == "汇总" })
        // Rows 2–6 are ballots; row 6 holds nothing readable (an invalid ballot); rows 7–9 are
        // tallies (a formula row, `无效：1`/`好：2`, `父母：240`): listed, counted nowhere.
        #expect(unit.ballots.rows == 5 && unit.ballots.valid == 4 && unit.ballots.invalid == 1)
        #expect(unit.invalidReasons.map(\.code) == ["nothing_readable"])
        #expect(document.inputs[0].nonBallotRows == 3)
        #expect(unit.rejected.filter { $0.reason == .notABallot }.map(\.row) == [7, 8, 9])
        #expect(unit.rejected.first { $0.reason == .nothingReadable }?.row == 6)
        #expect(Self.counts(unit, "overall") == ["好": 2, "较好": 1, "一般": 1])
        // `Q10.政治建设`: the prefix stripped, and a bare matrix row found by its label.
        #expect(Self.counts(unit, "building", row: 0) == ["好": 2, "较好": 1, "一般": 1])
        // `--sheet` still wins: the summary sheet named, nothing fits, nothing is chosen for it.
        var named = skip
        named.sheet = "汇总"
        #expect(throws: TallyError.self) { _ = try Tally.score(form: FormLoader.load(Self.path("shapes.yaml")), files: [Self.path("clerk.xlsx")], options: named) }
    }

    @Test func aTrialScoreListsOnlyRowsThatAreNoBallotAndCountsTheSame() throws {
        var skip = ImportOptions()
        skip.skipRules = ["min_seconds"]
        var trial = skip
        trial.listing = .nonBallotRowsOnly
        let full = try Self.score("clerk.xlsx", options: skip).units[0]
        let listed = try Self.score("clerk.xlsx", options: trial).units[0]
        #expect(full.rejected.contains { $0.reason == .nothingReadable })
        #expect(listed.rejected.map(\.row) == [7, 8, 9] && listed.rejected.allSatisfy { $0.reason == .notABallot })
        #expect(listed.ballots.rows == full.ballots.rows && listed.ballots.invalid == full.ballots.invalid)
        #expect(listed.invalidReasons.map(\.code) == full.invalidReasons.map(\.code))

        // Read in parts and of no unit, the same: a file of blank two-cell rows keeps no entry.
        let folder = try TemporaryFolder()
        let file = try folder.write("tiny.csv", bytes: Array(("单位,b\n" + String(repeating: "甲,2\n,2\n", count: 40_000)).utf8))
        var parts = trial
        parts.minimumPartSize = 1 << 12
        parts.threads = 4
        let form = try FormLoader.parse(
            "id: t\nunit: { column: 单位 }\nquestions:\n  - { id: q, text: 满意吗, options: [满意, 不满意] }\n", file: "t.yaml")
        parts.allowMissingColumns = true
        let document = try Tally.score(form: form, files: [file], options: parts)
        #expect(document.inputs[0].parts > 1)
        #expect(document.units[0].ballots.rows == 40_000 && document.units[0].ballots.invalid == 40_000)
        #expect(document.unassigned.rows == 40_000)
        #expect(document.units[0].rejected.isEmpty && document.unassigned.rejected.isEmpty)
    }

    @Test func twoSheetsThatFitEquallyAreAnErrorNamingBoth() throws {
        #expect {
            var skip = ImportOptions()
            skip.skipRules = ["min_seconds"]
            _ = try Self.score("clerk-two-sheets.xlsx", options: skip)
        } throws: { error in
            "\(error)".contains("'甲'") && "\(error)".contains("'乙'") && "\(error)".contains("--sheet")
        }
    }

    @Test func aRowOfUnknownAnswersIsInvalidNotValid() throws {
        let form = try FormLoader.parse(Self.ratingForm, file: "rating.yaml")
        let folder = try TemporaryFolder()
        // Row 3: every rated answer unknown (a text answer aside); row 4: a keyed 0, rejected as an answer.
        let file = try folder.write("r.csv", text: "Rating,Comment\nGood,\nExcellent,fine\nBad,\n")
        let unit = try Tally.score(form: form, files: [file]).units[0]
        #expect(unit.ballots.rows == 3 && unit.ballots.valid == 2 && unit.ballots.invalid == 1)
        #expect(unit.invalidReasons.map(\.code) == ["nothing_readable"])
        #expect(unit.ballots.rows == unit.ballots.valid + unit.ballots.invalid)
        // Tally rows are told apart only when they hold no answer: `Good: 3` is no option either way.
        #expect(NonBallotRow.isTally(["无效：1", "", "父母：240"]) && !NonBallotRow.isTally(["5", "很棒"]) && !NonBallotRow.isTally(["", ""]))
    }

    @Test func aKoboMultiSelectWrittenTwiceDraftsAsOneQuestionThatScoresItsExport() throws {
        let file = PackagePaths.fixture("platforms/kobo.csv", target: "TallyCoreTests").path
        let (yaml, form, unit) = try FormDraftTests.draftAndScore(file, headerRows: nil)
        #expect(form.questions.filter { HeaderText.normalise($0.text) == HeaderText.normalise("eval/problems") }.count == 1)
        #expect(!yaml.contains("eval-problems-2"))
        #expect(unit.ballots.rows > 0 && unit.question(form.questions.first { $0.type == .multi }!.id)!.whole!.overall.n > 0)
    }

    @Test func draftsOfTheNewRealExportsScoreTheirOwnExport() throws {
        let folder = PackagePaths.shared.appendingPathComponent("real-exports").path
        for file in ["tencent-xlsx-powerquery-macau/11918392_202303191156582830.xlsx", "wjx-text-xlsx-score-matrix/问卷数据_完整版_209条.xlsx"]
        where FileManager.default.fileExists(atPath: "\(folder)/\(file)") {
            let (_, _, unit) = try FormDraftTests.draftAndScore("\(folder)/\(file)", headerRows: nil)
            #expect(unit.ballots.rows > 0, "\(file)")
        }
    }
}
