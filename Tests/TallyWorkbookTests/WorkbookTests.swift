import Foundation
import Testing
import TallyTestSupport
import ZIPFoundation
@testable import TallyWorkbook

/// A minimal workbook written here with ZIPFoundation: the parts Tally reads, as given.
func makeWorkbook(_ folder: TemporaryFolder, name: String = "book.xlsx", sheets: [(String, String)], shared: [String]? = nil, styles: String? = nil) throws -> String {
    let path = folder.path(name)
    let archive = try Archive(url: URL(fileURLWithPath: path), accessMode: .create)
    func add(_ part: String, _ text: String) throws {
        let data = Data(text.utf8)
        try archive.addEntry(with: part, type: .file, uncompressedSize: Int64(data.count), compressionMethod: .deflate) { position, size in
            data.subdata(in: Int(position)..<Int(position) + size)
        }
    }
    let sheetList = sheets.enumerated().map { "<sheet name=\"\($1.0)\" sheetId=\"\($0 + 1)\" r:id=\"rId\($0 + 1)\"/>" }.joined()
    try add("xl/workbook.xml", "<workbook xmlns:r=\"r\"><sheets>\(sheetList)</sheets></workbook>")
    let relationships = sheets.indices.map { "<Relationship Id=\"rId\($0 + 1)\" Target=\"worksheets/sheet\($0 + 1).xml\"/>" }.joined()
    try add("xl/_rels/workbook.xml.rels", "<Relationships>\(relationships)</Relationships>")
    for (index, sheet) in sheets.enumerated() { try add("xl/worksheets/sheet\(index + 1).xml", "<worksheet><sheetData>\(sheet.1)</sheetData></worksheet>") }
    if let shared { try add("xl/sharedStrings.xml", "<sst>" + shared.map { "<si>\($0)</si>" }.joined() + "</sst>") }
    if let styles { try add("xl/styles.xml", styles) }
    return path
}

/// The CSV a sheet becomes, as text.
func csvText(_ path: String, sheet: String? = nil, in folder: TemporaryFolder) throws -> (String, SheetCSV.Summary) {
    let csv = folder.path("out-\(UUID().uuidString).csv")
    let summary = try SheetCSV.write(workbook: path, sheet: sheet, to: csv)
    return (try String(contentsOfFile: csv, encoding: .utf8), summary)
}

@Suite("Workbooks")
struct WorkbookTests {
    let folder: TemporaryFolder
    init() throws { folder = try TemporaryFolder() }

    @Test func cellsAsTheSheetShowsThem() throws {
        let styles = """
            <styleSheet><numFmts><numFmt numFmtId="164" formatCode="yyyy&quot;年&quot;m&quot;月&quot;d&quot;日&quot;"/></numFmts>\
            <cellStyleXfs><xf numFmtId="14"/></cellStyleXfs><cellXfs><xf numFmtId="0"/><xf numFmtId="22"/><xf numFmtId="164"/><xf numFmtId="2"/></cellXfs></styleSheet>
            """
        let rows = """
            <row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="inlineStr"><is><t>备注</t></is></c><c r="D1" t="str"><v>分数</v></c></row>\
            <row r="2"><c r="A2" t="s"><v>2</v></c><c r="B2" s="1"><v>44328.375127314815</v></c><c r="C2" t="b"><v>1</v></c><c r="D2" s="3"><v>7.0</v></c></row>\
            <row r="4"><c r="A4" t="s"><v>3</v></c><c r="B4" s="2"><v>44328</v></c><c r="D4"><v>0.10000000000000001</v></c><c r="F4" s="3"/></row>\
            <row r="5"><c r="B5" t="e"><v>#N/A</v></c></row>
            """
        // Rich text is its runs joined; the phonetic run (rPh) is no text of the cell.
        let shared = ["<t>身份</t>", "<r><t>提交</t></r><r><t xml:space=\"preserve\">时间 </t></r>", "<t>一般, \"干警\"</t>",
            "<t>中层</t><rPh sb=\"0\" eb=\"2\"><t>ちゅうそう</t></rPh>"]
        let path = try makeWorkbook(folder, sheets: [("第一页", rows)], shared: shared, styles: styles)
        let (text, summary) = try csvText(path, in: folder)
        // Row 3 is skipped by the sheet: an empty record keeps row 4 in its place. F4 has a style
        // and no value: not a cell of the record. A custom date format (yyyy年m月d日) gives the
        // ISO date, whatever the format says.
        let expected = "身份,提交时间 ,备注,分数\n" + "\"一般, \"\"干警\"\"\",2021-05-12 09:00:11,TRUE,7\n" + ",,,\n"
            + "中层,2021-05-12,,0.1\n" + ",#N/A,,\n"
        #expect(text == expected)
        #expect(summary == SheetCSV.Summary(sheet: "第一页", headerRow: 1, records: 5, sheetCount: 1, multiLine: []))
    }

    @Test func aSheetByNameOrPositionAndRowsFromTheHeader() throws {
        let path = try makeWorkbook(folder, sheets: [
            ("说明", "<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>填表说明</t></is></c></row>"),
            ("县公安局", "<row r=\"3\"><c r=\"B3\" t=\"inlineStr\"><is><t>身份</t></is></c></row><row r=\"4\"><c r=\"B4\"><v>1</v></c></row>"),
        ])
        let byName = try csvText(path, sheet: "县公安局", in: folder)
        let byPosition = try csvText(path, sheet: "2", in: folder)
        #expect(byName.0 == ",身份\n,1\n" && byPosition.0 == byName.0)
        #expect(byName.1.headerRow == 3 && byName.1.sheetCount == 2)
        #expect(throws: WorkbookError(file: path, kind: .noSuchSheet("公安局", available: ["说明", "县公安局"]))) {
            try SheetCSV.write(workbook: path, sheet: "公安局", to: folder.path("x.csv"))
        }
    }

    @Test func aCellWithLineBreaksKeepsRowsRight() throws {
        let rows = "<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>意见</t></is></c></row>"
            + "<row r=\"2\"><c r=\"A2\" t=\"inlineStr\"><is><t>一\n二\n三</t></is></c></row>"
            + "<row r=\"3\"><c r=\"A3\" t=\"inlineStr\"><is><t>四</t></is></c></row>"
        let (text, summary) = try csvText(try makeWorkbook(folder, sheets: [("s", rows)]), in: folder)
        #expect(text == "意见\n\"一\n二\n三\"\n四\n")
        // Lines 2–4 of the CSV are row 2; line 5 is row 3.
        #expect([1, 2, 3, 4, 5].map(summary.sheetRow(ofLine:)) == [1, 2, 2, 2, 3])
    }

    @Test func filesThatAreNoWorkbookSayWhatToDo() throws {
        let ole: [UInt8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]
        let xls = try folder.write("old.xls", bytes: ole + [UInt8](repeating: 0, count: 512))
        #expect(throws: WorkbookError(file: xls, kind: .legacyXLS)) { try Workbook.open(xls) }
        let name: [UInt8] = "EncryptionInfo".utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
        let encryptedBytes = ole + [UInt8](repeating: 0, count: 100) + name
        let encrypted = try folder.write("locked.xlsx", bytes: encryptedBytes)
        #expect(throws: WorkbookError(file: encrypted, kind: .encrypted)) { try Workbook.open(encrypted) }
        let text = try folder.write("renamed.xlsx", text: "身份,总体评价\n")
        #expect(throws: WorkbookError(file: text, kind: .notAZip)) { try Workbook.open(text) }
        // A zip's first bytes without its end (a download cut short).
        let cut = try folder.write("cut.xlsx", bytes: [0x50, 0x4B, 0x03, 0x04] + [UInt8](repeating: 7, count: 300))
        #expect(throws: WorkbookError(file: cut, kind: .notAZip)) { try Workbook.open(cut) }
        #expect(WorkbookError(file: "old.xls", kind: .legacyXLS).description
            == "old.xls: error: a legacy Excel 97–2003 workbook (.xls), which Tally does not read; open it in Excel or WPS and save it as .xlsx (Excel 工作簿)")
    }

    @Test func absurdDimensionsAreRefused() throws {
        let path = try makeWorkbook(folder, sheets: [("s", "<row r=\"1\"><c r=\"XFE1\"><v>1</v></c></row>")])
        #expect(throws: WorkbookError(file: path, kind: .tooManyColumns(row: 1, columns: 16_385))) {
            try SheetCSV.write(workbook: path, sheet: nil, to: folder.path("x.csv"))
        }
    }

    @Test func aZipBombIsRefusedWithoutTheMemory() throws {
        // 8 MiB of blanks inflates from a few kilobytes: past the floor (1 MiB here, 64 MiB in use)
        // and more than 250 times its compressed size, it is refused as it inflates.
        let path = folder.path("bomb.xlsx")
        let archive = try Archive(url: URL(fileURLWithPath: path), accessMode: .create)
        func add(_ part: String, _ text: String) throws {
            let data = Data(text.utf8)
            try archive.addEntry(with: part, type: .file, uncompressedSize: Int64(data.count)) { position, size in
                data.subdata(in: Int(position)..<Int(position) + size)
            }
        }
        try add("xl/workbook.xml", "<workbook><sheets><sheet name=\"s\" r:id=\"rId1\"/></sheets></workbook>")
        try add("xl/_rels/workbook.xml.rels", "<Relationships><Relationship Id=\"rId1\" Target=\"worksheets/sheet1.xml\"/></Relationships>")
        let filler = Data(repeating: UInt8(ascii: " "), count: 8 << 20)
        try archive.addEntry(with: "xl/worksheets/sheet1.xml", type: .file, uncompressedSize: Int64(filler.count), compressionMethod: .deflate) {
            position, size in filler.subdata(in: Int(position)..<Int(position) + size)
        }
        do {
            _ = try SheetCSV.write(workbook: path, sheet: nil, to: folder.path("x.csv"), ratioFloor: 1 << 20)
            Issue.record("the bomb was read")
        } catch {
            guard case .tooLarge(let part, _) = error.kind else { return #expect(Bool(false), "\(error)") }
            #expect(part == "xl/worksheets/sheet1.xml")
        }
    }

    @Test func aDamagedDeflateStreamEndsInAnError() throws {
        // Found by FuzzWorkbook: one of our fixtures with bytes changed inside a part's deflate
        // stream made ZIPFoundation's Archive.extract read past the part forever.
        let path = PackagePaths.fixture("fuzz-damaged-deflate.xlsx", target: "TallyWorkbookTests").path
        do {
            _ = try SheetCSV.write(workbook: path, sheet: nil, to: folder.path("x.csv"))
            Issue.record("the damaged workbook was read")
        } catch {
            guard case .malformed(let detail) = error.kind else { return #expect(Bool(false), "\(error)") }
            #expect(detail.hasSuffix(" is damaged"))
        }
    }

    @Test func aStreamThatOutrunsItsPartIsReadSafely() throws {
        // Found by FuzzWorkbook: a part whose deflate stream asks for more bytes than the part
        // has. ZIPFoundation's inflater gives zlib a whole buffer whatever the chunk holds, so
        // short chunks are padded; the workbook is read or refused, never past its memory.
        let path = PackagePaths.fixture("fuzz-short-chunk.xlsx", target: "TallyWorkbookTests").path
        do {
            _ = try SheetCSV.write(workbook: path, sheet: nil, to: folder.path("x.csv"))
        } catch {
            #expect(error.file == path)
        }
    }

    @Test func textAmplifiedByRepeatedSharedStringsIsRefused() throws {
        // Found by FuzzWorkbook: a 13 KB workbook whose cells repeat long shared strings until
        // the sheet comes to gigabytes of text. A sheet may come to 2,000 times its file's size
        // (64 MiB at least; 1 MiB here); past that it is refused as it is written.
        let path = PackagePaths.fixture("fuzz-amplified-strings.xlsx", target: "TallyWorkbookTests").path
        do {
            _ = try SheetCSV.write(workbook: path, sheet: nil, to: folder.path("x.csv"), ratioFloor: WorkbookLimits.ratioFloor, outputFloor: 1 << 20)
            Issue.record("the amplified sheet was read")
        } catch {
            guard case .outputTooLarge = error.kind else { return #expect(Bool(false), "\(error)") }
        }
        let rows = (1...3).map { "<row r=\"\($0)\"><c r=\"A\($0)\" t=\"s\"><v>0</v></c></row>" }.joined()
        let long = String(repeating: "长", count: WorkbookLimits.cellCharacters + 1)
        let tooLong = try makeWorkbook(folder, name: "long.xlsx", sheets: [("s", rows)], shared: ["<t>\(long)</t>"])
        #expect(throws: WorkbookError(file: tooLong, kind: .cellTooLong(row: 1))) {
            try SheetCSV.write(workbook: tooLong, sheet: nil, to: folder.path("y.csv"))
        }
    }
}
