import TallyCSV

/// What the importer sees in one file (`tally inspect`).
public struct InspectReport: Sendable {
    public var file: String
    public var format: InputFormat
    public var shape: ExportShape
    /// Data records, the header not counted.
    public var records: Int
    public var header: [String]
    /// Per column, how it is read (all `.ignored` without a form).
    public var roles: [ColumnRole]
    /// Questions with no column.
    public var unmatched: [(question: String, tried: String)]
    /// Cells are read as option numbers.
    package var numbered: Bool
    /// Rows of the header (Qualtrics 3, `header_rows` 2).
    package var headerRows = 1
    /// Why the file was taken for `shape`, in words.
    package var shapeReason = ""
    /// With a form: what scoring the file would warn about (unknown group values, columns that
    /// bind to nothing, duplicate headers, rules that cannot apply), every rule tried.
    public internal(set) var warnings: [ResultsWarning] = []
    /// With a form: why scoring the file as it is would stop, if it would.
    public internal(set) var stop: TallyError?
    /// With a form: rows that are no ballot (a clerk's tallies below the data), as the file numbers them.
    package var nonBallotRows: [Int] = []
}

extension Tally {
    /// Reads a file's format, header and record count, and maps its columns onto `form`.
    public static func inspect(file: String, form: Form?, options: ImportOptions = ImportOptions()) throws(TallyError) -> InspectReport {
        var workbooks = WorkbookInputs()
        defer { workbooks.cleanUp() }
        let path = try workbooks.prepare([file], defaultSheet: options.sheet, form: form)[0]
        do {
            var report = try inspect(csv: path, form: form, options: options)
            report.file = workbooks.display(path) ?? file
            if let form, report.records > 0 { report.trialScore(form, file: file, options: options) }
            return report
        } catch {
            throw workbooks.restore(error)
        }
    }

    private static func inspect(csv file: String, form: Form?, options: ImportOptions) throws(TallyError) -> InspectReport {
        do {
            let reader = try CSVReader(path: file, options: options.csv)
            var headerRows: [[String]] = []
            var needed = 1
            var records = 0
            try reader.forEachRecord(badRows: .report { _, _ in records += 1 }) { record in
                if record.row == 1 { needed = HeaderRows.count(first: record.fields, form: form, options: options) }
                if record.row <= needed { headerRows.append(record.fields) } else { records += 1 }
            }
            let combined = HeaderRows.combine(headerRows, form: form, options: options)
            let header = combined.header
            let emptyForm = Form(
                id: "none", title: "", kind: .survey, language: .en, scales: [], respondents: nil, unit: nil, questions: [],
                sections: [], rubric: Rubric(rates: [], index: .none, grades: [], suppressBelow: 0), findings: [],
                validity: Validity(), source: "")
            var matcher = ColumnMatcher(form: form ?? emptyForm, header: header, texts: combined.texts)
            var map = matcher.build(numberedOverride: options.numberedCodes)
            if let form, map.shape == .wjxText, options.numberedCodes == nil,
                NumberedDetection.looksNumbered(file, options: options, map: map, form: form)
            {
                var numbered = ColumnMatcher(form: form, header: header, texts: combined.texts)
                map = numbered.build(numberedOverride: true)
                map.shape = .wjxNumbered
            }
            var report = InspectReport(
                file: file, format: InputFormat(reader.format), shape: map.shape, records: records, header: header, roles: map.roles,
                unmatched: map.unmatched.map { ($0.question, $0.tried) }, numbered: map.numbered)
            report.headerRows = headerRows.count
            report.shapeReason = Platforms.reason(headerRows.first ?? [])
            return report
        } catch let error as CSVError {
            throw .csv(error)
        } catch {
            throw .invalidRequest("\(error)")
        }
    }
}

extension InspectReport {
    fileprivate static func nonBallotRows(_ document: ResultsDocument) -> [Int] {
        (document.units.flatMap(\.rejected) + document.unassigned.rejected).filter { $0.reason == .notABallot }.map(\.row).sorted()
    }

    /// Scores the file as `score` would, to show what it would stop on or warn about: first as
    /// the user asked, then — if that stops on a missing column or a rule that cannot apply —
    /// with those let through, so that every other warning is seen too.
    fileprivate mutating func trialScore(_ form: Form, file: String, options: ImportOptions) {
        var relaxed = options
        relaxed.progress = nil
        relaxed.listing = .nonBallotRowsOnly
        do {
            let document = try Tally.score(form: form, files: [file], options: relaxed)
            warnings = document.warnings
            nonBallotRows = Self.nonBallotRows(document)
            return
        } catch {
            stop = error
        }
        relaxed.allowMissingColumns = true
        relaxed.skipRules = Set(ImportOptions.skippableRules)
        // A rule skipped here only to see past it is no rule "skipped as --skip-rule asked": the
        // stop above already says it cannot apply.
        let document = try? Tally.score(form: form, files: [file], options: relaxed)
        warnings = (document?.warnings ?? []).filter { warning in
            warning.code != .ruleSkipped || warning.items.allSatisfy { options.skipRules.contains($0.value) }
        }
        nonBallotRows = document.map(Self.nonBallotRows) ?? []
    }
}
