import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing
@testable import TallyCore
@testable import TallyRender
import TallyTestSupport

/// `tally forms ballot`: the printable ballot of a form, read back from the DOCX it makes.
@Suite("Ballots")
struct BallotTests {
    static func documentXML(_ form: Form, unit: String?) throws -> String {
        let docx = try DOCXPackage.make(title: form.title, sections: [BallotSection.build(form, unit: unit)])
        let parts = try DOCXPackage.parts(of: docx)
        for part in parts { #expect(parsesAsXML(part.data), "\(part.path)") }
        return String(decoding: try #require(parts.first { $0.path == "word/document.xml" }).data, as: UTF8.self)
    }

    /// The text of every paragraph, in order.
    static func paragraphs(_ xml: String) -> [String] {
        // As a reader sees it: the line-break controls (word joiner, zero-width space) left out.
        xml.components(separatedBy: "<w:p>").dropFirst().map {
            ReportAttacher.paragraphText(Substring($0.components(separatedBy: "</w:p>")[0])).filter { $0 != "\u{2060}" && $0 != "\u{200B}" }
        }
    }

    @Test func theLeadershipBallotHasEveryPartOfTheUsualLayout() throws {
        let form = try FormLoader.load("leadership-evaluation")
        let xml = try Self.documentXML(form, unit: "县司法局")
        let texts = Self.paragraphs(xml)
        #expect(texts.first == "领导班子和领导干部民主测评表")
        #expect(texts.contains("被测评单位：县司法局"))
        #expect(texts.contains("测评人身份：□班子成员　□中层干部　□一般干部"))
        #expect(texts.contains { $0.contains("请勿填写姓名") })
        // The five questions on 好…不了解 in one table, a row each, a box under each option.
        for question in ["1. 对领导班子的总体评价", "2. 政治建设", "3. 党风廉政建设", "4. 纪律作风", "5. 履职尽责"] {
            #expect(texts.contains(question), "\(question)")
        }
        // 5 rows × 5 options, 4 leaders × 4 options: every box a cell of its own.
        #expect(texts.filter { $0 == "□" }.count == 5 * 5 + 4 * 4)
        // The multi-select's options each on a line with its box; the 优秀 quota and the
        // at-most-3 rule are said in the instructions.
        for option in form.question("problems")!.options { #expect(texts.contains("□ \(option.label)")) }
        #expect(texts.contains { $0.contains("评为“优秀”的人数不超过测评对象人数的") })
        #expect(texts.contains { $0.contains("最多选3项") })
        // Lines to write opinions on; header rows repeat and rows do not split across pages.
        #expect(texts.filter { $0.hasPrefix("________") }.count == 3)
        #expect(xml.contains("<w:tblHeader/>") && xml.contains("<w:cantSplit/>"))
    }

    @Test func withoutAUnitThereIsALineToWriteItOn() throws {
        let xml = try Self.documentXML(try FormLoader.load("public-satisfaction"), unit: nil)
        #expect(Self.paragraphs(xml).contains("被调查单位：____________________"))
    }

    @Test func theHTMLBallotCentresItsBoxes() throws {
        let form = try FormLoader.load("leadership-evaluation")
        let html = HTMLRenderer.document(title: form.title, language: "zh", sections: [BallotSection.build(form, unit: "县司法局")])
        #expect(html.components(separatedBy: "<td class=\"box\">□</td>").count - 1 == 5 * 5 + 4 * 4)
        #expect(html.contains("@media print"))
    }
}
