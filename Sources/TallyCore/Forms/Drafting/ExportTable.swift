import Crypto
import Foundation
import TallyCSV

/// An export read whole to draft a form from: the header as scoring reads it (several header
/// rows combined the same way), and every record's cells, trimmed and width-folded.
struct ExportTable {
    /// The files as the user named them.
    var files: [String]
    var header: [String]
    /// A platform's row of question texts (Qualtrics), when it writes one.
    var texts: [String]?
    var records: [[String]]
    var platform: Platform
    /// Rows of the header, when more than one.
    var headerRows: Int
    /// The first 8 hex digits of the SHA-256 of the files' bytes, in order.
    var digest: String

    /// Reads `files` (CSV or workbooks); every file must have the first one's header.
    static func read(_ files: [String], options: ImportOptions) throws(TallyError) -> ExportTable {
        guard !files.isEmpty else { throw .invalidRequest("give at least one export to draft a form from") }
        var workbooks = WorkbookInputs()
        defer { workbooks.cleanUp() }
        let paths = try workbooks.prepare(files, defaultSheet: options.sheet)
        var table = ExportTable(files: files, header: [], texts: nil, records: [], platform: .generic, headerRows: 1, digest: "")
        var bytes = Data()
        for (index, path) in paths.enumerated() {
            let source = ResponseSource.decode(files[index]).path
            guard let data = FileManager.default.contents(atPath: source) else {
                throw .invalidRequest("\(files[index]): cannot read the file")
            }
            bytes.append(data)
            var rows: [[String]] = []
            var needed = 1
            do {
                let reader = try CSVReader(path: path, options: options.csv)
                try reader.forEachRecord(badRows: .report { _, record in rows.append(record.fields) }) { record in
                    if record.row == 1 { needed = HeaderRows.count(first: record.fields, form: nil, options: options) }
                    rows.append(record.fields)
                }
            } catch let error as CSVError {
                throw workbooks.restore(.csv(error))
            } catch {
                throw .invalidRequest("\(files[index]): \(error)")
            }
            let headerRows = Array(rows.prefix(needed))
            let combined = HeaderRows.combine(headerRows, form: nil, options: options)
            let header = combined.header.map { TextFolding.trim($0) }
            if index == 0 {
                table.header = header
                table.texts = combined.texts
                table.headerRows = needed
                table.platform = Platforms.platform(of: headerRows.first.map { $0.map { TextFolding.trim(TextFolding.foldWidth($0)) } } ?? [])
            } else if header != table.header {
                throw .invalidRequest(
                    "\(files[index]): its header differs from \(files[0])'s; draft a form from exports of one questionnaire")
            }
            for record in rows.dropFirst(needed) {
                // Trimmed, not width-folded: options are written as the export spells them.
                table.records.append(record.map { TextFolding.trim($0) })
            }
        }
        table.digest = SHA256.hash(data: bytes).prefix(4).map { String(format: "%02x", $0) }.joined()
        return table
    }

    /// The non-empty cells of a column that are not a platform's “not answered” marker.
    func values(_ column: Int) -> [String] {
        records.compactMap { column < $0.count ? $0[column] : nil }.filter {
            !$0.isEmpty && !Platforms.missingMarkers.contains(TextFolding.foldWidth($0))
        }
    }
}
