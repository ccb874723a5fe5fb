import Foundation
import Testing
@testable import TallyRender
import TallyTestSupport
@testable import TallyCore

/// The body a report writer pastes (issue 23): runs of questions said together, one figure per
/// clause, one rule's rows in one sentence, no citation or rule wording in the body.
@Suite("Findings wording")
struct FindingsWordingTests {
    let folder: TemporaryFolder
    init() throws { folder = try TemporaryFolder() }

    /// Every sample: the built-in forms' samples and the campaign's units.
    static let samples: [(name: String, form: String, file: String, unit: String)] = [
        ("leadership-wjx", "leadership-evaluation", "leadership/wjx-text-utf8.csv", "县司法局"),
        ("leadership-excel", "leadership-evaluation", "leadership/excel-by-hand-gb18030.csv", "县公安局"),
        ("public", "public-satisfaction", "public/satisfaction-wjx.csv", "县人民法院"),
        ("cadre-selection", "cadre-selection-review", "cadre-selection/wjx-text.csv", "样本单位"),
        ("integrity", "integrity-survey", "integrity/wjx-text.csv", "样本单位"),
        ("public-safety", "public-safety-survey", "public-safety/wjx-text.csv", "样本单位"),
        ("leader-scoring", "leader-scoring", "leader-scoring/wjx-text.csv", "样本单位"),
    ]

    static func unit(_ index: Int) throws -> UnitResult {
        let sample = samples[index]
        let path = PackagePaths.samples.appendingPathComponent(sample.file).path
        return try Tally.score(form: try FormLoader.load(sample.form), files: [path], unit: sample.unit).units[0]
    }

    static func text(_ blocks: [ReportBlock]) -> String {
        MarkdownRenderer.render(ReportSection(language: "zh", blocks: blocks))
    }

    /// The sentences of a piece's paragraphs (tables and notes under them left out).
    static func sentences(_ blocks: [ReportBlock]) -> [String] {
        blocks.flatMap { block -> [String] in
            guard case .paragraph(nil, let text) = block, !text.hasPrefix("注：") else { return [] }
            return text.split(separator: "。").map(String.init).filter { !$0.isEmpty }
        }
    }

    /// A sentence's shape: quoted names, numbers and rate names taken out.
    static func pattern(_ sentence: String) -> String {
        var shape = ""
        var quoted = false
        for character in sentence {
            if character == "“" { quoted = true; shape += "Q"; continue }
            if character == "”" { quoted = false; continue }
            if quoted { continue }
            if character.isNumber || character == "." || character == "%" {
                if !shape.hasSuffix("N") { shape += "N" }
                continue
            }
            shape.append(character)
        }
        return shape
    }

    @Test(arguments: samples.indices)
    func resultsAndProblemsPiecesArePinned(_ index: Int) throws {
        let section = FindingsSection(unit: try Self.unit(index)).build()
        let pieces = "<!-- results -->\n" + Self.text(try #require(section.piece("results")))
            + "<!-- problems -->\n" + Self.text(try #require(section.piece("problems")))
        assertSnapshot(pieces, named: "pieces-\(Self.samples[index].name).md")
    }

    @Test(arguments: samples.indices)
    func noThreeSentencesInARowOfOnePattern(_ index: Int) throws {
        let section = FindingsSection(unit: try Self.unit(index)).build()
        for piece in ["results", "problems", "strengths"] {
            let shapes = Self.sentences(try #require(section.piece(piece))).map(Self.pattern)
            for start in shapes.indices.dropLast(2) {
                #expect(!(shapes[start] == shapes[start + 1] && shapes[start] == shapes[start + 2]), "\(piece): \(shapes[start])")
            }
        }
    }

    @Test(arguments: samples.indices)
    func noCitationOrRuleWordingInTheBody(_ index: Int) throws {
        let unit = try Self.unit(index)
        let section = FindingsSection(unit: unit).build()
        let body = Self.text(try #require(section.piece("findings")))
        #expect(!body.contains("依据") && !body.contains("认定标准") && !body.contains("规则"))
        for finding in unit.findings {
            if let cite = finding.cite { #expect(!body.contains(cite)) }
        }
        // Each citation is in the appendix, once.
        let appendix = Self.text(try #require(section.piece("appendix")))
        for cite in Set(unit.findings.compactMap(\.cite)) {
            #expect(appendix.components(separatedBy: cite).count == 2, "\(cite)")
        }
    }

    @Test(arguments: samples.indices)
    func everyRuleThatFiresOnSeveralRowsIsOneSentence(_ index: Int) throws {
        let unit = try Self.unit(index)
        let problems = Self.sentences(try #require(FindingsSection(unit: unit).build().piece("problems")))
        for rule in Set(unit.findings.map(\.rule)) {
            let rows = unit.findings.filter { $0.rule == rule }.compactMap(\.row)
            guard rows.count > 1 else { continue }
            let holding = problems.filter { sentence in rows.contains { sentence.contains("“\($0)”") } }
            #expect(holding.count == 1, "rule \(rule): \(holding)")
            #expect(holding.first.map { sentence in rows.allSatisfy { sentence.contains("“\($0)”") } } == true)
            #expect(holding.first?.contains("分别") == true || holding.first?.contains("均") == true)
        }
    }

    @Test func theSampleWithProblemsMergesItsRows() throws {
        // 县公安局: three leaders under two thirds, said once with 分别 and 均.
        let problems = Self.text(try #require(FindingsSection(unit: try Self.unit(1)).build().piece("problems")))
        #expect(problems.contains("“主要负责同志”“分管副职甲”“分管副职乙”的“优秀”“称职”票合计分别占50.0%、65.0%、47.5%，均不足三分之二。"))
    }

    @Test func noProblemMeansAnEmptyPieceOrTheFormsSentence() throws {
        let unit = try Self.unit(0)  // 县司法局: no problem rule fires
        #expect(unit.findings.allSatisfy { $0.kind != .problem })
        let section = FindingsSection(unit: unit).build()
        #expect(section.piece("problems") == [])
        #expect(!Self.text(section.blocks).contains("存在的问题"))
        var asked = unit
        asked.form.report.noProblems = "本次测评未反映出突出问题。"
        let withSentence = FindingsSection(unit: asked).build()
        #expect(withSentence.piece("problems") == [.paragraph(lead: nil, text: "本次测评未反映出突出问题。")])
        #expect(Self.text(withSentence.blocks).contains("### （四）存在的问题\n\n本次测评未反映出突出问题。"))
    }

    // MARK: Runs and figures on a small form

    static let form = """
        id: run
        title: 测评
        scales:
          g:
            options:
              - { label: 好, score: 100 }
              - { label: 差, score: 0 }
              - { label: 不了解, counted: false }
        questions:
          - { id: a, text: 甲项, scale: g }
          - { id: b, text: 乙项, scale: g }
          - { id: c, text: 丙项, scale: g }
          - { id: d, text: 丁项, scale: g }
        rubric:
          rates:
            好评率: { options: [好] }
            差评率: { options: [差] }
        findings:
          - when: { rate: 好评率, question: d, below: 0.85 }
            text: 丁项好评率为{value}，低于85%。

        """

    // 甲 10/10 好, 乙 9/10, 丙 9/10 (one 不了解 more), 丁 5/10: 丁 is 40 points under the rest.
    static let csv = """
        甲项,乙项,丙项,丁项
        好,好,好,好
        好,好,好,好
        好,好,好,好
        好,好,好,好
        好,好,好,好
        好,好,好,差
        好,好,好,差
        好,好,好,差
        好,好,好,差
        好,差,差,差
        好,好,不了解,好

        """

    func section(_ extra: String = "") throws -> ReportSection {
        let form = try FormLoader.parse(Self.form + extra, file: "run.yaml")
        let path = try folder.write("r.csv", text: Self.csv)
        return FindingsSection(unit: try Tally.score(form: form, files: [path], unit: "某单位").units[0]).build()
    }

    @Test func aRunIsSaidByItsRangeAndAStandoutAlone() throws {
        let sentences = Self.sentences(try #require(try section().piece("results")))
        // 丁 (6/11 = 54.5%) is more than 10 points under the others (90.9%–100%): said alone.
        #expect(Array(sentences.prefix(2)) == [
            "除“丁项”外，其余各项的好评率在90.0%至100.0%之间，“甲项”最高，“丙项”最低",
            "“丁项”的好评率为54.5%，低于85%，明显低于其他各项",
        ])
    }

    @Test func bodyFiguresAddWhatTheFormAsksFor() throws {
        // By default the questions' sentences give rates only (the index sentence after them aside).
        let plain = Self.sentences(try #require(try section().piece("results"))).prefix(2).joined()
        #expect(!plain.contains("/1") && !plain.contains("得分") && !plain.contains("不了解"))
        let asked = Self.text(try #require(try section("report: { body_figures: [fraction, score, not_counted] }\n").piece("results")))
        #expect(asked.contains("好评率在90.0%（9/10）至100.0%（11/11）之间"))
        #expect(asked.contains("平均得分在90.0至100.0分之间"))
        #expect(asked.contains("（各项另有0至1张选择“不了解”，不计入比例）"))
    }

    @Test func anUnknownBodyFigureIsAnErrorAtItsLine() throws {
        #expect(throws: FormError.self) { try FormLoader.parse(Self.form + "report: { body_figures: [fractions] }\n", file: "run.yaml") }
        do {
            _ = try FormLoader.parse(Self.form + "report:\n  body_figures: [score, fractions]\n", file: "run.yaml")
        } catch {
            let lines = Self.form.split(separator: "\n", omittingEmptySubsequences: false).count
            #expect(error.description.hasPrefix("run.yaml:\(lines + 1):"))
            #expect(error.description.contains("unknown figure 'fractions' in body_figures: the body can also give fraction, score, not_counted"))
        }
    }

    @Test func numbersStayWithTheirMeasureWords() {
        let glued = LineBreaks.glued("收回40张，较上轮上升3.0个百分点，75.7%（28/37）")
        #expect(glued == "收回40\u{2060}张，较上轮上升3.0\u{2060}个\u{2060}百\u{2060}分\u{2060}点，75.7%\u{200B}（28/37）")
        #expect(LineBreaks.glued("没有数字的句子") == "没有数字的句子")
    }
}
