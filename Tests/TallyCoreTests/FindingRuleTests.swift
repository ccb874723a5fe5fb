import Foundation
import Testing
@testable import TallyCore
import TallyTestSupport

@Suite("Finding rules")
struct FindingRuleTests {
    let folder: TemporaryFolder
    init() throws { folder = try TemporaryFolder() }

    static let base = """
        id: f
        scales:
          g:
            options:
              - { label: 好, score: 100 }
              - { label: 较好, score: 80 }
              - { label: 差, score: 0 }
              - { label: 不了解, counted: false }
          c:
            options: [优秀, 称职, 不称职]
        respondents:
          column: 身份
          groups: [{ id: s, label: 干警, weight: 1 }, { id: m, label: 中层, weight: 1 }]
        questions:
          - { id: q, text: 总体评价, scale: g }
          - { id: m, text: 个人评价, type: matrix, rows: [甲, 乙], scale: c }
        rubric:
          rates:
            好评率: { options: [好, 较好] }
            不称职率: { options: [不称职] }
          suppress_below: 0
        findings:

        """
    // 干警: 好 好 差 不了解; 中层: 较好 差. Matrix 甲: 不称职 ×2 of 6; 乙: 优秀 ×6.
    static let csv = """
        身份,总体评价,个人评价—甲,乙
        干警,好,不称职,优秀
        干警,好,不称职,优秀
        干警,差,称职,优秀
        干警,不了解,称职,优秀
        中层,较好,优秀,优秀
        中层,差,称职,优秀

        """

    func fire(_ rules: String, issued: Int? = nil) throws -> [Finding] {
        let form = try FormLoader.parse(Self.base + rules, file: "f.yaml")
        let path = try folder.write("r.csv", text: Self.csv)
        return try Tally.score(form: form, files: [path], unit: "某单位", issued: issued).units[0].findings
    }

    @Test func rateWithEveryPlaceholder() throws {
        let found = try fire("""
              - when: { rate: 好评率, question: q, below: 0.7 }
                text: "{unit}|{question}|{row}|{value}|{n}|{group}"
            """)
        // 好评率 = 3/5 (不了解 left out).
        #expect(found.map(\.text) == ["某单位|总体评价||60.0%|5|"])
        #expect(found.map(\.kind) == [.problem] && found.map(\.rule) == [0])
    }

    @Test func comparisonsAtTheBoundary() throws {
        // 3/5 is exactly 0.6: below and above do not fire, at_least and at_most do.
        let rules = ["below", "above", "at_least", "at_most"].map {
            "  - when: { rate: 好评率, question: q, \($0): 3/5 }\n    text: \($0)\n"
        }.joined()
        #expect(try fire(rules).map(\.text) == ["at_least", "at_most"])
    }

    @Test func groupNarrowsAndFillsTheGroup() throws {
        let found = try fire("""
              - when: { rate: 好评率, question: q, group: 中层, at_most: 0.5 }
                text: "{group}{value}（{n}人）"
              - when: { rate: 好评率, question: q, group: s, at_most: 0.5 }
                text: 不应出现
            """)
        #expect(found.map(\.text) == ["中层50.0%（2人）"])
    }

    @Test func rowAnyFiresOncePerRowAndComparesFractionsExactly() throws {
        let found = try fire("""
              - when: { rate: 不称职率, question: m, row: any, at_least: 1/3 }
                kind: problem
                cite: 某规定
                text: "{row}{value}"
              - when: { rate: 不称职率, question: m, row: any, above: 1/3 }
                text: 不应出现
            """)
        // 甲: 2 of 6 is exactly 1/3.
        #expect(found.map(\.text) == ["甲33.3%"])
        #expect(found[0].cite == "某规定")
    }

    @Test func meanShareIndexAndReturned() throws {
        let found = try fire("""
              - when: { mean: q, below: 60 }
                text: "均分{value}"
              - when: { share: 差, question: q, at_least: 0.4 }
                text: "差{value}"
              - when: { index: unit, above: 10 }
                kind: strength
                text: "指数{value}分"
              - when: { returned: rate, below: 0.8 }
                kind: note
                text: "收回率{value}"
            """, issued: 10)
        // Group means: 干警 (100+100+0)/3 = 66.7, 中层 (80+0)/2 = 40 → weighted 53.3.
        // Index: q 53.33 and the matrix (甲, 乙 weighted means) averaged.
        #expect(found.map(\.text).prefix(2) == ["均分53.3", "差40.0%"])
        #expect(found[2].kind == .strength && found[2].text.hasPrefix("指数"))
        #expect(found[3].text == "收回率60.0%" && found[3].kind == .note)
    }
}
