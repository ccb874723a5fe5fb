import Foundation
import Testing
@testable import TallyCore
import TallyTestSupport

@Suite("Validity rules")
struct ValidityTests {
    let folder: TemporaryFolder
    init() throws { folder = try TemporaryFolder() }

    static let base = """
        id: t
        scales:
          g:
            options:
              - { code: A, label: 好, score: 100 }
              - { code: B, label: 较好, score: 80 }
              - { code: C, label: 差, score: 0 }
              - { code: D, label: 不了解, counted: false }
        """

    static let withComment = """
        questions:
          - { id: q1, text: 总体评价, scale: g }
          - { id: q2, text: 作风, scale: g }
          - { id: c, text: 意见, type: text }
        """

    func form(_ extra: String, questions: String = """
        questions:
          - { id: q1, text: 总体评价, scale: g }
          - { id: q2, text: 作风, scale: g }
        """) throws -> Form {
        try FormLoader.parse(Self.base + "\n" + questions + "\n" + extra, file: "t.yaml")
    }

    func score(_ form: Form, _ csv: String, unit: String? = nil, issued: Int? = nil) throws -> ResultsDocument {
        try Tally.score(form: form, files: [try folder.write("r.csv", text: csv)], unit: unit, issued: issued)
    }

    @Test func blankBallotInvalidOrAbstain() throws {
        let csv = "总体评价,作风,意见\n好,差,\n,,只写了意见\n(跳过),(空),\n"
        let invalid = try score(form("", questions: Self.withComment), csv).units[0]
        #expect(invalid.ballots == .init(issued: nil, rows: 3, valid: 1, invalid: 2, abstain: 0))
        #expect(invalid.invalidReasons.map(\.code) == ["blank_ballot"])
        #expect(invalid.rejected.map(\.row) == [3, 4])
        let abstain = try score(form("validity: { blank_ballot: abstain }", questions: Self.withComment), csv).units[0]
        #expect(abstain.ballots == .init(issued: nil, rows: 3, valid: 3, invalid: 0, abstain: 2))
        // Abstentions carry no answers: q1 has one counted answer, no missing ones.
        #expect(abstain.question("q1")!.whole!.overall.n == 1)
        #expect(abstain.question("q1")!.whole!.overall.missing == 0)
    }

    @Test func requiredAnswer() throws {
        let form = try form("", questions: """
            questions:
              - { id: q1, text: 总体评价, scale: g, required: true }
              - { id: q2, text: 作风, scale: g }
            """)
        let unit = try score(form, "总体评价,作风\n好,差\n,好\n").units[0]
        #expect(unit.ballots.invalid == 1)
        #expect(unit.rejected[0].reason == .requiredMissing(question: "总体评价"))
        #expect(unit.rejected[0].row == 3 && unit.rejected[0].line == 3)
    }

    @Test func unknownAnswerVoidsTheQuestionOrTheBallot() throws {
        let csv = "总体评价,作风\n好,差\n很好,较好\n"
        let question = try score(form(""), csv).units[0]
        #expect(question.ballots.valid == 2)
        #expect(question.question("q1")!.whole!.overall.invalid == 1)
        #expect(question.question("q2")!.whole!.overall.n == 2)
        #expect(question.rejected == [RejectedEntry(file: folder.path("r.csv"), row: 3, line: 3, column: "总体评价", value: "很好", reason: .unknownAnswer(nearest: "好"))])
        let ballot = try score(form("validity: { unknown_answer: invalidate_ballot }"), csv).units[0]
        #expect(ballot.ballots.valid == 1 && ballot.ballots.invalid == 1)
        #expect(ballot.question("q2")!.whole!.overall.n == 1)
    }

    @Test func duplicateRespondentsKeepFirstOrLast() throws {
        let csv = "编号,总体评价,作风\n1,好,好\n2,差,差\n1,差,差\n,较好,较好\n"
        let first = try score(form("validity: { duplicate_respondent: { column: 编号 } }"), csv).units[0]
        #expect(first.ballots.invalid == 1 && first.rejected[0].row == 4)
        #expect(first.question("q1")!.whole!.overall.counts.map(\.count) == [1, 1, 1, 0])
        let last = try score(form("validity: { duplicate_respondent: { column: 编号, keep: last } }"), csv).units[0]
        #expect(last.ballots.invalid == 1 && last.rejected[0].row == 2)
        #expect(last.question("q1")!.whole!.overall.counts.map(\.count) == [0, 1, 2, 0])
    }

    @Test func groupMissingIsUngroupedOrInvalid() throws {
        let groups = """
            respondents:
              column: 身份
              groups: [{ id: a, label: 甲, weight: 1 }, { id: b, label: 乙, weight: 1 }]
            rubric: { suppress_below: 0 }
            """
        let csv = "身份,总体评价,作风\n甲,好,好\n乙,差,差\n,较好,较好\n丙,较好,较好\n"
        let ungrouped = try score(form(groups), csv).units[0]
        // A blank group is 未填写类别, one that names no group 类别无法识别 (FORMS.md).
        #expect(ungrouped.respondents.map(\.label) == ["甲", "乙", "未填写类别", "类别无法识别"])
        #expect(ungrouped.respondents.map(\.count) == [1, 1, 1, 1])
        #expect(ungrouped.warnings.map(\.code) == [.unknownGroup])
        #expect(ungrouped.warnings.first?.items == [ResultsWarning.Item(value: "丙", count: 1, nearest: nil)])
        // The unweighted mean includes the ungrouped ballots; the weighted one leaves them out.
        #expect(approx(ungrouped.question("q1")!.whole!.overall.mean, 65))
        #expect(approx(ungrouped.question("q1")!.whole!.weightedMean, 50))
        let strict = try score(form(groups.replacingOccurrences(of: "respondents:\n", with: "respondents:\n  missing: invalid\n")), csv).units[0]
        #expect(strict.ballots.invalid == 2)
        #expect(strict.invalidReasons.map(\.code) == ["group_missing"])
    }

    @Test func weightsRenormaliseOverGroupsThatAnswered() throws {
        let groups = """
            respondents:
              column: 身份
              groups: [{ id: a, label: 甲, weight: 0.5 }, { id: b, label: 乙, weight: 0.3 }, { id: c, label: 丙, weight: 0.2 }]
            rubric: { suppress_below: 0 }
            """
        let csv = "身份,总体评价,作风\n甲,好,好\n甲,较好,好\n乙,差,\n丙,不了解,差\n"
        let unit = try score(form(groups), csv).units[0]
        let q1 = unit.question("q1")!.whole!
        // 丙 answered only 不了解: no mean, so 甲 (90) and 乙 (0) share 0.5 : 0.3.
        #expect(approx(q1.weightedMean, (0.5 * 90 + 0.3 * 0) / 0.8))
        #expect(q1.renormalised)
        let q2 = unit.question("q2")!.whole!
        #expect(approx(q2.weightedMean, (0.5 * 100 + 0.2 * 0) / 0.7))
        // Index: q1 and q2 weighted 1 each.
        #expect(approx(unit.index, (q1.weightedMean! + q2.weightedMean!) / 2))
    }

    @Test func smallGroupsAndTheirComplementAreSuppressed() throws {
        let groups = """
            respondents:
              column: 身份
              groups: [{ id: a, label: 甲 }, { id: b, label: 乙 }, { id: c, label: 丙 }]
            rubric: { suppress_below: 3 }
            """
        // 甲 2 ballots (below 3), 乙 3, 丙 4: hiding 甲 alone could be undone by subtraction, so 乙 goes too.
        let csv = "身份,总体评价,作风\n" + ["甲", "甲", "乙", "乙", "乙", "丙", "丙", "丙", "丙"].map { "\($0),好,差" }.joined(separator: "\n") + "\n"
        let unit = try score(form(groups), csv).units[0]
        #expect(unit.suppressed == ["甲", "乙"])
        #expect(unit.respondents.map(\.count) == [2, 3, 4])
        let q1 = unit.question("q1")!.whole!
        #expect(q1.groups.map(\.suppressed) == [true, true, false])
        #expect(q1.groups[0].figures == nil)
        #expect(q1.overall.n == 9)
        let json = ResultsDocument.unit(unit, wording: CodeWording()).serialized()
        #expect(json.contains("\"甲\": {\n") && json.contains("\"suppressed\": true"))
        // Two small groups hide each other; nothing more is needed.
        let two = "身份,总体评价,作风\n" + ["甲", "甲", "乙", "乙", "丙", "丙", "丙"].map { "\($0),好,差" }.joined(separator: "\n") + "\n"
        #expect(try score(form(groups), two).units[0].suppressed == ["甲", "乙"])
    }

    @Test func moreBallotsThanIssuedIsVoid() throws {
        let unit = try score(form(""), "总体评价,作风\n好,好\n好,好\n好,好\n", issued: 2).units[0]
        #expect(unit.void == VoidEvaluation(returned: 3, issued: 2))
        #expect(unit.questions.isEmpty && unit.index == nil)
        // No figures, only the reason and the counters (for `tally merge`).
        guard case .object(let pairs) = ResultsDocument.unit(unit, wording: CodeWording()) else { return #expect(Bool(false)) }
        #expect(pairs.map(\.0) == ["unit", "form", "ballots", "void", "tally"])
    }

    @Test func unitColumnFeedsSeveralUnitsAndUnassigned() throws {
        let form = try form("unit: { column: 单位 }")
        let csv = "单位,总体评价,作风\n县法院,好,好\n县检察院,差,差\n,好,好\n县法院,较好,好\n"
        let all = try score(form, csv)
        #expect(all.units.map(\.unit) == ["县法院", "县检察院"])
        #expect(all.units.map(\.ballots.rows) == [2, 1])
        #expect(all.unassigned.rows == 1)
        #expect(all.unassigned.rejected[0].reason == .unitMissing)
        let one = try score(form, csv, unit: "县法院")
        #expect(one.units.map(\.unit) == ["县法院"])
        #expect(one.unassigned.rows == 2)
        #expect(one.unassigned.rejected.map(\.reason) == [.unitUnknown, .unitMissing])
    }

    @Test func missingColumnsAreAnErrorListingWhatWasTried() throws {
        let path = try folder.write("r.csv", text: "总体评价\n好\n")
        do {
            _ = try Tally.score(form: try form(""), files: [path])
            Issue.record("no error")
        } catch {
            let text = "\(error)"
            #expect(text.hasPrefix("\(path):1: error: a question has no column in this file\n"))
            #expect(text.contains("question 'q2': tried id 'q2', text '作风'"))
            #expect(text.contains("--allow-missing-columns"))
        }
        var options = ImportOptions()
        options.allowMissingColumns = true
        let unit = try Tally.score(form: try form(""), files: [path], options: options).units[0]
        #expect(unit.question("q2")!.whole!.overall.missing == 1)
    }

    @Test func emptyRecordsAreNotBallots() throws {
        let document = try score(form(""), "总体评价,作风\n好,好\n,\n , \n")
        #expect(document.units[0].ballots.rows == 1)
        #expect(document.inputs[0].records == 3 && document.inputs[0].emptyRecords == 2)
    }

    @Test func malformedRowsAreCountedWhenSkipped() throws {
        let path = try folder.write("r.csv", text: "总体评价,作风\n好,好\n好,好,多余\n差\n")
        var options = ImportOptions()
        options.skipBadRows = true
        let unit = try Tally.score(form: try form(""), files: [path], options: options).units[0]
        #expect(unit.ballots.rows == 3 && unit.ballots.invalid == 2)
        #expect(unit.rejected.map(\.line) == [3, 4])
        #expect(unit.invalidReasons.map(\.code) == ["malformed_row"])
    }

    @Test func findingRulesFire() throws {
        let form = try form("""
            rubric:
              rates:
                好评率: { options: [好, 较好] }
            findings:
              - when: { rate: 好评率, question: q1, below: 2/3 }
                text: "{question}好评率{value}（{n}人）"
              - when: { rate: 好评率, question: q2, below: 2/3 }
                text: 不应出现
              - when: { index: unit, at_least: 60 }
                kind: strength
                text: 得分{value}分
            """)
        // q1: 好评率 = 2/3 exactly: not below 2/3. Then one more 差 makes it 2/4.
        let exact = try score(form, "总体评价,作风\n好,好\n较好,好\n差,好\n").units[0]
        #expect(exact.findings.map(\.rule) == [2])
        let below = try score(form, "总体评价,作风\n好,好\n较好,好\n差,好\n差,好\n").units[0]
        // (45 + 100) / 2: q1 averages 好 较好 差 差, q2 is all 好.
        #expect(below.findings.map(\.text) == ["总体评价好评率50.0%（4人）", "得分72.5分"])
        #expect(below.findings.map(\.kind) == [.problem, .strength])
    }
}
