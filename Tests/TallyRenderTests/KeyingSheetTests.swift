import Foundation
import Testing
import ZIPFoundation
@testable import TallyCore
@testable import TallyRender
import TallyTestSupport

/// `tally forms sheet`: a keying sheet whose header the form reads back exactly, checked by a
/// round trip through a workbook keyed once with openpyxl (`Fixtures/keying/key_sheet.py`,
/// values picked from the sheet's own drop-downs; counts by the script).
@Suite("Keying sheets")
struct KeyingSheetTests {
    static let fixtures = PackagePaths.fixture("keying", target: "TallyRenderTests")

    struct Expected: Decodable {
        var ballots: Int
        var groups: [String: Int]
        var counts: [String: [String: Int]]
        var problems: [String: Int]
        var header: [String]
    }

    static func expected() throws -> Expected {
        try JSONDecoder().decode(Expected.self, from: Data(contentsOf: fixtures.appendingPathComponent("expected.json")))
    }

    @Test func todaysHeaderIsTheKeyedFixturesHeader() throws {
        let sheet = KeyingSheet(form: try FormLoader.load("leadership-evaluation"))
        #expect(sheet.columns.map(\.header) == (try Self.expected().header))
    }

    @Test func theKeyedWorkbookScoresToTheCountsKeyed() throws {
        let expected = try Self.expected()
        let form = try FormLoader.load("leadership-evaluation")
        let unit = try Tally.score(form: form, files: [Self.fixtures.appendingPathComponent("keyed.xlsx").path], unit: "县公安局").units[0]
        #expect(unit.ballots.rows == expected.ballots && unit.ballots.valid == expected.ballots && unit.ballots.invalid == 0)
        #expect(unit.warnings.isEmpty && unit.rejected.isEmpty)
        #expect(Dictionary(uniqueKeysWithValues: unit.respondents.map { ($0.label, $0.count) }) == expected.groups)
        func nonzero(_ cell: CellFigures) -> [String: Int] {
            Dictionary(uniqueKeysWithValues: cell.counts.filter { $0.count > 0 }.map { ($0.label, $0.count) })
        }
        for (question, figures) in zip(form.questions, unit.questions) {
            if let whole = figures.whole, question.type == .single {
                #expect(nonzero(whole.overall) == expected.counts[question.text], "\(question.id)")
            }
            for row in figures.rows {
                #expect(nonzero(row.figures.overall) == expected.counts["\(question.text)—\(row.label)"], "\(row.label)")
            }
        }
        let problems = try #require(unit.question("problems")?.whole?.overall)
        #expect(Dictionary(uniqueKeysWithValues: problems.counts.map { ($0.label, $0.count) }) == expected.problems)
    }

    /// The sheet's XML, read back with ZIPFoundation.
    static func parts(_ path: String) throws -> [String: String] {
        let archive = try Archive(url: URL(fileURLWithPath: path), accessMode: .read)
        var parts: [String: String] = [:]
        for entry in archive {
            var data = Data()
            _ = try archive.extract(entry) { data.append($0) }
            parts[entry.path] = String(decoding: data, as: UTF8.self)
        }
        return parts
    }

    @Test func theWorkbookFreezesItsHeaderAndOffersEveryList() throws {
        let folder = try TemporaryFolder()
        let path = folder.path("录入表.xlsx")
        try KeyingSheetXLSX.write(KeyingSheet(form: try FormLoader.load("leadership-evaluation")), to: path)
        let sheet = try #require(try Self.parts(path)["xl/worksheets/sheet1.xml"])
        #expect(sheet.contains("ySplit=\"1\"") && sheet.contains("state=\"frozen\""))
        // 身份, five questions, four leaders, six problems: a list each; 票号 and the comments none.
        #expect(sheet.components(separatedBy: "<dataValidation type=\"list\"").count - 1 == 16)
        #expect(sheet.contains("<formula1>\"班子成员,中层干部,一般干部\"</formula1>"))
        // The same form gives the same bytes.
        let again = folder.path("again.xlsx")
        try KeyingSheetXLSX.write(KeyingSheet(form: try FormLoader.load("leadership-evaluation")), to: again)
        #expect(FileManager.default.contents(atPath: path) == FileManager.default.contents(atPath: again))
    }

    @Test func aListOverExcels255CharactersComesFromAHiddenSheet() throws {
        let options = (1...40).map { "选项第\($0)号比较长的文字" }
        let form = try FormLoader.parse("""
            id: long
            questions:
              - { id: q, text: 很多选项的题, options: [\(options.joined(separator: ", "))] }
              - { id: m, text: 打分, type: matrix, rows: [甲, 乙], answer: { type: number, min: 0, max: 100 } }
            """, file: "long.yaml")
        let folder = try TemporaryFolder()
        let path = folder.path("s.xlsx")
        try KeyingSheetXLSX.write(KeyingSheet(form: form), to: path)
        let parts = try Self.parts(path)
        #expect(parts["xl/workbook.xml"]?.contains("name=\"选项\" sheetId=\"2\" state=\"hidden\"") == true)
        let sheet = try #require(parts["xl/worksheets/sheet1.xml"])
        #expect(sheet.contains("<formula1>'选项'!$A$1:$A$40</formula1>"))
        // Marks: whole numbers from 0 to 100.
        #expect(sheet.contains("<dataValidation type=\"whole\"") && sheet.contains("<formula1>0</formula1><formula2>100</formula2>"))
    }

    @Test(arguments: ["leadership-evaluation", "cadre-selection-review", "public-satisfaction", "integrity-survey", "public-safety-survey", "leader-scoring"])
    func everyBuiltInFormReadsItsOwnSheetsHeader(id: String) throws {
        let form = try FormLoader.load(id)
        let folder = try TemporaryFolder()
        let csv = try folder.write("录入表.csv", bytes: KeyingSheet(form: form).csvBytes + Array("\r\n".utf8))
        let report = try Tally.inspect(file: csv, form: form)
        #expect(report.unmatched.isEmpty, "\(report.unmatched.map(\.question))")
        // Every column but 票号 is read as something: a question, a row, an option, 身份 or the unit.
        #expect(report.header.first == KeyingSheet.ballotNumber)
        for (index, role) in report.roles.enumerated().dropFirst() {
            if case .ignored = role { Issue.record("\(id): column \(report.header[index]) is not read") }
        }
    }
}
