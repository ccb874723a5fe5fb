import Foundation
import Testing
@_spi(Engine) import TallyCSV
import TallyTestSupport

/// Reading a file in parts: a part must end between two records.
@Suite("Reading in parts")
struct ReadingInPartsTests {
    @Test func partsCoverTheFileAndEndBetweenRecords() throws {
        let folder = try TemporaryFolder()
        var text = "a,b,c\n"
        for index in 0..<4000 { text += "\(index),z,\"x\ny\"\n" }
        let path = try folder.write("parts.csv", bytes: Array(text.utf8))
        let reader = try CSVReader(path: path)
        let ranges = try #require(try reader.likelyRecordRanges(parts: 3, minimumPartSize: 1000, fieldsPerRecord: 3))
        #expect(ranges.count == 3 && ranges.first!.lowerBound == 0 && ranges.last!.upperBound == text.utf8.count)
        var rows = 0
        for (index, range) in ranges.enumerated() {
            let summary = try reader.forEachRawRecord(range: range, expectedWidth: 3) { record in
                #expect(record.count == 3)
                if index > 0 || record.row > 1 { #expect(record.string(2) == "x\ny") }
            }
            rows += summary.rows
        }
        #expect(rows == 4001)
    }

    @Test func aPartEndingInsideAQuotedFieldFails() throws {
        let folder = try TemporaryFolder()
        let text = "a,b\n1,\"x\ny\"\n2,z\n"
        let path = try folder.write("quoted.csv", bytes: Array(text.utf8))
        let reader = try CSVReader(path: path)
        // Ends after the LF inside "x\ny".
        let inside = text.utf8.firstIndex(of: UInt8(ascii: "y"))!
        let end = text.utf8.distance(from: text.utf8.startIndex, to: inside)
        #expect(throws: CSVError.self) { try reader.forEachRawRecord(range: 0..<end) { _ in } }
        // Ends between records: fine.
        try reader.forEachRawRecord(range: 0..<(end + 3)) { _ in }
    }
}
