import Testing
import TallyCore
import TallyRender
import TallyTestSupport
@testable import TallyCore

@Suite("Findings Markdown")
struct FindingsMarkdownTests {
    static var form: Form { get throws { try FormLoader.load("leadership-evaluation") } }

    @Test func sampleSection() throws {
        let path = PackagePaths.samples.appendingPathComponent("leadership/wjx-text-utf8.csv").path
        let unit = try Tally.score(form: Self.form, files: [path], unit: "县司法局", issued: 60).units[0]
        assertSnapshot(FindingsMarkdown(unit: unit).render(), named: "leadership-wjx.md")
    }

    @Test func problemsAreNumberedTheChineseWay() throws {
        let folder = try TemporaryFolder()
        defer { folder.cleanUp() }
        let path = PackagePaths.samples.appendingPathComponent("leadership/excel-by-hand-gb18030.csv").path
        let unit = try Tally.score(form: Self.form, files: [path], unit: "县公安局").units[0]
        let text = FindingsMarkdown(unit: unit).render()
        let problems = unit.findings.filter { $0.kind == .problem }
        #expect(problems.count >= 2)
        #expect(text.contains("一是" + problems[0].text))
        #expect(text.contains("二是" + problems[1].text))
    }

    @Test func escaping() {
        #expect(MarkdownEscaping.inline("<script>alert(1)</script>|*x*") == "\\<script\\>alert(1)\\</script\\>\\|\\*x\\*")
        #expect(MarkdownEscaping.inline("a\nb") == "a b")
    }

    @Test func numbers() {
        #expect(NumberText.percent(0.83333) == "83.3%")
        #expect(NumberText.percent(nil) == "—")
        #expect(NumberText.decimal(86.45) == "86.5" || NumberText.decimal(86.45) == "86.4")
        #expect(NumberText.decimal(89.0) == "89.0")
        #expect((1...23).map(NumberText.chineseNumeral).suffix(4) == ["二十", "二十一", "二十二", "二十三"])
        #expect(NumberText.chineseNumeral(10) == "十" && NumberText.chineseNumeral(14) == "十四")
    }
}

@Suite("Campaign outputs")
struct CampaignOutputTests {
    static var document: ResultsDocument { get throws { try SharedTestData.sampleCampaign() } }

    @Test func findingsSectionOfAUnitWithProblems() throws {
        assertSnapshot(FindingsMarkdown(unit: try Self.document.units[1]).render(), named: "campaign-县公安局.md")
    }

    @Test func findingsSectionOfASurvey() throws {
        assertSnapshot(FindingsMarkdown(unit: try Self.document.units[3]).render(), named: "campaign-县人民检察院.md")
    }

    @Test func summary() throws {
        assertSnapshot(SummaryMarkdown(document: try Self.document).render(), named: "campaign-summary.md")
    }

    @Test func englishFormsGiveEnglishText() throws {
        var unit = try Self.document.units[1]
        unit.form.language = .en
        let text = FindingsMarkdown(unit: unit).render()
        #expect(text.hasPrefix("## 县公安局: evaluation results\n\n### 1. Overview\n"))
        #expect(text.contains("好评率 75.7% (28/37, base excludes don't-know; 95% CI 59.9%–86.6%)."))
        #expect(!text.contains("有效测评票") && !text.contains("存在的问题"))
    }

    @Test func suppressedGroupsAreNamedNeverShown() throws {
        let unit = try Self.document.units[0]
        #expect(unit.suppressed == ["班子成员", "(未分组)"])
        let text = FindingsMarkdown(unit: unit).render()
        #expect(text.contains("注：为保护填答人匿名，班子成员、(未分组)人数较少（或可由总数推算出），不单独列出其分组结果"))
        #expect(text.contains("| 班子成员 | 不单列 | 不单列 |"))
    }

    @Test func outputFilesAreTheTreeOfCLIMD() throws {
        let files = try OutputFiles.files(try Self.document, formats: Set(OutputFormat.allCases)).map(\.path)
        #expect(files.prefix(2) == ["results.json", "summary.md"])
        for unit in ["县司法局", "县公安局", "县人民法院", "县人民检察院"] {
            #expect(files.contains("\(unit)/findings.md") && files.contains("\(unit)/rejected.csv"))
        }
        #expect(files.contains("_unassigned/rejected.csv"))
    }
}
