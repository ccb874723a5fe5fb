import Testing
import TallyCore
import TallyRender
import TallyTestSupport

@Suite("Findings Markdown")
struct FindingsMarkdownTests {
    static let form = try! FormLoader.load("leadership-evaluation")

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
