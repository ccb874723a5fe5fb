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
        let path = PackagePaths.samples.appendingPathComponent("leadership/excel-by-hand-gb18030.csv").path
        let unit = try Tally.score(form: Self.form, files: [path], unit: "县公安局").units[0]
        let text = FindingsMarkdown(unit: unit).render()
        let problems = unit.findings.filter { $0.kind == .problem }
        #expect(problems.count >= 2)
        // Each item: 一是, the rule's title (a headline ending in 。), then the figure's sentence.
        #expect(problems[0].title != nil && problems[1].title != nil && problems[0].title != problems[1].title)
        #expect(text.contains("一是" + problems[0].title! + "。" + problems[0].text))
        #expect(text.contains("二是" + problems[1].title! + "。" + problems[1].text))
    }

    @Test func escaping() {
        #expect(MarkdownEscaping.inline("<script>alert(1)</script>|*x*") == "\\<script\\>alert(1)\\</script\\>\\|\\*x\\*")
        #expect(MarkdownEscaping.inline("a\nb") == "a b")
    }

    @Test func numbers() {
        #expect(NumberText.percent(0.83333) == "83.3%")
        #expect(NumberText.percent(nil) == "—")
        // One decimal as printf writes it: 86.45 is stored as 86.4500000000000028…, so it rounds
        // up; a true half (0.25, exact in binary) goes to the even digit.
        #expect(NumberText.decimal(86.45) == "86.5")
        #expect(NumberText.decimal(0.25) == "0.2" && NumberText.decimal(0.35) == "0.3")
        #expect(NumberText.decimal(89.0) == "89.0")
        // A value that rounds to zero has no sign; a real negative keeps it.
        #expect(NumberText.twoDecimals(-0.001) == "0.00" && NumberText.twoDecimals(-0.02) == "-0.02")
        #expect(NumberText.decimal(-0.04) == "0.0" && NumberText.decimal(-0.05) == "-0.1")
        #expect(NumberText.signedDecimal(-0.04) == "+0.0" && NumberText.signedDecimal(-1.04) == "-1.0")
        #expect((1...23).map(NumberText.chineseNumeral).suffix(4) == ["二十", "二十一", "二十二", "二十三"])
        #expect(NumberText.chineseNumeral(10) == "十" && NumberText.chineseNumeral(14) == "十四")
    }
}
