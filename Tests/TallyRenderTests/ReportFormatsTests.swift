import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing
@testable import TallyCore
@testable import TallyRender
import TallyTestSupport

/// The XML of a part parses (Foundation's XMLParser: a reader independent of our writer).
func parsesAsXML(_ data: Data) -> Bool {
    XMLParser(data: data).parse()
}

@Suite("Charts")
struct ChartTests {
    @Test func segmentsFillTheBarInProportion() throws {
        let svg = SVGCharts.stackedShares(title: "t", categories: ["好", "较好", "差"], bars: [ShareBar(label: "全体", counts: [1, 1, 2])])
        let widths = svg.components(separatedBy: "<rect x=\"").dropFirst().compactMap { part -> Double? in
            guard let range = part.range(of: "width=\"") else { return nil }
            return Double(part[range.upperBound...].prefix { $0 != "\"" })
        }
        // Three segments then three legend swatches (12 wide).
        let plot = SVGCharts.width - SVGCharts.labelWidth - 12
        #expect(widths.prefix(3).map { ($0 * 10).rounded() / 10 } == [plot / 4, plot / 4, plot / 2].map { ($0 * 10).rounded() / 10 })
        #expect(widths.suffix(3) == [12, 12, 12])
        #expect(parsesAsXML(Data(svg.utf8)))
    }

    @Test func emptyBarsAndMissingValuesAreSaidNotDrawn() {
        let empty = SVGCharts.stackedShares(title: "t", categories: ["好"], bars: [ShareBar(label: "乙", counts: [0])])
        #expect(empty.contains("无有效回答") && !empty.contains("<rect x=\"132.0\" y=\"31.0\""))
        let bars = SVGCharts.bars(title: "t", items: [ValueBar(label: "甲", value: 80), ValueBar(label: "乙", value: nil)], maximum: 100, unit: "分")
        #expect(bars.components(separatedBy: "<rect").count - 1 == 1)
        #expect(bars.contains(">80.0分</text>") && bars.contains(">—</text>"))
    }

    @Test func labelsAreEscaped() {
        let svg = SVGCharts.bars(title: "<script>", items: [ValueBar(label: "\"><img onerror=alert(1)>", value: 1)], maximum: 1, unit: "")
        #expect(!svg.contains("<script>") && !svg.contains("<img"))
        #expect(svg.contains("&lt;script&gt;") && svg.contains("&quot;&gt;&lt;img onerror=alert(1)&gt;"))
        #expect(parsesAsXML(Data(svg.utf8)))
    }
}

@Suite("HTML and DOCX reports")
struct ReportFormatsTests {
    static var document: ResultsDocument { get throws { try SharedTestData.sampleCampaign() } }

    /// A unit whose names, labels and answers are hostile.
    static func hostileUnit() throws -> UnitResult {
        let folder = try TemporaryFolder()
        defer { folder.cleanUp() }
        let yaml = """
            id: h
            scales:
              g:
                options: [{ label: "<script>alert(1)</script>", score: 100 }, { label: "\\"><img src=x onerror=alert(1)>", score: 0 }]
            questions:
              - { id: q, text: "=cmd|' /C calc'!A0 & <b>", scale: g }
              - { id: c, text: 意见, type: text }
            findings:
              - when: { mean: q, at_most: 100 }
                text: "<iframe src=x>{unit}"
            """
        let form = try FormLoader.parse(yaml, file: "h.yaml")
        let csv = "\"=cmd|' /C calc'!A0 & <b>\",意见\n<script>alert(1)</script>,<script>steal()</script>\n"
        let path = try folder.write("r.csv", text: csv)
        return try Tally.score(form: form, files: [path], unit: "<b>单位</b>\"'").units[0]
    }

    @Test func hostileTextNeverRunsInHTML() throws {
        let unit = try Self.hostileUnit()
        let html = HTMLRenderer.document(title: unit.unit, language: "zh", sections: [FindingsSection(unit: unit).build()])
        for needle in ["<script", "<img", "<iframe", "<b>", "steal()"] { #expect(!html.contains(needle), "\(needle)") }
        #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
        #expect(html.contains("&lt;iframe src=x&gt;&lt;b&gt;单位&lt;/b&gt;&quot;&#39;"))
        // Self-contained: the only URL is the SVG namespace.
        let urls = html.components(separatedBy: "http").count - 1
        let namespaces = html.components(separatedBy: "http://www.w3.org/2000/svg").count - 1
        #expect(urls == namespaces)
    }

    @Test func hostileTextIsEscapedInDOCX() throws {
        let unit = try Self.hostileUnit()
        let data = try DOCXPackage.make(title: unit.unit, sections: [FindingsSection(unit: unit).build()])
        let xml = try #require(try DOCXPackage.parts(of: data).first { $0.path == "word/document.xml" }).data
        #expect(parsesAsXML(xml))
        let text = String(decoding: xml, as: UTF8.self)
        #expect(!text.contains("<script") && !text.contains("<iframe") && text.contains("&lt;iframe src=x&gt;"))
    }

    @Test func findingsHTMLSnapshot() throws {
        let unit = try Self.document.units[1]
        let html = HTMLRenderer.document(title: unit.unit, language: "zh", sections: [FindingsSection(unit: unit).build()])
        #expect(parsesAsXML(Data(html.replacingOccurrences(of: "<!DOCTYPE html>\n", with: "").replacingOccurrences(of: "<meta charset=\"utf-8\">", with: "<meta charset=\"utf-8\"/>").replacingOccurrences(of: "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">", with: "").utf8)))
        assertSnapshot(html, named: "campaign-县公安局.html")
    }

    @Test func docxPartsAndStructure() throws {
        let unit = try Self.document.units[1]
        let section = FindingsSection(unit: unit).build()
        let data = try DOCXPackage.make(title: unit.unit, sections: [section])
        #expect(try DOCXPackage.make(title: unit.unit, sections: [section]) == data, "the same inputs give the same bytes")
        let parts = try DOCXPackage.parts(of: data)
        #expect(parts.map(\.path) == [
            "[Content_Types].xml", "_rels/.rels", "docProps/core.xml", "word/_rels/document.xml.rels", "word/styles.xml", "word/document.xml",
        ])
        for part in parts { #expect(parsesAsXML(part.data), "\(part.path)") }
        let xml = String(decoding: parts.last!.data, as: UTF8.self)
        let tables = section.blocks.filter { if case .table = $0 { return true } else { return false } }.count
        #expect(xml.components(separatedBy: "<w:tbl>").count - 1 == tables)
        #expect(xml.contains("w:eastAsia=\"仿宋_GB2312\"") && xml.contains("w:eastAsia=\"黑体\"") && xml.contains("w:eastAsia=\"方正小标宋简体\""))
        #expect(xml.contains("<w:tblHeader/>") && xml.contains("<w:jc w:val=\"right\"/>"))
        assertSnapshot(xml, named: "campaign-县公安局.document.xml")
    }
}

@Suite("Attaching findings to reports")
struct AttachTests {
    static var document: ResultsDocument { get throws { try SharedTestData.sampleCampaign() } }
    static var results: ResultsFile { get throws { try ResultsFile(bytes: OutputFiles.resultsJSONBytes(document)) } }
    static var section: ReportSection { get throws { FindingsSection(unit: try document.units[0]).build() } }

    @Test func sectionSurvivesResultsJSON() throws {
        let units = try Self.results.units
        #expect(units.count == 4)
        for (json, unit) in zip(units, try Self.document.units) {
            #expect(json.section.flatMap(ReportSection.init(json:)) == FindingsSection(unit: unit).build())
        }
    }

    @Test func figurePlaceholders() throws {
        let figures = FigurePlaceholders(results: try Self.results)
        #expect(figures.value("县司法局.ballots.valid") == "55")
        #expect(figures.value("县司法局.overall.好评率") == "92.6%")
        #expect(figures.value("县司法局.index") == NumberText.decimal(try Self.document.units[0].index))
        #expect(figures.value("县司法局.cadres.主要负责同志.称职率") != nil)
        #expect(figures.value("县司法局.overall.counts.好") == "37")
        #expect(figures.value("县司法局.respondents.中层干部") == "14")
        #expect(figures.value("县司法局.overall.满意率") == nil)
        #expect(figures.value("县检察院.index") == nil)
        #expect(throws: AttachError.unknownPlaceholder("县司法局.overal.好评率", line: 2)) {
            try figures.fill("a\n好评率{{tally:县司法局.overal.好评率}}")
        }
    }

    @Test func markdownAtThePlaceholderOrAtTheEnd() throws {
        let report = "# 报告\n\n有效票{{tally:县司法局.ballots.valid}}张。\n\n<!-- tally:findings -->\n\n## 三、建议\n"
        let outcome = try ReportAttacher.attach(report: "r.md", bytes: Array(report.utf8), section: try Self.section, results: try Self.results)
        let text = String(decoding: outcome.bytes, as: UTF8.self)
        #expect(outcome.placed)
        #expect(text.hasPrefix("# 报告\n\n有效票55张。\n\n## 县司法局民主测评情况\n"))
        #expect(text.hasSuffix("\n\n## 三、建议\n"))
        #expect(!text.contains("tally:"))
        let bare = try ReportAttacher.attach(report: "r.md", bytes: Array("# 报告\n".utf8), section: try Self.section, results: try Self.results)
        #expect(!bare.placed)
        #expect(String(decoding: bare.bytes, as: UTF8.self).hasPrefix("# 报告\n\n## 县司法局民主测评情况\n"))
    }

    @Test func docxKeepsEveryOtherPartByteForByte() throws {
        let template = try Data(contentsOf: PackagePaths.fixture("report-template.docx", target: "TallyRenderTests"))
        let outcome = try ReportAttacher.attach(report: "r.docx", bytes: Array(template), section: try Self.section, results: try Self.results)
        #expect(outcome.placed)
        let before = try DOCXPackage.parts(of: template)
        let after = try DOCXPackage.parts(of: Data(outcome.bytes))
        #expect(after.map(\.path) == before.map(\.path))
        for (old, new) in zip(before, after) where old.path != "word/document.xml" {
            #expect(old.data == new.data, "\(old.path) changed")
        }
        #expect(before.contains { $0.path == "word/header1.xml" } && before.contains { $0.path == "word/media/image1.png" })
        let xml = try #require(after.first { $0.path == "word/document.xml" }).data
        #expect(parsesAsXML(xml))
        let text = String(decoding: xml, as: UTF8.self)
        #expect(!text.contains("{{tally:"))
        // The figure placeholder Word split over three runs is filled, in the first run's formatting.
        #expect(text.contains("民主测评有效票55张，总体评价好评率92.6%。"))
        #expect(text.contains("县司法局民主测评情况") && text.contains("<w:tbl>"))
        // The paragraphs around the placeholder are still there.
        #expect(text.contains("二、民主测评和问卷调查情况") && text.contains("三、下一步工作建议"))
    }

    @Test func notADocx() {
        #expect(throws: AttachError.notDOCX("r.docx")) {
            try ReportAttacher.attach(report: "r.docx", bytes: Array("not a zip".utf8), section: try Self.section, results: try Self.results)
        }
    }
}
