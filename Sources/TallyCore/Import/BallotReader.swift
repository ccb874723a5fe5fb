@_spi(Engine) import TallyCSV

/// Reads records into ballots with a `ColumnMap`. A class: it is large and read-only, and a
/// copy per record would cost more than the reading.
/// (`@unchecked Sendable`: `emptyReadings` is set once, at the end of `init`.)
final class BallotReader: @unchecked Sendable {
    let form: Form
    let map: ColumnMap
    let file: String
    private let matchers: [ValueMatcher]
    private let groupMatcher: ValueMatcher?
    private let vocabulary: AnswerChecks.PerOptionVocabulary
    /// How each question is read, in form order.
    private let steps: [Step]

    enum Step {
        /// No column: unanswered (every row of a matrix).
        case absent(cells: Int)
        case cell(column: Int, slot: Int, kind: CellKind)
        case perOption(question: Int, columns: [Int?], slot: Int)
        case rows(question: Int, columns: [Int?], slot: Int)
    }
    /// Per slot, what an empty cell reads as.
    private(set) var emptyReadings: [CellReading] = []

    init(form: Form, map: ColumnMap, file: String) {
        self.form = form
        self.map = map
        self.file = file
        matchers = form.questions.map { ValueMatcher(options: $0.options) }
        groupMatcher = form.respondents.map { ValueMatcher(options: $0.groups.map(\.asOption)) }
        vocabulary = AnswerChecks.PerOptionVocabulary(form.importSettings)
        var slots: [Int] = []
        var kinds: [CellKind] = []
        for (q, question) in form.questions.enumerated() {
            slots.append(kinds.count)
            switch map.bindings[q] {
            case .cell: kinds.append(Self.kind(of: question, q))
            case .perOption(let columns): kinds += columns.indices.map { .optionFlag(question: q, option: $0) }
            case .rows(let columns): kinds += columns.map { _ in .matrixRow(q) }
            case nil: break
            }
        }
        steps = form.questions.indices.map { q in
            switch map.bindings[q] {
            case .cell where form.questions[q].type == .matrix: .absent(cells: form.questions[q].rows.count)
            case .cell(let column): .cell(column: column, slot: slots[q], kind: Self.kind(of: form.questions[q], q))
            case .perOption(let columns): .perOption(question: q, columns: columns, slot: slots[q])
            case .rows(let columns): .rows(question: q, columns: columns, slot: slots[q])
            case nil: .absent(cells: form.questions[q].type == .matrix ? form.questions[q].rows.count : 1)
            }
        }
        emptyReadings = kinds.map { readCell("", $0) }
    }

    /// Columns whose every read goes through `CellSource.reading`, `group` or `key` (the rest —
    /// ids, durations, columns of no question — are only ever read as text, if at all).
    var memoizedColumns: Set<Int> {
        var columns: Set<Int> = []
        for step in steps {
            switch step {
            case .absent: break
            case .cell(let column, _, _): columns.insert(column)
            case .perOption(_, let list, _), .rows(_, let list, _): columns.formUnion(list.compactMap { $0 })
            }
        }
        if let unit = map.unitColumn { columns.insert(unit) }
        if let group = map.respondentColumn, groupMatcher != nil { columns.insert(group) }
        // A column read in two roles (say, as the unit and as a question) is read as text too.
        for column in [map.idColumn, map.completionColumn].compactMap({ $0 }) { columns.remove(column) }
        if case .column(let column) = map.duration { columns.remove(column) }
        if case .startEnd(let start, let end) = map.duration {
            columns.remove(start)
            columns.remove(end)
        }
        return columns
    }

    /// Number of cell reads per record (the size of a `CellMemo`).
    var slotCount: Int { emptyReadings.count }

    private static func kind(of question: Question, _ q: Int) -> CellKind {
        switch question.type {
        case .single: .single(q)
        case .number: .number(q)
        case .text: .text
        case .multi: .multi(q)
        case .matrix: .matrixRow(q)
        }
    }

    func read(_ record: CSVRecord) -> Ballot {
        var cells = StringCells(fields: record.fields)
        var ballot = emptyBallot(row: record.row, line: record.line)
        read(&cells, into: &ballot)
        return ballot
    }

    /// Reads the raw record `cells` holds into `cells.ballot`, remembering cell readings in
    /// its memo (which must come from this reader: `RawCells(reader:)`).
    func read(_ cells: inout RawCells) {
        var ballot = cells.ballot
        cells.ballot.answers = []  // `ballot` holds the only reference: its storage is reused
        ballot.reset(row: cells.record!.row, line: cells.record!.line)
        read(&cells, into: &ballot)
        cells.ballot = ballot
    }

    func emptyBallot(row: Int, line: Int) -> Ballot {
        var ballot = Ballot(
            file: file, row: row, line: line, unitCell: nil, group: .missing, respondentID: nil,
            answers: [], problems: [])
        ballot.answers.reserveCapacity(form.questions.count)
        return ballot
    }

    private func read<Cells: CellSource>(_ cells: inout Cells, into ballot: inout Ballot) {
        if let column = map.unitColumn { ballot.unitCell = cells.key(column: column) }
        if let duration = map.duration { ballot.seconds = duration.seconds { cells.text(column: $0) } }
        if let column = map.completionColumn { ballot.incomplete = Self.unfinished(TextFolding.valueKey(cells.text(column: column))) }
        if let column = map.idColumn {
            let id = TextFolding.valueKey(cells.text(column: column))
            ballot.respondentID = id.isEmpty ? nil : id
        }
        if let column = map.respondentColumn, groupMatcher != nil {
            ballot.group = cells.group(column: column, reader: self)
            if ballot.group == .unknown { ballot.unknownGroupCell = TextFolding.trim(cells.text(column: column)) }
        }
        // One local copy of the plan: no retain per question of the reader's arrays.
        let steps = self.steps
        for step in steps {
            switch step {
            case .absent(let cells):
                for _ in 0..<cells { ballot.answers.append(.missing) }
            case .cell(let column, let slot, let kind):
                let reading = cells.reading(slot: slot, column: column, kind: kind, reader: self)
                if let reason = reading.problem { problem(&ballot, column: column, reason: reason, cells) }
                ballot.answers.append(reading.value)
            case .perOption(let q, let columns, let slot):
                var chosen = Choices([])
                var anyPresent = false
                var unknown = false
                for (o, column) in columns.enumerated() {
                    guard let column else { continue }
                    let reading = cells.reading(slot: slot + o, column: column, kind: .optionFlag(question: q, option: o), reader: self)
                    if reading.value == .missing { continue }
                    anyPresent = true
                    if reading.value == .option(1) { chosen.insert(o) }
                    if let reason = reading.problem {
                        unknown = true
                        problem(&ballot, column: column, reason: reason, cells)
                    }
                }
                if !anyPresent {
                    ballot.answers.append(.missing)
                    continue
                }
                if unknown {
                    // A cell that is neither chosen nor not chosen: the question's answer is not known.
                    ballot.answers.append(.invalid)
                    continue
                }
                let last = columns.compactMap { $0 }.first ?? 0
                let reading = choices(chosen, form.questions[q], emptyIsMissing: true)
                if let reason = reading.problem { problem(&ballot, column: last, reason: reason, cells) }
                ballot.answers.append(reading.value)
            case .rows(let q, let columns, let slot):
                for (r, column) in columns.enumerated() {
                    guard let column else {
                        ballot.answers.append(.missing)
                        continue
                    }
                    let reading = cells.reading(slot: slot + r, column: column, kind: .matrixRow(q), reader: self)
                    if let reason = reading.problem { problem(&ballot, column: column, reason: reason, cells) }
                    ballot.answers.append(reading.value)
                }
            }
        }
    }

    private func problem<Cells: CellSource>(_ ballot: inout Ballot, column: Int, reason: CellProblem, _ cells: Cells) {
        ballot.problems.append(
            RejectedEntry(
                file: file, row: ballot.row, line: ballot.line, column: map.header[column], value: cells.text(column: column),
                reason: reason.reason))
    }

    /// A completion cell that marks an unfinished response: empty (LimeSurvey's submit date),
    /// or 0 / false (Qualtrics' `Finished`).
    static func unfinished(_ key: String) -> Bool {
        key.isEmpty || key == "0" || key.lowercased() == "false"
    }

    /// The respondent group a cell names.
    func readGroup(_ cell: String) -> Ballot.GroupValue {
        let key = TextFolding.valueKey(cell)
        if MissingMarker.isMissing(key) { return .missing }
        if let index = groupMatcher?.match(key, numbered: map.numbered) { return .group(index) }
        return .unknown
    }

    /// Reads one cell as `kind`: the slow way, from its text.
    func readCell(_ cell: String, _ kind: CellKind) -> CellReading {
        switch kind {
        case .single(let q):
            let key = TextFolding.valueKey(cell)
            if MissingMarker.isMissing(key) { return CellReading(value: .missing) }
            if let option = matchers[q].match(key, numbered: map.numbered) { return CellReading(value: .option(option)) }
            return CellReading(value: .invalid, problem: .unknownAnswer(nearest: matchers[q].nearestLabel(key)))
        case .number(let q):
            return number(cell, form.questions[q])
        case .text:
            return CellReading(value: MissingMarker.isMissing(TextFolding.valueKey(cell)) ? .missing : .text)
        case .multi(let q):
            let key = TextFolding.valueKey(cell)
            if MissingMarker.isMissing(key) { return CellReading(value: .missing) }
            let selection = MultiSelectReader(matcher: matchers[q]).read(cell, numbered: map.numbered)
            if let piece = selection.unknown.first {
                return CellReading(value: .invalid, problem: .unknownAnswer(nearest: matchers[q].nearestLabel(piece)))
            }
            return choices(Choices(selection.chosen), form.questions[q])
        case .optionFlag(let q, let o):
            switch vocabulary.flag(TextFolding.valueKey(cell), option: form.questions[q].options[o]) {
            case .missing: return CellReading(value: .missing)
            case .notChosen: return CellReading(value: .option(0))
            case .chosen: return CellReading(value: .option(1))
            case .unknown: return CellReading(value: .invalid, problem: .unknownAnswer(nearest: nil))
            }
        case .matrixRow(let q):
            let question = form.questions[q]
            if question.numericAnswers { return number(cell, question) }
            return readCell(cell, .single(q))
        }
    }

    private func choices(_ chosen: Choices, _ question: Question, emptyIsMissing: Bool = false) -> CellReading {
        if chosen.isEmpty && emptyIsMissing { return CellReading(value: .missing) }
        if let problem = AnswerChecks.choices(chosen.count, question) { return CellReading(value: .invalid, problem: problem) }
        return CellReading(value: .options(chosen))
    }

    private func number(_ cell: String, _ question: Question) -> CellReading {
        var key = TextFolding.valueKey(cell)
        if MissingMarker.isMissing(key) { return CellReading(value: .missing) }
        if key.hasSuffix("分") { key = TextFolding.trim(String(key.dropLast())) }
        guard let value = Double(key), value.isFinite else {
            return CellReading(value: .invalid, problem: .notANumber)
        }
        if let problem = AnswerChecks.number(value, question) { return CellReading(value: .invalid, problem: problem) }
        return CellReading(value: .number(value))
    }
}
