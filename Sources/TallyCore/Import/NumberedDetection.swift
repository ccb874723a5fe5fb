import TallyCSV

/// 问卷星's 按选项序号 download without `第N题(…)` columns: recognised by its metadata columns
/// and by its cells — where the questions whose options are words hold (nearly) only whole
/// numbers within their options' count, the cells are option positions. Then every number is a
/// position, even in a question whose options are themselves digits (an NPS scored 0–10 and
/// coded 1–11): read as labels, its 9 would be the option "9" and every count would shift by one.
enum NumberedDetection {
    /// Records looked at, after the header.
    static let sample = 50

    /// Whether the first records of `file` hold option positions where `map` expects labels.
    static func looksNumbered(_ file: String, options: ImportOptions, map: ColumnMap, form: Form) -> Bool {
        var checked: [(column: Int, options: Int)] = []
        for (q, question) in form.questions.enumerated() where question.type == .single || (question.type == .matrix && !question.numericAnswers) {
            guard !question.options.isEmpty, !question.options.allSatisfy({ ValueMatcher.wholeNumber($0.label) != nil }) else { continue }
            switch map.bindings[q] {
            case .cell(let column): checked.append((column, question.options.count))
            case .rows(let columns): checked += columns.compactMap { $0 }.map { ($0, question.options.count) }
            default: continue
            }
        }
        guard !checked.isEmpty, let reader = try? CSVReader(path: file, options: options.csv) else { return false }
        struct Enough: Error {}
        var cells = 0
        var positions = 0
        do {
            try reader.forEachRecord(badRows: .report { _, _ in }) { record in
                guard record.row > map.headerRows else { return }
                if record.row > map.headerRows + sample { throw Enough() }
                for (column, count) in checked where column < record.fields.count {
                    let key = TextFolding.valueKey(record.fields[column])
                    if MissingMarker.isMissing(key) { continue }
                    cells += 1
                    if let number = ValueMatcher.wholeNumber(key), number >= 1, number <= count { positions += 1 }
                }
            }
        } catch {}
        return cells >= 10 && positions * 10 >= cells * 9
    }
}
