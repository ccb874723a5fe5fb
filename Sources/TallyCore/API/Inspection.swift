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
}

extension Tally {
    /// Reads a file's format, header and record count, and maps its columns onto `form`.
    public static func inspect(file: String, form: Form?, options: ImportOptions = ImportOptions()) throws(TallyError) -> InspectReport {
        do {
            let reader = try CSVReader(path: file, options: options.csv)
            var header: [String] = []
            var records = 0
            try reader.forEachRecord(badRows: .report { _, _ in records += 1 }) { record in
                if record.row == 1 { header = record.fields } else { records += 1 }
            }
            let emptyForm = Form(
                id: "none", title: "", kind: .survey, language: .en, scales: [], respondents: nil, unit: nil, questions: [],
                sections: [], rubric: Rubric(rates: [], index: .none, grades: [], suppressBelow: 0), findings: [],
                validity: Validity(), source: "")
            var matcher = ColumnMatcher(form: form ?? emptyForm, header: header)
            let map = matcher.build(numberedOverride: options.numberedCodes)
            return InspectReport(
                file: file, format: InputFormat(reader.format), shape: map.shape, records: records, header: header, roles: map.roles,
                unmatched: map.unmatched, numbered: map.numbered)
        } catch let error as CSVError {
            throw .csv(error)
        } catch {
            throw .invalidRequest("\(error)")
        }
    }
}
