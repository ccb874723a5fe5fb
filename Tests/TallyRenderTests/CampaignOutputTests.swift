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
