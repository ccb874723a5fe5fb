import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing
@testable import TallyCore
@testable import TallyRender
import TallyTestSupport
import ZIPFoundation

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
        #expect(figures.value("县司法局.cadres.主要负责同志.优秀和称职率") != nil)
        #expect(figures.value("县司法局.overall.counts.好") == "37")
        #expect(figures.value("县司法局.respondents.中层干部") == "14")
        #expect(figures.value("县司法局.overall.满意率") == nil)
        #expect(figures.value("县检察院.index") == nil)
        #expect(throws: AttachError.unknownPlaceholder("县司法局.overal.好评率", at: "r.md:2", pieces: ReportSection.placeholderNames, figures: figures.examples())) {
            try figures.fill("a\n好评率{{tally:县司法局.overal.好评率}}") { "r.md:\($0)" }
        }
    }

    @Test func markdownAtThePlaceholderOrAtTheEnd() throws {
        let report = "# 报告\n\n## 二、测评情况\n\n有效票{{tally:县司法局.ballots.valid}}张。\n\n<!-- tally:findings -->\n\n## 三、建议\n"
        let outcome = try ReportAttacher.attach(report: "r.md", bytes: Array(report.utf8), section: try Self.section, results: try Self.results)
        let text = String(decoding: outcome.bytes, as: UTF8.self)
        #expect(outcome.replaced == ["{{tally:findings}} (line 7)"])
        // The body's parts nest one level under the heading the placeholder sits in; no title, no appendix.
        #expect(text.hasPrefix("# 报告\n\n## 二、测评情况\n\n有效票55张。\n\n### （一）基本情况\n"))
        #expect(!text.contains("县司法局民主测评情况") && !text.contains("附：") && !text.contains("置信区间"))
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
        #expect(text.contains("（一）基本情况") && text.contains("<w:tbl>"))
        #expect(!text.contains("县司法局民主测评情况") && !text.contains("置信区间"))
        // The paragraphs around the placeholder are still there.
        #expect(text.contains("二、民主测评和问卷调查情况") && text.contains("三、下一步工作建议"))
    }

    /// The XML of the paragraph whose text is `text`, read back from a .docx with ZIPFoundation.
    static func paragraph(_ text: String, in docx: [UInt8]) throws -> String? {
        let xml = String(decoding: try #require(try DOCXPackage.parts(of: Data(docx)).first { $0.path == "word/document.xml" }).data, as: UTF8.self)
        return xml.components(separatedBy: "<w:p>").dropFirst().map { "<w:p>" + $0 }
            .first { ReportAttacher.paragraphText(Substring($0.components(separatedBy: "</w:p>")[0])) == text }
    }

    /// The first paragraph of a .docx's document.xml whose text holds `text`.
    static func paragraph(containing text: String, in docx: [UInt8]) throws -> String? {
        let xml = String(decoding: try #require(try DOCXPackage.parts(of: Data(docx)).first { $0.path == "word/document.xml" }).data, as: UTF8.self)
        return xml.components(separatedBy: "<w:p>").dropFirst().map { "<w:p>" + $0 }
            .first { ReportAttacher.paragraphText(Substring($0.components(separatedBy: "</w:p>")[0])).contains(text) }
    }

    /// A .docx of one placeholder paragraph, with the styles and run properties given.
    static func host(styles: String, runProperties: String) throws -> [UInt8] {
        let w = "xmlns:w=\"\(WordprocessingML.mainNamespace)\""
        let document = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><w:document \(w)><w:body><w:p><w:r>\(runProperties)<w:t>{{tally:results}}</w:t></w:r></w:p><w:sectPr/></w:body></w:document>"
        return Array(try DOCXPackage.zip([
            ("[Content_Types].xml", Data(DOCXPackage.contentTypes.utf8)), ("_rels/.rels", Data(DOCXPackage.rootRelationships.utf8)),
            ("word/_rels/document.xml.rels", Data(DOCXPackage.documentRelationships.utf8)),
            ("word/styles.xml", Data("<?xml version=\"1.0\" encoding=\"UTF-8\"?><w:styles \(w)>\(styles)</w:styles>".utf8)),
            ("word/document.xml", Data(document.utf8)),
        ]))
    }

    @Test func attachedTextTakesTheHostsBodyFormatting() throws {
        let sentence = "各项评价的好评率在"
        // 县公安局.docx: the placeholder has no formatting of its own and the template's text is
        // its 11 pt Normal, so the attached paragraphs carry no font or size of ours.
        let sample = try Data(contentsOf: URL(fileURLWithPath: "Samples/reports/县公安局.docx"))
        let attached = try ReportAttacher.attach(report: "r.docx", bytes: Array(sample), section: try Self.section, results: try Self.results)
        let plain = try #require(try Self.paragraph(containing: sentence, in: attached.bytes))
        #expect(!plain.contains("仿宋_GB2312") && !plain.contains("<w:sz "))
        // A placeholder set in 宋体 14 pt gives its paragraphs 宋体 14 pt.
        let songti = "<w:rPr><w:rFonts w:eastAsia=\"宋体\"/><w:sz w:val=\"28\"/></w:rPr>"
        let styled = try ReportAttacher.attach(
            report: "r.docx", bytes: try Self.host(styles: "", runProperties: songti), section: try Self.section, results: try Self.results)
        let own = try #require(try Self.paragraph(containing: sentence, in: styled.bytes))
        #expect(own.contains("w:eastAsia=\"宋体\"") && own.contains("<w:sz w:val=\"28\"/>") && !own.contains("仿宋_GB2312"))
        // A report that sets no size anywhere (no run size, no default style's, no defaults'):
        // GB/T 9704's 仿宋_GB2312 三号.
        let bare = try ReportAttacher.attach(
            report: "r.docx", bytes: try Self.host(styles: "<w:style w:type=\"paragraph\" w:default=\"1\" w:styleId=\"Normal\"><w:name w:val=\"Normal\"/></w:style>", runProperties: ""),
            section: try Self.section, results: try Self.results)
        let official = try #require(try Self.paragraph(containing: sentence, in: bare.bytes))
        #expect(official.contains("w:eastAsia=\"仿宋_GB2312\"") && official.contains("<w:sz w:val=\"32\"/>"))
    }

    @Test func docxHeadingsNestInTheHostsStyles() throws {
        // 县公安局.docx has Word's heading styles: 标题 1 is its title, 标题 2 its 二、…; the
        // piece's （一） headings go one level down, in 标题 3.
        let host = try Data(contentsOf: URL(fileURLWithPath: "Samples/reports/县公安局.docx"))
        let outcome = try ReportAttacher.attach(report: "r.docx", bytes: Array(host), section: try Self.section, results: try Self.results)
        let heading = try #require(try Self.paragraph("（一）基本情况", in: outcome.bytes))
        #expect(heading.contains("<w:pStyle w:val=\"Heading3\"/>") && heading.contains("<w:keepNext/>"))
    }

    @Test func docxHeadingsNestInTheFontsOfGBT9704WithoutStyles() throws {
        // A report without heading styles, numbered as GB/T 9704 numbers: 一、 then （一）.
        let host = try DOCXPackage.make(title: "r", sections: [ReportSection(language: "zh", blocks: [
            .paragraph(lead: nil, text: "一、基本情况"), .paragraph(lead: nil, text: "{{tally:findings}}"),
            .paragraph(lead: nil, text: "二、附件"), .paragraph(lead: nil, text: "（一）测评数据"), .paragraph(lead: nil, text: "{{tally:appendix}}"),
        ])])
        let outcome = try ReportAttacher.attach(report: "r.docx", bytes: Array(host), section: try Self.section, results: try Self.results)
        #expect(outcome.replaced == ["{{tally:findings}} (paragraph 2)", "{{tally:appendix}} (paragraph 5)"])
        // Under 一、: the piece's （一） headings in 楷体 (level 2), no style of ours.
        let part = try #require(try Self.paragraph("（一）基本情况", in: outcome.bytes))
        #expect(part.contains("w:eastAsia=\"楷体_GB2312\"") && !part.contains("<w:pStyle") && !part.contains("<w:b/>"))
        // Under （一）: the appendix's question titles one level down, 1. in 仿宋 bold (level 3).
        let question = try #require(try Self.paragraph("1. 对领导班子的总体评价", in: outcome.bytes))
        #expect(question.contains("w:eastAsia=\"仿宋_GB2312\"") && question.contains("<w:b/>") && question.contains("<w:keepNext/>"))
    }

    @Test func numberingSaysAHeadingsLevel() {
        #expect(HeadingTracker.numberingLevel("三、存在的问题") == 1)
        #expect(HeadingTracker.numberingLevel("（二）测评情况。本单位……") == 2)
        #expect(HeadingTracker.numberingLevel("2. 纪律作风") == 3)
        #expect(HeadingTracker.numberingLevel("（3）班子成员") == 4)
        #expect(HeadingTracker.numberingLevel("2019年，本单位开展了……工作，取得了一定成效，但仍存在一些不足之处需要改进。") == nil)
        #expect(HeadingTracker.numberingLevel("一是理论学习不深入。") == nil)
    }

    @Test func eachPieceGoesWhereItIsAsked() throws {
        let section = try Self.section
        let report = "# 报告\n\n## 一、基本情况\n\n{{tally:methods}}\n\n## 三、存在的问题\n\n  <!-- tally:problems -->\n\n## 附件\n\n{{tally:appendix}}\n"
        let outcome = try ReportAttacher.attach(report: "r.md", bytes: Array(report.utf8), section: section, results: try Self.results)
        let text = String(decoding: outcome.bytes, as: UTF8.self)
        // No problem rule fired: the problems piece is empty, and the outcome says so.
        #expect(outcome.replaced == ["{{tally:methods}} (line 5)", "{{tally:problems}} (line 9; empty, nothing to say)", "{{tally:appendix}} (line 13)"])
        func paragraph(_ piece: String) -> String {
            guard case .paragraph(_, let text)? = section.piece(piece)?.first else { return "?" }
            return text
        }
        #expect(section.piece("problems") == [])
        #expect(text.contains("## 一、基本情况\n\n" + paragraph("methods") + "\n\n## 三、存在的问题\n\n\n\n## 附件\n\n**1. "))
        #expect(text.contains("置信区间") && !text.contains("（一）基本情况"))
        // A piece that does not exist names the line and the pieces that do.
        let figures = FigurePlaceholders(results: try Self.results)
        #expect(throws: AttachError.unknownPlaceholder("method", at: "r.md:3", pieces: ReportSection.placeholderNames, figures: figures.examples())) {
            try ReportAttacher.attach(report: "r.md", bytes: Array("# 报告\n\n{{tally:method}}\n".utf8), section: section, results: try Self.results)
        }
        // The figures it suggests exist.
        #expect(figures.examples().contains("县司法局.index") && figures.examples().allSatisfy { figures.value($0) != nil })
        let message = AttachError.unknownPlaceholder("method", at: "r.md:3", pieces: ["methods"], figures: ["县司法局.index"]).description
        #expect(message == "r.md:3: error: unknown placeholder {{tally:method}}; the pieces are {{tally:methods}}; "
            + "single figures are written like {{tally:县司法局.index}} … (names as in results.json)")
    }

    @Test func notADocx() {
        #expect(throws: AttachError.notDOCX("r.docx")) {
            try ReportAttacher.attach(report: "r.docx", bytes: Array("not a zip".utf8), section: try Self.section, results: try Self.results)
        }
    }

    /// A document.xml of 80 MiB of spaces deflates to well under 1 MB: reading stops at 64 MiB
    /// instead of inflating it all, whether or not the zip declares the true size.
    @Test func aDocumentThatInflatesPastTheLimitIsRefused() throws {
        let size = 80 << 20
        let chunk = Data(repeating: 0x20, count: 1 << 20)
        let archive = try Archive(data: Data(), accessMode: .create, pathEncoding: nil)
        try archive.addEntry(
            with: "word/document.xml", type: .file, uncompressedSize: Int64(size), compressionMethod: .deflate
        ) { position, length in chunk.prefix(min(length, size - Int(position))) }
        let bytes = Array(archive.data!)
        #expect(bytes.count < 1 << 20)
        #expect(DOCXPackage.inflationLimit(compressed: bytes.count) == 64 << 20)
        #expect(throws: AttachError.tooLarge("bomb.docx", limit: 64 << 20)) {
            try ReportAttacher.attach(report: "bomb.docx", bytes: bytes, section: try Self.section, results: try Self.results)
        }
        // The declared size may lie: the bytes inflated are counted too.
        #expect(throws: DOCXPackage.InflationExceeded.self) { try DOCXPackage.parts(of: Data(Self.understated(bytes))) }
        #expect(AttachError.tooLarge("bomb.docx", limit: 64 << 20).description.hasPrefix("bomb.docx: error: the document unpacks to more than 64 MiB"))
        #expect(ClerkWords.attach(.tooLarge("/tmp/x/bomb.docx", limit: 64 << 20)).hasPrefix("“bomb.docx”解压后超过64 MB"))
    }

    /// The zip with every declared uncompressed size (local header and central directory) set to 1 KiB.
    static func understated(_ zip: [UInt8]) -> [UInt8] {
        var bytes = zip
        func put(_ value: UInt32, at offset: Int) {
            for i in 0..<4 { bytes[offset + i] = UInt8(truncatingIfNeeded: value >> (8 * UInt32(i))) }
        }
        var i = 0
        while i + 4 <= bytes.count {
            if bytes[i..<i + 4].elementsEqual([0x50, 0x4B, 0x03, 0x04]) { put(1024, at: i + 22) }
            if bytes[i..<i + 4].elementsEqual([0x50, 0x4B, 0x01, 0x02]) { put(1024, at: i + 24) }
            i += 1
        }
        return bytes
    }
}
