import Foundation
import Testing
import TallyCore
import TallyPaper
import TallyTestSupport
@testable import TallyScan
import TallyScanCorpus

/// Scans read whole: pages into sheets, marks into answers, doubts to a person, and every kind
/// of page that is not a ballot of this form and unit said so with its file and page.
@Suite("Scan session")
struct ScanSessionTests {
    static let form = try! FormLoader.load("leadership-evaluation")
    static let unit = "县司法局"
    static let dpi = 150.0

    /// The ballot's page `page` at 150 dpi with `marks` (question|row|option → mark) made.
    static func sheet(_ marks: [String: ScanCorpus.Mark], form: Form = form, unit: String = unit, page: Int = 0) throws -> GreyImage {
        let ballot = try ScannableBallot(form: form, unit: unit)
        var image = try ScanCorpus.render(pdf: ballot.pdf(title: form.title), dpi: dpi)[page]
        var random = ScanCorpus.Random(seed: 3)
        for box in ballot.layout.pages[page].boxes {
            if let mark = marks["\(box.question)|\(box.row ?? "")|\(box.option)"] {
                ScanCorpus.mark(&image, box: box, mark, perMM: dpi / 25.4, random: &random)
            }
        }
        return image
    }

    static let first: [String: ScanCorpus.Mark] = [
        "respondents||中层干部": .tick, "overall||好": .tick, "politics||较好": .cross, "integrity||好": .filled, "integrity||一般": .tick,
        "cadres|主要负责同志|优秀": .tick, "cadres|分管副职甲|称职": .overrun, "problems||其他": .tick, "problems||执法办案不够规范": .cross,
    ]
    static let second: [String: ScanCorpus.Mark] = [
        "respondents||一般干部": .tick, "overall||较好": .tick, "overall||一般": .tick, "discipline||差": .stray,
    ]

    @Test func marksBecomeAnswersAndDoubtsGoToAPerson() throws {
        var session = try ScanSession(form: Self.form, unit: Self.unit)
        session.dpi = Self.dpi
        session.add(try Self.sheet(Self.first), file: "a.pdf", index: 1)
        session.add(try Self.sheet(Self.second), file: "a.pdf", index: 2)
        let undecided = session.result()
        #expect(undecided.sheets.count == 2)
        // Sheet 2: 较好 and 一般 both marked for overall (two items), a stray dot in 差 (one).
        let kinds = undecided.review.map { "\($0.sheet) \($0.kind.rawValue) \($0.question) \($0.option ?? "")" }.sorted()
        #expect(kinds == ["2 一题多选 对领导班子的总体评价 一般", "2 一题多选 对领导班子的总体评价 较好", "2 勾选存疑 纪律作风 差"], "\(kinds)")
        #expect(undecided.pending.count == 3)
        #expect(undecided.pages.map(\.status) == ["已读", "需复核"])
        // Every item has its crop, a PNG.
        let crops = Dictionary(undecided.images.map { ($0.path, $0.bytes) }, uniquingKeysWith: { a, _ in a })
        for item in undecided.review { #expect(crops[item.crop]?.starts(with: [0x89, 0x50, 0x4E, 0x47]) == true, "\(item.crop)") }

        let sheet1 = undecided.sheets[0]
        #expect(sheet1.group == "中层干部")
        #expect(sheet1.answers["overall"] == .option("好"))
        #expect(sheet1.answers["politics"] == .option("较好"))
        // The filled box is a choice taken back: 一般 counts.
        #expect(sheet1.answers["integrity"] == .option("一般"))
        #expect(sheet1.answers["discipline"] == nil)
        #expect(sheet1.answers["cadres"] == .rows(["主要负责同志": "优秀", "分管副职甲": "称职"]))
        #expect(sheet1.answers["problems"] == .options(["执法办案不够规范", "其他"]))

        // The person decides: of the two, 较好 was meant; the dot in 差 is taken as a choice.
        var decisions: [String: String] = [:]
        for item in undecided.review {
            decisions[item.id] = item.option == "一般" ? "不选" : "选"
        }
        decisions["ffffffff-b1"] = "选"
        let decided = session.result(decisions: decisions)
        #expect(decided.pending.isEmpty)
        #expect(decided.unmatchedDecisions == ["ffffffff-b1"])
        #expect(decided.sheets[1].answers["overall"] == .option("较好"))
        #expect(decided.sheets[1].answers["discipline"] == .option("差"))

        // The response file: the keying sheet's header, a row a sheet, 扫描页 last.
        let text = String(decoding: session.responseFile(decided), as: UTF8.self)
        let lines = text.dropFirst().split(whereSeparator: \.isNewline).map(String.init)
        #expect(lines.count == 3)
        #expect(lines[0].hasSuffix("\"扫描页\""))
        #expect(lines[1].hasPrefix("\"1\",\"中层干部\",\"好\",\"较好\",\"一般\",\"\",\"\",\"优秀\",\"称职\""))
        #expect(lines[2].hasSuffix("\"a.pdf 第2页\""))
    }

    @Test func twoMarksConfirmedAreBothWrittenForTheEngineToReject() throws {
        var session = try ScanSession(form: Self.form, unit: Self.unit)
        session.add(try Self.sheet(Self.second), file: "b.png", index: 1)
        let undecided = session.result()
        let decisions = Dictionary(uniqueKeysWithValues: undecided.review.map { ($0.id, "选") })
        let decided = session.result(decisions: decisions)
        #expect(decided.sheets[0].answers["overall"] == .option("较好、一般"))
    }

    @Test func pagesThatAreNotThisBallotAreSaidSo() throws {
        var session = try ScanSession(form: Self.form, unit: Self.unit)
        session.dpi = Self.dpi
        let otherUnit = try Self.sheet(Self.first, unit: "县公安局")
        let otherForm = try Self.sheet([:], form: FormLoader.load("cadre-selection-review"))
        var noise = GreyImage(width: 1240, height: 1754)
        var random = ScanCorpus.Random(seed: 9)
        for index in noise.pixels.indices { noise.pixels[index] = UInt8(random.uniform(0...255)) }
        let ours = try Self.sheet(Self.first)
        session.add(otherUnit, file: "x.pdf", index: 1)
        session.add(otherForm, file: "x.pdf", index: 2)
        session.add(noise, file: "x.pdf", index: 3)
        session.add(GreyImage(width: 1240, height: 1754), file: "x.pdf", index: 4)
        session.add(ours, file: "x.pdf", index: 5)
        session.add(ours, file: "y.pdf", index: 1)
        let result = session.result()
        #expect(result.pages.map(\.status) == ["无法识别", "无法识别", "无法识别", "空白页", "已读", "重复"])
        #expect(result.pages[0].note.contains("另一单位"))
        #expect(result.pages[1].note.contains("cadre-selection-review"))
        #expect(result.pages[2].note.contains("找不到页面二维码"))
        #expect(result.pages[5].note.contains("x.pdf 第5页"))
        #expect(result.sheets.count == 1)
        // Each unplaced page is kept whole for keying.
        #expect(result.images.filter { $0.path.hasPrefix("scan-review/x.pdf-第") }.count == 3)
    }

    /// A two-page ballot: a sheet missing its second page is listed, not counted, and not merged
    /// with the next sheet's first page; pages upside down are read.
    @Test func aSheetMissingAPageIsNotCounted() throws {
        let folder = try TemporaryFolder()
        defer { folder.cleanUp() }
        let form = try FormLoader.load(LayoutTests.longForm(people: 25, folder: folder))
        let ballot = try ScannableBallot(form: form, unit: Self.unit)
        try #require(ballot.layout.pages.count == 2)
        var session = try ScanSession(form: form, unit: Self.unit)
        let page1 = try Self.sheet(["respondents||班子成员": .tick], form: form, page: 0)
        let page2 = try Self.sheet(["cadres|干部25|优秀": .tick], form: form, page: 1)
        let page1b = try Self.sheet(["respondents||一般干部": .tick], form: form, page: 0)
        session.add(page1, file: "s.pdf", index: 1)  // its page 2 never comes
        session.add(page1b, file: "s.pdf", index: 2)
        session.add(page2.rotatedHalfTurn(), file: "s.pdf", index: 3)
        session.add(page2.rotatedHalfTurn(), file: "s.pdf", index: 4)  // the same scan again
        let result = session.result()
        #expect(result.pages.map(\.status) == ["缺页", "已读", "已读", "重复"])
        #expect(result.pages[2].upsideDown)
        #expect(result.incompleteSheets == ["s.pdf 第1页"])
        #expect(result.sheets.count == 1)
        #expect(result.sheets[0].group == "一般干部")
        #expect(result.sheets[0].answers["cadres"] == .rows(["干部25": "优秀"]))
    }

    @Test func aDamagedOrEmptyFileNamesItself() throws {
        let folder = try TemporaryFolder()
        defer { folder.cleanUp() }
        var session = try ScanSession(form: Self.form, unit: Self.unit)
        let damaged = try folder.write("坏.pdf", bytes: Array("%PDF-1.4\n1 0 obj garbage".utf8))
        #expect(throws: PaperError.self) { try session.add(file: damaged) }
        do {
            try session.add(file: damaged)
        } catch {
            #expect("\(error)".contains("坏.pdf"))
        }
        let notAnImage = try folder.write("照片.jpg", bytes: Array("not a jpeg".utf8))
        #expect(throws: PaperError.self) { try session.add(file: notAnImage) }
    }
}
