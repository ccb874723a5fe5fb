import Foundation
import Testing
import TallyCore
import TallyPaper
import TallyTestSupport
@testable import TallyScan
import TallyScanCorpus

@Suite("Scannable ballot layout")
struct LayoutTests {
    static let builtins = ["leadership-evaluation", "cadre-selection-review", "public-satisfaction", "public-safety-survey", "integrity-survey", "leader-scoring"]

    /// Every option of every question (and every matrix row) has exactly one box, the category
    /// one box per group; boxes lie inside the printed area and never overlap.
    @Test(arguments: builtins)
    func everyAnswerHasOneBoxInside(_ id: String) throws {
        let form = try FormLoader.load(id)
        let ballot = try ScannableBallot(form: form, unit: "县公安局")
        var seen: [String: Int] = [:]
        for page in ballot.layout.pages {
            for box in page.boxes {
                seen["\(box.question)|\(box.row ?? "")|\(box.option)", default: 0] += 1
                #expect(box.x_mm >= ScannableBallot.left && box.x_mm + box.w_mm <= ScannableBallot.right, "\(box)")
                #expect(box.y_mm >= ScannableBallot.top && box.y_mm + box.h_mm <= ScannableBallot.bottom, "\(box)")
            }
            for (i, a) in page.boxes.enumerated() {
                for b in page.boxes[(i + 1)...] {
                    let apart = a.x_mm + a.w_mm <= b.x_mm || b.x_mm + b.w_mm <= a.x_mm || a.y_mm + a.h_mm <= b.y_mm || b.y_mm + b.h_mm <= a.y_mm
                    #expect(apart, "\(a) overlaps \(b)")
                }
            }
        }
        var expected: [String] = []
        for group in form.respondents?.groups ?? [] { expected.append("respondents||\(group.label)") }
        for question in form.questions where question.id != form.respondents?.question {
            switch question.type {
            case .single, .multi: expected += question.options.map { "\(question.id)||\($0.label)" }
            case .matrix where !question.numericAnswers:
                for row in question.rows { expected += question.options.map { "\(question.id)|\(row.label)|\($0.label)" } }
            default: break
            }
        }
        #expect(seen.keys.sorted() == expected.sorted())
        #expect(seen.values.allSatisfy { $0 == 1 })
    }

    @Test func theSameBallotIsTheSameBytes() throws {
        let form = try FormLoader.load("leadership-evaluation")
        let first = try ScannableBallot(form: form, unit: "县法院").pdf(title: form.title)
        let second = try ScannableBallot(form: form, unit: "县法院").pdf(title: form.title)
        #expect(first == second)
        #expect(first.starts(with: Array("%PDF-".utf8)))
    }

    /// A form of 40 people rated: the matrix goes on over pages between rows, each page's part
    /// under its own header, and every row's boxes at one height on one page.
    @Test func aLongMatrixBreaksBetweenRows() throws {
        let folder = try TemporaryFolder()
        defer { folder.cleanUp() }
        let form = try FormLoader.load(Self.longForm(people: 40, folder: folder))
        let ballot = try ScannableBallot(form: form, unit: "县法院")
        #expect(ballot.layout.pages.count >= 2)
        var pagesOfRow: [String: Set<Int>] = [:]
        var heightsOfRow: [String: Set<Double>] = [:]
        for page in ballot.layout.pages {
            for box in page.boxes where box.question == "cadres" {
                pagesOfRow[box.row!, default: []].insert(page.page)
                heightsOfRow[box.row!, default: []].insert(box.y_mm)
            }
        }
        #expect(pagesOfRow.count == 40)
        #expect(pagesOfRow.values.allSatisfy { $0.count == 1 })
        #expect(heightsOfRow.values.allSatisfy { $0.count == 1 })
        #expect(Set(pagesOfRow.values.flatMap { $0 }).count >= 2)
    }

    /// Each page's QR code, read back by zbar from the page rendered at 150 dpi, says form,
    /// unit, layout and page.
    @Test func eachPageCarriesItsCode() throws {
        let folder = try TemporaryFolder()
        defer { folder.cleanUp() }
        let form = try FormLoader.load(Self.longForm(people: 40, folder: folder))
        let ballot = try ScannableBallot(form: form, unit: "县法院")
        let pages = try ScanCorpus.render(pdf: ballot.pdf(title: form.title), dpi: 150)
        #expect(pages.count == ballot.layout.pages.count)
        for (index, page) in pages.enumerated() {
            let texts = QRSymbols.read(page).map(\.text)
            #expect(texts == [ScannableBallot.qrText(form: form.id, unit: "县法院", layoutPrint: ballot.layoutPrint, page: index + 1, pages: pages.count)])
        }
    }

    @Test func theLayoutFileReadsBack() throws {
        let form = try FormLoader.load("leadership-evaluation")
        let ballot = try ScannableBallot(form: form, unit: "县法院")
        let json = ballot.layout.json()
        let read = try BallotLayout.read(json)
        #expect(read.json() == json)
        let object = try #require(try JSONSerialization.jsonObject(with: json) as? [String: Any])
        let page = try #require((object["pages"] as? [[String: Any]])?.first)
        #expect(page["width_mm"] as? Double == 210 && page["height_mm"] as? Double == 297)
        let box = try #require((page["boxes"] as? [[String: Any]])?.first)
        #expect(box["question"] as? String == "respondents")
        #expect(Set(box.keys) == ["question", "option", "x_mm", "y_mm", "w_mm", "h_mm"])
    }

    /// leadership-evaluation with `people` rows in its matrix.
    static func longForm(people: Int, folder: TemporaryFolder) throws -> String {
        var text = try String(contentsOf: PackagePaths.forms.appendingPathComponent("leadership-evaluation.yaml"), encoding: .utf8)
        let names = (1...people).map { "干部\($0)" }.joined(separator: ", ")
        text = text.replacingOccurrences(of: "rows: [主要负责同志, 分管副职甲, 分管副职乙, 纪检监察负责同志]", with: "rows: [\(names)]")
        return try folder.write("long.yaml", text: text)
    }
}
