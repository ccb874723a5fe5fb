import Foundation
import Testing
@testable import TallyCore
import TallyTestSupport

/// Our own sample ballots saved as .xlsx by two writers that share no code with Tally
/// (`Fixtures/workbooks/make_workbooks.py`: openpyxl, and LibreOffice Calc) tally exactly as the
/// CSV they came from: same figures, same rejected answers at the same rows.
@Suite("Workbooks scored like CSV")
struct WorkbookScoringTests {
    static func workbook(_ name: String) -> String {
        PackagePaths.fixture("workbooks/\(name)", target: "TallyCoreTests").path
    }

    func score(_ file: String, sheet: String? = nil, unit: String) throws -> ResultsDocument {
        var options = ImportOptions()
        options.sheet = sheet
        return try Tally.score(form: try FormLoader.load("leadership-evaluation"), files: [file], unit: unit, options: options)
    }

    func figures(_ document: ResultsDocument) -> String {
        ResultsDocument.unit(document.units[0], wording: CodeWording()).serialized()
    }

    @Test(arguments: ["openpyxl.xlsx", "libreoffice.xlsx"])
    func theFirstSheetTalliesAsItsCSV(_ name: String) throws {
        let csv = try score(sample("leadership/wjx-text-utf8.csv"), unit: "县司法局")
        let xlsx = try score(Self.workbook(name), unit: "县司法局")
        #expect(figures(xlsx) == figures(csv))
        #expect(xlsx.units[0].rejected.map(\.row) == csv.units[0].rejected.map(\.row))
        #expect(xlsx.units[0].rejected.map(\.value) == csv.units[0].rejected.map(\.value))
        #expect(xlsx.inputs[0].records == 56 && xlsx.inputs[0].shape == .wjxText)
    }

    @Test func aSheetByNameWithASkippedRow() throws {
        let csv = try score(sample("leadership/excel-by-hand-gb18030.csv"), unit: "县公安局")
        let xlsx = try score(Self.workbook("openpyxl.xlsx"), sheet: "县公安局", unit: "县公安局")
        #expect(figures(xlsx) == figures(csv))
        // The sheet skips row 2: every ballot is one row lower than in the CSV, and said so.
        #expect(xlsx.inputs[0].emptyRecords == 1)
        #expect(xlsx.inputs[0].path.hasSuffix("openpyxl.xlsx (县公安局)"))
        #expect(try score(Self.workbook("openpyxl.xlsx"), sheet: "2", unit: "县公安局").units[0].ballots == xlsx.units[0].ballots)
    }

    @Test func aSheetThatIsNotThereNamesTheSheets() throws {
        #expect(throws: TallyError.self) { try score(Self.workbook("openpyxl.xlsx"), sheet: "县法院", unit: "x") }
        do {
            _ = try score(Self.workbook("openpyxl.xlsx"), sheet: "县法院", unit: "x")
        } catch {
            #expect("\(error)".hasSuffix("openpyxl.xlsx: error: no sheet '县法院' in the workbook (sheets: '县司法局', '县公安局'); pass --sheet with one of them, by name or 1-based position"))
        }
    }

    @Test func inspectReadsAWorkbook() throws {
        let report = try Tally.inspect(file: Self.workbook("libreoffice.xlsx"), form: try FormLoader.load("leadership-evaluation"))
        #expect(report.records == 56 && report.shape == .wjxText && report.unmatched.isEmpty)
        #expect(report.file == Self.workbook("libreoffice.xlsx"))
    }
}
