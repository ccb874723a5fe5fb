import TallyCSV

/// Duplicate respondents (FORMS.md `validity.duplicate_respondent`): with `keep: first` the
/// ballot judge (`BallotRules.verdict`) rejects an id seen before; with `keep: last` the files
/// are read once ahead to find the record kept for each id.
enum Duplicates {
    /// For `duplicate_respondent: { keep: last }`: the record kept for each respondent id.
    static func lastOccurrences(_ request: TallyRequest) throws(TallyError) -> Set<BallotKey> {
        var last: [String: BallotKey] = [:]
        var withoutID: Set<BallotKey> = []
        for file in request.files {
            if file == "-" { throw .invalidRequest("'keep: last' needs files, not standard input (it reads them twice)") }
            do {
                let reader = try CSVReader(path: file, options: request.options.csv)
                var idColumn: Int?
                try reader.forEachRecord(badRows: .report { _, _ in }) { record in
                    if record.row == 1 {
                        var matcher = ColumnMatcher(form: request.form, header: record.fields)
                        idColumn = matcher.build(numberedOverride: nil).idColumn
                        return
                    }
                    let key = BallotKey(file: file, row: record.row)
                    guard let idColumn else {
                        withoutID.insert(key)
                        return
                    }
                    let id = TextFolding.valueKey(record.fields[idColumn])
                    if id.isEmpty { withoutID.insert(key) } else { last[id] = key }
                }
            } catch let error as CSVError {
                throw .csv(error)
            } catch {
                throw .invalidRequest("\(error)")
            }
        }
        return withoutID.union(last.values)
    }
}
