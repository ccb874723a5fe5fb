import Foundation
import Testing
import TallyCore
import TallyRender
import TallyTestSupport
@testable import TallyCore

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

    @Test func theSummaryChartsEachFormApart() throws {
        let document = try Self.document
        let charts = SummarySection.build(document).blocks.compactMap { block -> (String, [String])? in
            guard case .chart(.bars(let title, let items, _, _)) = block else { return nil }
            return (title, items.map(\.label))
        }
        // The sample campaign has two forms; their indexes are never set side by side.
        #expect(charts.map(\.0) == ["各单位综合得分（领导班子和领导干部民主测评表）", "各单位综合得分（政法队伍教育整顿群众满意度问卷）"])
        let byForm = Dictionary(grouping: document.units, by: \.form.title).mapValues { $0.map(\.unit) }
        for (title, labels) in charts {
            let form = title.split(separator: "（").last.map { String($0.dropLast()) } ?? ""
            #expect(byForm[form] == labels)
        }
    }

    @Test func theBodyCarriesNoStatisticsTheAppendixDoes() throws {
        for unit in try Self.document.units {
            let blocks = FindingsSection(unit: unit).build().blocks
            let split = try #require(blocks.firstIndex { if case .heading(_, let text) = $0 { text.hasPrefix("附：") } else { false } })
            func text(_ blocks: ArraySlice<ReportBlock>) -> String {
                blocks.map { block -> String in
                    switch block {
                    case .heading(_, let text): text
                    case .paragraph(let lead, let text): (lead ?? "") + text
                    case .list(let items): items.joined()
                    case .table(let table): (table.header + table.rows.joined()).joined(separator: " ")
                    case .chart: ""
                    }
                }.joined(separator: "\n")
            }
            var body = text(blocks[..<split])
            // Words that come from the form, the campaign or the data may hold Latin letters.
            var given: [String] = [unit.unit, unit.form.title, unit.team ?? "", unit.method ?? ""]
            for question in unit.form.questions {
                given.append(question.text)
                given += question.options.map(\.label)
                given += question.rows.map(\.label)
            }
            for finding in unit.findings { given += [finding.text, finding.title ?? "", finding.cite ?? ""] }
            for words in given where !words.isEmpty { body = body.replacingOccurrences(of: words, with: "") }
            for statistic in ["置信区间", "χ²", "p=", "α", "Cramér", "卡方", "信度"] {
                #expect(!body.contains(statistic), "\(unit.unit): the body says \(statistic)")
            }
            #expect(!body.contains { $0.isASCII && $0.isLetter }, "\(unit.unit): Latin letters in the body")
            var appendix = text(blocks[split...])
            #expect(appendix.contains("95%置信区间"), "\(unit.unit): the intervals are in the appendix")
            // …in words a reader who is not a statistician knows: no Latin letters or Greek symbols.
            for words in given where !words.isEmpty { appendix = appendix.replacingOccurrences(of: words, with: "") }
            for symbol in ["χ²", "p=", "α", "Cramér"] { #expect(!appendix.contains(symbol), "\(unit.unit): the appendix says \(symbol)") }
            #expect(!appendix.contains { $0.isASCII && $0.isLetter }, "\(unit.unit): Latin letters in the appendix")
        }
    }

    @Test func englishFormsGiveEnglishText() throws {
        var unit = try Self.document.units[1]
        unit.form.language = .en
        let text = FindingsMarkdown(unit: unit).render()
        #expect(text.hasPrefix("## 县公安局: evaluation results\n\n### 1. Overview\n"))
        #expect(text.contains("好评率 75.7% (28/37, base excludes don't-know; 95% CI 59.9%–86.6%)."))
        #expect(!text.contains("有效测评票") && !text.contains("存在的问题"))
        // The same split as in Chinese: the statistics are in the appendix, not in the body.
        let section = FindingsSection(unit: unit).build()
        let body = MarkdownRenderer.render(ReportSection(language: "en", blocks: try #require(section.piece("findings"))))
        #expect(body.contains("好评率 of every question: from 66.7% ('党风廉政建设') to 78.4% ('政治建设', '履职尽责')"))
        #expect(!body.contains("(28/37)") && !body.contains("95% CI") && !body.contains("alpha") && !body.contains("χ²"))
        #expect(text.contains("### Appendix: detailed figures\n"))
    }

    @Test func suppressedGroupsAreNamedNeverShown() throws {
        let unit = try Self.document.units[0]
        #expect(unit.suppressed == ["班子成员", "未填写类别"])
        let text = FindingsMarkdown(unit: unit).render()
        #expect(text.contains("注：为保护填答人匿名，班子成员、未填写类别人数较少（或可由总数推算出），不单独列出其分组结果"))
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
