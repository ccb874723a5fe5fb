import Foundation
import ZIPFoundation

/// An Excel workbook (`.xlsx`) read as the importer needs it: its sheets' names, and one sheet
/// turned into CSV rows as the sheet shows its cells, streaming (the sheet's XML is scanned as
/// it inflates; only the shared strings are kept whole). The zip's directory is read by
/// `ZipIndex`; ZIPFoundation inflates.
public struct Workbook {
    public let path: String
    /// The sheets, in the workbook's order.
    public let sheetNames: [String]
    private let sheetParts: [String]
    private let zip: ZipIndex
    private let date1904: Bool

    /// Opens a workbook; a legacy `.xls`, an encrypted workbook or a file that is no zip is an
    /// error that says what to do.
    public static func open(_ path: String) throws(WorkbookError) -> Workbook {
        func fail(_ kind: WorkbookError.Kind) -> WorkbookError { WorkbookError(file: path, kind: kind) }
        guard let handle = FileHandle(forReadingAtPath: path) else { throw fail(.unreadable("no such file, or no permission")) }
        let head = (try? handle.read(upToCount: 1 << 16)) ?? Data()
        try? handle.close()
        if head.starts(with: [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
            // An OLE container: an encrypted .xlsx keeps its EncryptionInfo stream there.
            let marker = Array("EncryptionInfo".utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] })
            throw fail(Self.contains(Array(head), marker) ? .encrypted : .legacyXLS)
        }
        guard head.starts(with: [0x50, 0x4B, 0x03, 0x04]), let zip = ZipIndex(path: path) else { throw fail(.notAZip) }
        var workbook = WorkbookHandler()
        try Self.scan(zip, "xl/workbook.xml", into: &workbook, file: path, required: true)
        var relationships = RelationshipsHandler()
        try Self.scan(zip, "xl/_rels/workbook.xml.rels", into: &relationships, file: path, required: true)
        guard !workbook.sheets.isEmpty else { throw fail(.missingPart("sheet")) }
        let parts = workbook.sheets.map { sheet -> String in
            let target = relationships.targets[sheet.relationship] ?? ""
            // Targets are relative to xl/, or absolute from the package root.
            return target.hasPrefix("/") ? String(target.dropFirst()) : "xl/" + target
        }
        return Workbook(path: path, sheetNames: workbook.sheets.map(\.name), sheetParts: parts, zip: zip, date1904: workbook.date1904)
    }

    /// The sheet `selector` names: a sheet's name, else a 1-based position; the first sheet for `nil`.
    public func sheetIndex(_ selector: String?) throws(WorkbookError) -> Int {
        guard let selector else { return 0 }
        if let index = sheetNames.firstIndex(of: selector) { return index }
        let trimmed = selector.trimmingCharacters(in: .whitespaces)
        if let index = sheetNames.firstIndex(where: { $0.trimmingCharacters(in: .whitespaces) == trimmed }) { return index }
        if let position = Int(trimmed), position >= 1, position <= sheetNames.count { return position - 1 }
        throw WorkbookError(file: path, kind: .noSuchSheet(selector, available: sheetNames))
    }

    /// Reads sheet `index` and hands each row to `sink`, in order.
    func readSheet(_ index: Int, into sink: RowSink, ratioFloor: Int = WorkbookLimits.ratioFloor) throws(WorkbookError) {
        var shared = SharedStringsHandler()
        try Self.scan(zip, "xl/sharedStrings.xml", into: &shared, file: path, required: false)
        var styles = StylesHandler()
        try Self.scan(zip, "xl/styles.xml", into: &styles, file: path, required: false)
        var sheet = SheetHandler(shared: shared.strings, dateStyles: styles.dateStyles(), date1904: date1904, sink: sink)
        try Self.scan(zip, sheetParts[index], into: &sheet, file: path, required: true, limit: WorkbookLimits.sheetBytes, ratioFloor: ratioFloor)
    }

    /// Scans a part as it inflates, refusing more than `limit` bytes, or more than
    /// `WorkbookLimits.ratio` inflated bytes per compressed byte past 64 MiB.
    private static func scan<H: XMLScanner.Handler>(
        _ zip: ZipIndex, _ part: String, into handler: inout H, file: String, required: Bool,
        limit: Int = WorkbookLimits.partBytes, ratioFloor: Int = WorkbookLimits.ratioFloor
    ) throws(WorkbookError) {
        guard let entry = zip.parts[part] else {
            if required { throw WorkbookError(file: file, kind: .missingPart(part)) }
            return
        }
        var scanner = XMLScanner()
        var inflated = 0
        let ratioLimit = max(ratioFloor, entry.compressedSize * WorkbookLimits.ratio)
        var failure: WorkbookError?
        do {
            try zip.inflate(entry) { data in
                inflated += data.count
                if inflated > limit || inflated > ratioLimit {
                    failure = WorkbookError(file: file, kind: .tooLarge(part: part, limit: min(limit, ratioLimit)))
                    throw CancellationError()
                }
                do {
                    try scanner.feed(data, to: &handler)
                } catch let kind as WorkbookError.Kind {
                    failure = WorkbookError(file: file, kind: kind)
                    throw CancellationError()
                } catch let error as WorkbookError {
                    failure = error
                    throw CancellationError()
                }
            }
        } catch {
            throw failure ?? WorkbookError(file: file, kind: .malformed("\(part) is damaged"))
        }
    }

    private static func contains(_ bytes: [UInt8], _ marker: [UInt8]) -> Bool {
        guard marker.count <= bytes.count else { return false }
        for start in 0...(bytes.count - marker.count) where bytes[start] == marker[0] {
            if Array(bytes[start..<(start + marker.count)]) == marker { return true }
        }
        return false
    }
}
