import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing
@testable import TallyCore
@testable import TallyRender
import TallyTestSupport

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
        let page = HTMLRenderer.document(title: unit.unit, language: "zh", sections: [FindingsSection(unit: unit).build()])
        // The one script is ours (it opens the collapsed appendix for printing), once.
        #expect(page.components(separatedBy: HTMLRenderer.printScript).count - 1 <= 1)
        let html = page.replacingOccurrences(of: HTMLRenderer.printScript, with: "")
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
