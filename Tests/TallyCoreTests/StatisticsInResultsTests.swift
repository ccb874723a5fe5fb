import Foundation
import Testing
@testable import TallyCore
import TallyStatistics
import TallyTestSupport

@Suite("Limits, trimming, sections, group tests, baseline")
struct StatisticsInResultsTests {
    let folder: TemporaryFolder
    init() throws { folder = try TemporaryFolder() }

    func score(_ yaml: String, _ csv: String, baseline: Baseline? = nil, issued: Int? = nil) throws -> UnitResult {
        let form = try FormLoader.parse(yaml, file: "t.yaml")
        return try Tally.score(form: form, files: [try folder.write("r.csv", text: csv)], unit: "u", issued: issued, baseline: baseline).units[0]
    }

    static let quota = """
        id: q
        scales:
          c:
            options: [{ label: 优秀, score: 100 }, { label: 称职, score: 80 }, { label: 不称职, score: 0 }]
        questions:
          - id: m
            text: 评价
            type: matrix
            rows: [甲, 乙, 丙]
            scale: c
            limits:
              - { option: 优秀, max_share: 1/3 }
              - { same_answer_everywhere: invalid }
        """

    @Test func optionQuotaAndStraightLiningVoidTheMatrix() throws {
        let unit = try score(Self.quota, "评价—甲,乙,丙\n优秀,称职,称职\n优秀,优秀,称职\n称职,称职,称职\n优秀,称职,\n")
        let rows = unit.question("m")!.rows
        // Ballot 2 has two 优秀 of three (> 1/3); ballot 3 answers 称职 everywhere: both voided.
        #expect(rows.map(\.figures.overall.invalid) == [2, 2, 2])
        #expect(rows[0].figures.overall.counts.map(\.count) == [2, 0, 0])
        #expect(rows[2].figures.overall.missing == 1)
        let reasons = unit.rejected.map(\.reason)
        let quota = LimitBreach(subject: .option("优秀"), bound: .maxShare(Threshold(numerator: 1, denominator: 3)), count: 2, rows: 3)
        let straight = LimitBreach(subject: .sameAnswerEverywhere, bound: .sameAnswerEverywhere, count: 0, rows: 3)
        #expect(reasons == [.limitBroken(quota), .limitBroken(straight)])
        #expect(unit.rejected.map(\.row) == [3, 4])
        #expect(unit.ballots.valid == 4)
    }

    static let marks = """
        id: s
        questions:
          - id: m
            text: 评分
            type: matrix
            rows: [甲, 乙]
            answer: { type: number, min: 0, max: 100 }
            limits:
              - { at_least: 90, max_count: 1 }
              - { below: 70, min_count: 1 }
            trim: { drop_highest: 1, drop_lowest: 1, when_n_above: 3 }
        """

    @Test func scoreQuotasAndTrimmedMeans() throws {
        let csv = "评分—甲,乙\n95,60\n95,92\n80,75\n85,65\n70,60\n100,50\n"
        let unit = try score(Self.marks, csv)
        let rows = unit.question("m")!.rows
        // Row 3: two at 90+ (max 1); row 4: none below 70 (min 1). Both voided.
        #expect(unit.rejected.map(\.row) == [3, 4])
        // 甲 keeps 95, 85, 70, 100: n = 4 > 3, so drop 100 and 70 → (95 + 85) / 2.
        #expect(rows[0].figures.overall.n == 4)
        #expect(rows[0].figures.overall.mean == 90)
        #expect(rows[0].figures.overall.numbers?.mean == 87.5)
        #expect(rows[0].figures.overall.trimmed?.high == 1)
        // The index counts a 0–100 number matrix.
        #expect(unit.index != nil)
    }

    static let sections = """
        id: r
        scales:
          g:
            options: [{ label: 好, score: 100 }, { label: 一般, score: 60 }, { label: 差, score: 0 }, { label: 不了解, counted: false }]
        respondents:
          column: 身份
          groups: [{ id: a, label: 甲 }, { id: b, label: 乙 }]
        questions:
          - { id: x, text: 一, scale: g }
          - { id: y, text: 二, scale: g }
          - { id: z, text: 三, scale: g, weight: 2 }
        sections:
          - { id: s, title: 分项, questions: [x, y] }
        rubric: { suppress_below: 0 }
        """

    @Test func sectionAlphaOverCompleteBallots() throws {
        let csv = "身份,一,二,三\n甲,好,好,好\n甲,一般,好,差\n乙,差,一般,差\n乙,好,不了解,好\n乙,一般,一般,一般\n"
        let unit = try score(Self.sections, csv)
        let section = unit.sections[0]
        // Ballot 4 answered 不了解 to 二: not complete. Items over the other four ballots:
        // 一 = 100, 60, 0, 60 (squared deviations 5100); 二 = 100, 100, 60, 60 (1600);
        // totals 200, 160, 60, 120 (10700). The n − 1 cancels: alpha = 2 · (1 − 6700/10700) ≈ 0.7477.
        #expect(section.alphaN == 4)
        #expect(abs(section.alpha! - 2 * (1 - 6700.0 / 10700)) < 1e-9)
        let x = unit.question("x")!.indexValue!
        let y = unit.question("y")!.indexValue!
        #expect(abs(section.weightedMean! - (x + y) / 2) < 1e-12)
        // 乙 answered 差/好/一般 and 甲 好/一般: the table is tested.
        let test = unit.question("x")!.whole!.groupTest!
        #expect(test.degreesOfFreedom == 2 && test.n == 5)
    }

    @Test func noGroupTestWithOneGroup() throws {
        let unit = try score(Self.sections, "身份,一,二,三\n甲,好,好,好\n甲,差,好,差\n")
        #expect(unit.question("x")!.whole!.groupTest == nil)
        let json = ResultsDocument.unit(unit, wording: CodeWording()).serialized()
        #expect(!json.contains("group_test"))
        #expect(json.contains("\"sections\": ["))
    }

    @Test func baselineChangesAndChangeRules() throws {
        let form = """
            id: b
            scales:
              g:
                options: [{ label: 好, score: 100 }, { label: 差, score: 0 }]
            questions:
              - { id: x, text: 评价, scale: g }
            rubric:
              rates: { 好评率: { options: [好] } }
            findings:
              - when: { change: 好评率, question: x, below: -5 }
                text: "好评率较上轮变化{value}个百分点"
            """
        let before = try score(form, "评价\n" + String(repeating: "好\n", count: 9) + "差\n")
        let path = folder.path("old.json")
        try ResultsDocument(campaign: nil, units: [before], unassigned: UnassignedRows(), inputs: []).json(wording: CodeWording()).serialized()
            .write(toFile: path, atomically: true, encoding: .utf8)
        let after = try score(form, "评价\n" + String(repeating: "好\n", count: 6) + String(repeating: "差\n", count: 4), baseline: try Baseline.load(path))
        let change = try #require(after.question("x")!.whole!.changes["好评率"])
        #expect(change.from == Proportion(k: 9, n: 10))
        #expect(abs(change.points - -30) < 1e-9)
        let expected = twoProportionZTest(k1: 9, n1: 10, k2: 6, n2: 10)!
        #expect(change.z == expected.z && change.p == expected.p)
        #expect(after.indexChange == IndexChange(from: 90, points: -30))
        #expect(after.findings.map(\.text) == ["好评率较上轮变化-30.0个百分点"])
        let json = ResultsDocument.unit(after, wording: CodeWording()).serialized()
        #expect(json.contains("\"change\": {\n") && json.contains("\"points\": -30"))
    }

    @Test func baselineMustBeResultsJSON() throws {
        let path = try folder.write("not.json", text: "{\"units\": []}")
        #expect(throws: TallyError.self) { try Baseline.load(path) }
    }
}
