import Foundation

/// A sheet written as CSV (UTF-8, `,`, quoted where needed, LF), one record per sheet row
/// from the header on, so that every later stage reads it as it reads any CSV and a record's
/// row is the sheet's row: rows the sheet skips are written as empty records. Rows above the
/// first row with a value are left out. Each record is as wide as the header (trailing empty
/// cells left out, short rows padded), so that a row with values past the header is reported
/// like a CSV row with too many fields.
public enum SheetCSV {
    /// What was written.
    public struct Summary: Sendable, Equatable {
        /// The sheet's name.
        public var sheet: String
        /// The sheet row of the header (1 when the sheet starts with it).
        public var headerRow: Int
        /// Records written, the header included.
        public var records: Int
        /// Sheets the workbook has.
        public var sheetCount: Int
        /// Records whose cells hold line breaks, so that they span several lines of the CSV:
        /// (their first line, their record number, the lines they span).
        public var multiLine: [MultiLineRecord]
        /// Sheet rows with a formula cell (a clerk's tallies below the data are formulas).
        public var formulaRows: [Int] = []

        /// The sheet row of the record that starts on (or spans) `line` of the CSV.
        public func sheetRow(ofLine line: Int) -> Int {
            var record = line
            for span in multiLine {
                guard span.line <= line else { break }
                record = line < span.line + span.lines ? span.record : line - (span.line - span.record) - (span.lines - 1)
            }
            return record + headerRow - 1
        }
    }

    public struct MultiLineRecord: Sendable, Equatable {
        public var line: Int
        public var record: Int
        public var lines: Int
    }

    /// Writes sheet `selector` (a name or a 1-based position; the first sheet for `nil`) of the
    /// workbook at `path` to the CSV file `csvPath`.
    public static func write(workbook path: String, sheet selector: String?, to csvPath: String) throws(WorkbookError) -> Summary {
        try write(workbook: path, sheet: selector, to: csvPath, ratioFloor: WorkbookLimits.ratioFloor, outputFloor: WorkbookLimits.outputFloor)
    }

    /// `write`, checking the zip-bomb ratio past `ratioFloor` inflated bytes and the text's size
    /// past `outputFloor` (tests use less).
    static func write(
        workbook path: String, sheet selector: String?, to csvPath: String, ratioFloor: Int, outputFloor: Int = WorkbookLimits.outputFloor
    ) throws(WorkbookError) -> Summary {
        let workbook = try Workbook.open(path)
        let index = try workbook.sheetIndex(selector)
        guard FileManager.default.createFile(atPath: csvPath, contents: nil), let handle = FileHandle(forWritingAtPath: csvPath) else {
            throw WorkbookError(file: csvPath, kind: .unreadable("cannot write a temporary file"))
        }
        defer { try? handle.close() }
        let fileSize = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
        let writer = CSVRowWriter(handle: handle, limit: max(outputFloor, fileSize * WorkbookLimits.outputPerFileByte))
        try workbook.readSheet(index, into: writer, ratioFloor: ratioFloor)
        do {
            try writer.flush()
        } catch let kind as WorkbookError.Kind {
            throw WorkbookError(file: path, kind: kind)
        } catch {
            throw WorkbookError(file: csvPath, kind: .unreadable("cannot write a temporary file: \(error)"))
        }
        return Summary(
            sheet: workbook.sheetNames[index], headerRow: writer.headerRow ?? 1, records: writer.records,
            sheetCount: workbook.sheetNames.count, multiLine: writer.multiLine, formulaRows: writer.formulaRows)
    }
}

/// Writes rows as CSV records, buffered.
final class CSVRowWriter: RowSink {
    private let handle: FileHandle
    private var buffer: [UInt8] = []
    private(set) var headerRow: Int?
    private var lastRow = 0
    private var width = 0
    private(set) var records = 0
    private(set) var multiLine: [SheetCSV.MultiLineRecord] = []
    /// Sheet rows with a formula cell.
    private(set) var formulaRows: [Int] = []
    private var line = 0
    private let limit: Int
    private var written = 0

    init(handle: FileHandle, limit: Int) {
        self.handle = handle
        self.limit = limit
        buffer.reserveCapacity(1 << 20)
    }

    func row(_ number: Int, _ cells: [(column: Int, text: String)], formula: Bool) throws {
        if formula { formulaRows.append(number) }
        if headerRow == nil {
            guard let last = cells.last else { return }
            headerRow = number
            lastRow = number - 1
            width = last.column + 1
        }
        // Rows the sheet skips are empty records, so that record N is the sheet's row N.
        while lastRow + 1 < number {
            buffer.append(contentsOf: repeatElement(UInt8(ascii: ","), count: max(0, width - 1)))
            buffer.append(0x0A)
            lastRow += 1
            records += 1
            line += 1
        }
        var next = 0
        var breaks = 0
        for cell in cells {
            breaks += cell.text.utf8.reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) }
            while next < cell.column {
                if next > 0 { buffer.append(UInt8(ascii: ",")) }
                next += 1
            }
            if next > 0 { buffer.append(UInt8(ascii: ",")) }
            Self.appendField(cell.text, to: &buffer)
            next = cell.column + 1
        }
        while next < width {
            if next > 0 { buffer.append(UInt8(ascii: ",")) }
            next += 1
        }
        buffer.append(0x0A)
        lastRow = number
        records += 1
        if breaks > 0 { multiLine.append(SheetCSV.MultiLineRecord(line: line + 1, record: records, lines: breaks + 1)) }
        line += breaks + 1
        if buffer.count >= 1 << 20 { try flush() }
    }

    func flush() throws {
        guard !buffer.isEmpty else { return }
        written += buffer.count
        if written > limit { throw WorkbookError.Kind.outputTooLarge(limit: limit) }
        try handle.write(contentsOf: buffer)
        buffer.removeAll(keepingCapacity: true)
    }

    /// A field, quoted when it holds a delimiter, a quote or a line break.
    static func appendField(_ text: String, to buffer: inout [UInt8]) {
        let utf8 = text.utf8
        let needsQuotes = utf8.contains { $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "\"") || $0 == 0x0A || $0 == 0x0D }
        guard needsQuotes else {
            buffer.append(contentsOf: utf8)
            return
        }
        buffer.append(UInt8(ascii: "\""))
        for byte in utf8 {
            if byte == UInt8(ascii: "\"") { buffer.append(byte) }
            buffer.append(byte)
        }
        buffer.append(UInt8(ascii: "\""))
    }
}
