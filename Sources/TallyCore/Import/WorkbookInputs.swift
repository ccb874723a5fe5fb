import Foundation
import TallyCSV
import TallyWorkbook

/// The Excel workbooks among a run's response files, each read once into a temporary CSV
/// (UTF-8, `,`) that every later stage reads like any other file. Positions are the sheet's:
/// a rejected ballot's row (and line) is its row in the sheet, and a file is named
/// `录入.xlsx (县公安局)` when the workbook has more than one sheet.
struct WorkbookInputs {
    struct Converted {
        /// The file as the user named it, for people.
        var display: String
        /// Sheet rows above the header (a sheet may start lower down).
        var rowOffset: Int
        var summary: SheetCSV.Summary
    }

    /// Temporary CSV path → what it came from.
    private(set) var converted: [String: Converted] = [:]
    private var folder: URL?

    /// Converts the workbooks among `files` (each with its sheet, or `defaultSheet`); returns
    /// the files to read, the workbooks replaced by their CSVs.
    mutating func prepare(_ files: [String], defaultSheet: String?) throws(TallyError) -> [String] {
        var result: [String] = []
        for file in files {
            let (path, sheet) = ResponseSource.decode(file)
            guard ResponseSource.isWorkbook(path) || sheet != nil else {
                result.append(file)
                continue
            }
            let folder = try temporaryFolder()
            let csv = folder.appendingPathComponent("\(converted.count).csv").path
            do {
                let summary = try SheetCSV.write(workbook: path, sheet: sheet ?? defaultSheet, to: csv)
                let display = summary.sheetCount > 1 ? "\(path) (\(summary.sheet))" : path
                converted[csv] = Converted(display: display, rowOffset: summary.headerRow - 1, summary: summary)
            } catch {
                throw .located(error.description)
            }
            result.append(csv)
        }
        return result
    }

    private mutating func temporaryFolder() throws(TallyError) -> URL {
        if let folder { return folder }
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("tally-xlsx-\(UUID().uuidString)")
        do {
            try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        } catch {
            throw .invalidRequest("cannot make a temporary folder for reading workbooks (\(error.localizedDescription))")
        }
        folder = url
        return url
    }

    /// The workbook a temporary CSV was made from, as people name it; `nil` for another file.
    func display(_ csv: String) -> String? { converted[csv]?.display }

    /// Removes the temporary CSVs.
    func cleanUp() {
        if let folder { try? FileManager.default.removeItem(at: folder) }
    }

    /// The outcome with every temporary path replaced by its workbook, and rows counted in the sheet.
    func restore(_ outcome: TallyOutcome) -> TallyOutcome {
        guard !converted.isEmpty else { return outcome }
        var outcome = outcome
        outcome.units = outcome.units.map { unit in
            var unit = unit
            unit.rejected = unit.rejected.map(restore)
            return unit
        }
        outcome.unassigned.rejected = outcome.unassigned.rejected.map(restore)
        outcome.inputs = outcome.inputs.map { input in
            guard let source = converted[input.path] else { return input }
            var input = input
            input.path = source.display
            input.warnings = input.warnings.map { warning in
                var warning = warning
                warning.file = source.display
                return warning
            }
            return input
        }
        return outcome
    }

    /// A rejected entry of a converted workbook: its file, and its row as the sheet numbers it
    /// (a workbook has no lines: `line` is the row too).
    func restore(_ entry: RejectedEntry) -> RejectedEntry {
        guard let source = converted[entry.file] else { return entry }
        var entry = entry
        entry.file = source.display
        entry.row += source.rowOffset
        entry.line = entry.row
        return entry
    }

    /// An error about a converted workbook, naming the workbook and the sheet row instead of
    /// the CSV and its line.
    func restore(_ error: TallyError) -> TallyError {
        guard !converted.isEmpty else { return error }
        let original = "\(error)"
        var text = original
        for (csv, source) in converted {
            // `csv:LINE` → `workbook row N`; then the bare path.
            while let range = text.range(of: csv + ":") {
                let digits = text[range.upperBound...].prefix { $0.isNumber }
                if let line = Int(digits) {
                    let end = text.index(range.upperBound, offsetBy: digits.count)
                    text.replaceSubrange(range.lowerBound..<end, with: "\(source.display) row \(source.summary.sheetRow(ofLine: line))")
                } else {
                    text.replaceSubrange(range, with: source.display + ":")
                }
            }
            text = text.replacingOccurrences(of: csv, with: source.display)
        }
        return text == original ? error : .located(text)
    }
}
