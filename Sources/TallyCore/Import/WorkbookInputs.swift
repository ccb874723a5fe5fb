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
        /// Set when no sheet was named and the first had no header the form fits: the sheet
        /// read instead, the first sheet's name and the questions found.
        var chosen: Chosen?
        typealias Chosen = (sheet: String, first: String, questions: Int, language: Form.Language)
    }

    /// Temporary CSV path → what it came from.
    private(set) var converted: [String: Converted] = [:]
    private var folder: URL?

    /// Converts the workbooks among `files` (each with its sheet, or `defaultSheet`); returns
    /// the files to read, the workbooks replaced by their CSVs.
    ///
    /// With a `form` and no sheet named: when the first sheet's header binds no question of the
    /// form and another sheet's does, that sheet is read (the one whose header binds the most
    /// questions; two sheets binding as many are an error naming both), and said so.
    mutating func prepare(_ files: [String], defaultSheet: String?, form: Form? = nil) throws(TallyError) -> [String] {
        var result: [String] = []
        for file in files {
            let (path, sheet) = ResponseSource.decode(file)
            // What the file is, by its bytes: a workbook is read as one whatever its name; a
            // Word document, PDF, image or zip is refused as what it is.
            let kind = path == "-" ? FileKind.text : FileKind.of(path: path)
            switch kind {
            case .wordDocument, .slides, .pdf, .image, .oldOffice: throw .notResponses(file: path, kind: kind)
            // A damaged workbook is a zip too: the workbook reader says what is wrong with it.
            case .zip where !ResponseSource.isWorkbook(path): throw .notResponses(file: path, kind: kind)
            default: break
            }
            guard ResponseSource.isWorkbook(path) || sheet != nil || kind == .workbook else {
                result.append(file)
                continue
            }
            let folder = try temporaryFolder()
            let csv = folder.appendingPathComponent("\(converted.count).csv").path
            do {
                var summary = try SheetCSV.write(workbook: path, sheet: sheet ?? defaultSheet, to: csv)
                var chosen: Converted.Chosen?
                if let form, sheet == nil, defaultSheet == nil, summary.sheetCount > 1, Self.questionsFound(form, csv: csv) == 0 {
                    (summary, chosen) = try choose(path, form: form, first: summary, csv: csv, folder: folder)
                }
                let display = summary.sheetCount > 1 ? "\(path) (\(summary.sheet))" : path
                converted[csv] = Converted(display: display, rowOffset: summary.headerRow - 1, summary: summary, chosen: chosen)
            } catch let error as WorkbookError {
                throw .located(error.description)
            } catch let error as TallyError {
                throw error
            } catch {
                throw .located("\(path): error: \(error)")
            }
            result.append(csv)
        }
        return result
    }

    /// Questions of `form` a CSV's first record binds as a header; 0 when it cannot be read.
    static func questionsFound(_ form: Form, csv: String) -> Int {
        guard let reader = try? CSVReader(path: csv) else { return 0 }
        struct Enough: Error {}
        var header: [String]?
        // The header only: reading stops at the first record.
        try? reader.forEachRecord(badRows: .report { _, _ in }) { record in
            header = record.fields
            throw Enough()
        }
        guard let header else { return 0 }
        var matcher = ColumnMatcher(form: form, header: header)
        return matcher.build(numberedOverride: nil).bindings.compactMap { $0 }.count
    }

    /// The sheet whose header binds the most questions (the first one has none): written to
    /// `csv` in place of the first. Two sheets that fit equally are an error naming both.
    private func choose(
        _ path: String, form: Form, first: SheetCSV.Summary, csv: String, folder: URL
    ) throws -> (SheetCSV.Summary, Converted.Chosen?) {
        let names = try Workbook.open(path).sheetNames
        var fits: [(index: Int, questions: Int)] = []
        for index in names.indices.dropFirst().prefix(50) {
            let trial = folder.appendingPathComponent("sheet-\(index).csv").path
            defer { try? FileManager.default.removeItem(atPath: trial) }
            _ = try SheetCSV.write(workbook: path, sheet: String(index + 1), to: trial)
            fits.append((index, Self.questionsFound(form, csv: trial)))
        }
        guard let best = fits.map(\.questions).max(), best > 0 else { return (first, nil) }
        let winners = fits.filter { $0.questions == best }
        if winners.count > 1 {
            throw TallyError.located(
                "\(path): error: the first sheet '\(names[0])' has no header the form fits, and sheets "
                    + winners.prefix(2).map { "'\(names[$0.index])'" }.joined(separator: " and ")
                    + " fit it equally (\(best) questions each); name the one to read with --sheet (or sheet: in the campaign)")
        }
        let summary = try SheetCSV.write(workbook: path, sheet: String(winners[0].index + 1), to: csv)
        return (summary, (names[winners[0].index], names[0], best, form.language))
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

    /// Per temporary CSV, its records (header = 1) whose sheet row holds a formula.
    var formulaRecords: [String: Set<Int>] {
        converted.compactMapValues { source in
            source.summary.formulaRows.isEmpty ? nil : Set(source.summary.formulaRows.map { $0 - source.rowOffset })
        }
    }

    /// Where a temporary CSV's ledger lines come from: the workbook (named `shown`), its sheet,
    /// and the rows above its header; `nil` for another file.
    func ledgerSource(_ csv: String, shown: String) -> LedgerSource? {
        converted[csv].map { LedgerSource(file: shown, sheet: $0.summary.sheet, rowOffset: $0.rowOffset) }
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
            if let chosen = source.chosen {
                input.warnings.append(
                    ResultsWarning(
                        code: .sheetChosen, file: source.display,
                        items: [.init(value: chosen.sheet, count: chosen.questions, nearest: chosen.first)], language: chosen.language))
            }
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
