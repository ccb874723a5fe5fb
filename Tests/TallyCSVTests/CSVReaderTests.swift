import Foundation
import Testing
import TallyCSV
import TallyTestSupport

func records(_ path: String, options: CSVReadOptions = CSVReadOptions()) throws -> [CSVRecord] {
    var all: [CSVRecord] = []
    try CSVReader(path: path, options: options).forEachRecord { all.append($0) }
    return all
}

func csvError(_ body: () throws -> Void) -> CSVError? {
    do {
        try body()
        return nil
    } catch let error as CSVError {
        return error
    } catch {
        return nil
    }
}

@Suite("CSVReader")
struct CSVReaderTests {
    let folder: TemporaryFolder
    init() throws { folder = try TemporaryFolder() }

    static let chinese = "身份,总体评价,意见\n班子成员,好,\"很好，\n继续保持\"\n一般干警,较好,无\n"

    @Test func utf8BOMandCRLFandGB18030ReadTheSame() throws {
        let plain = try folder.write("plain.csv", text: Self.chinese)
        let crlf = Self.chinese.replacingOccurrences(of: "\n", with: "\r\n")
        let bom = try folder.write("bom.csv", bytes: [0xEF, 0xBB, 0xBF] + Array(crlf.utf8))
        let gbk = try folder.write("gbk.csv", bytes: gb18030Bytes(Self.chinese))

        #expect(try CSVReader(path: plain).format == CSVFormat(encoding: .utf8, delimiter: 44))
        #expect(try CSVReader(path: bom).format == CSVFormat(encoding: .utf8BOM, delimiter: 44))
        #expect(try CSVReader(path: gbk).format == CSVFormat(encoding: .gb18030, delimiter: 44))

        let expected = [["身份", "总体评价", "意见"], ["班子成员", "好", "很好，\n继续保持"], ["一般干警", "较好", "无"]]
        #expect(try records(plain).map(\.fields) == expected)
        #expect(try records(gbk).map(\.fields) == expected)
        // CRLF inside the quoted field stays CRLF: the bytes are the file's.
        let bomRecords = try records(bom)
        #expect(bomRecords[1].fields[2] == "很好，\r\n继续保持")
        #expect(bomRecords.map(\.line) == [1, 2, 4])
        #expect(bomRecords.map(\.row) == [1, 2, 3])
    }

    @Test func encodingIsDecidedOnTheWholeFile() throws {
        // Two megabytes of ASCII, then GB18030: the first chunk alone would look like UTF-8.
        var text = "a,b\n"
        for index in 0..<200_000 { text += "\(index),x\n" }
        text += "9,好\n"
        let path = try folder.write("late.csv", bytes: gb18030Bytes(text))
        let reader = try CSVReader(path: path)
        #expect(reader.format.encoding == .gb18030)
        var last: CSVRecord?
        try reader.forEachRecord { last = $0 }
        #expect(last?.fields == ["9", "好"])
        #expect(last?.line == 200_002)
    }

    @Test func delimiterIsSniffed() throws {
        let semicolon = try folder.write("kobo.csv", text: "\"a\";\"b,c\";\"d\"\n\"1\";\"2,3\";\"4\"\n")
        let tab = try folder.write("tab.tsv", text: "a\tb\n1,5\t2\n")
        #expect(try CSVReader(path: semicolon).format.delimiter == UInt8(ascii: ";"))
        #expect(try records(semicolon)[1].fields == ["1", "2,3", "4"])
        #expect(try CSVReader(path: tab).format.delimiter == UInt8(ascii: "\t"))
        #expect(try records(tab)[1].fields == ["1,5", "2"])
    }

    @Test func blanksAreKeptAndBlankLinesSkippedButCounted() throws {
        let path = try folder.write("blank.csv", text: "a,b\r\n\r\n x ,\r\n\n1,2")
        let all = try records(path)
        #expect(all.map(\.fields) == [["a", "b"], [" x ", ""], ["1", "2"]])
        #expect(all.map(\.line) == [1, 3, 5])
        #expect(all.map(\.row) == [1, 2, 3])
    }

    @Test func trailingCommaOnDataRowsIsAccepted() throws {
        let path = try folder.write("tencent.csv", text: "\"a\",\"b\"\n\"1\",\"2\",\n")
        #expect(try records(path)[1].fields == ["1", "2"])
    }

    @Test func strayQuoteNamesItsLineAndField() throws {
        let path = try folder.write("quote.csv", text: "a,b\n1,2\n\"x\ny\",z\"w\n")
        let error = csvError { _ = try records(path) }
        #expect(error == CSVError(.malformedQuote, file: path, line: 4, field: 2))
        #expect(error?.description.hasPrefix("\(path):4: error: a quote character in field 2 is out of place") == true)
    }

    @Test func unterminatedQuoteNamesTheRecordsLine() throws {
        let path = try folder.write("open.csv", text: "a,b\n1,2\n3,\"never closed\n4,5\n")
        #expect(csvError { _ = try records(path) } == CSVError(.unterminatedQuote, file: path, line: 3))
    }

    @Test func wrongWidthIsAnErrorOrReported() throws {
        let path = try folder.write("wide.csv", text: "a,b\n1,2,3\n4\n5,6\n")
        #expect(csvError { _ = try records(path) } == CSVError(.tooManyFields(expected: 2, found: 3), file: path, line: 2))
        var bad: [CSVError] = []
        var good: [[String]] = []
        try CSVReader(path: path).forEachRecord(badRows: .report { error, _ in bad.append(error) }) {
            good.append($0.fields)
        }
        #expect(bad.map(\.line) == [2, 3])
        #expect(bad.map(\.kind) == [.tooManyFields(expected: 2, found: 3), .tooFewFields(expected: 2, found: 1)])
        #expect(good == [["a", "b"], ["5", "6"]])
    }

    @Test func emptyMissingAndFolderInputsAreErrors() throws {
        let empty = try folder.write("empty.csv", text: "")
        let blank = try folder.write("blank.csv", text: "\r\n\n  \n")
        #expect(csvError { _ = try CSVReader(path: empty) } == CSVError(.empty, file: empty))
        #expect(csvError { _ = try CSVReader(path: blank) } == CSVError(.empty, file: blank))
        let missing = folder.path("nope.csv")
        #expect(csvError { _ = try CSVReader(path: missing) }?.kind == .unreadable(reason: "No such file or directory"))
        #expect(csvError { _ = try CSVReader(path: folder.url.path) }?.kind == .unreadable(reason: "it is a folder, not a file"))
    }

    @Test func invalidBytesInForcedUTF8AreNamedByLine() throws {
        // A file that is neither UTF-8, GB18030 nor Windows-1252 (0x81 then a comma is invalid
        // GB18030, and 0x81 is undefined in Windows-1252).
        let path = try folder.write("junk.csv", bytes: Array("a,b\n1,2\n".utf8) + [0x81, 0x2C, 0x31, 0x0A])
        let reader = try CSVReader(path: path)
        #expect(reader.format.encoding == .gb18030)
        #expect(csvError { try reader.forEachRecord { _ in } } == CSVError(.invalidEncoding(.gb18030), file: path, line: 3))
    }

    @Test func utf16WithBOMIsTranscoded() throws {
        var bytes: [UInt8] = [0xFF, 0xFE]
        for unit in "身份\t评价\r\n干警\t好\r\n".utf16 { bytes += [UInt8(unit & 0xFF), UInt8(unit >> 8)] }
        let path = try folder.write("unicode.txt", bytes: bytes)
        #expect(try CSVReader(path: path).format == CSVFormat(encoding: .utf16LE, delimiter: 9))
        #expect(try records(path).map(\.fields) == [["身份", "评价"], ["干警", "好"]])
    }

    @Test func writerQuotesAndNeutralisesFormulas() {
        var writer = CSVWriter()
        writer.append(["a\"b", "=cmd|' /C calc'!A0", "-2", "好"])
        let text = String(decoding: writer.bytes.dropFirst(3), as: UTF8.self)
        #expect(writer.bytes.prefix(3) == [0xEF, 0xBB, 0xBF])
        #expect(text == "\"a\"\"b\",\"'=cmd|' /C calc'!A0\",\"'-2\",\"好\"\r\n")
    }
}
