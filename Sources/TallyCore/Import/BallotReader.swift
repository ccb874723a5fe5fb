import TallyCSV

/// One answer as read from a cell, before validity rules. A plain value (no references), so
/// that a million ballots of thirty answers are copied without reference counting.
enum AnswerValue: Equatable, Sendable {
    case missing
    /// A problem with the answer (unknown option, out of range, too many choices); the
    /// reason is listed in `rejected.csv`.
    case invalid
    case option(Int)
    /// Multi-select: the chosen options.
    case options(Choices)
    case number(Double)
    /// A written answer (only its presence is counted; the text stays in the export).
    case text
}

/// The options chosen in a multi-select answer, as a set of indexes below 64 (a form's
/// multi-select question has at most 64 options; `FormLoader` checks).
struct Choices: Equatable, Sendable, Sequence {
    private(set) var bits: UInt64 = 0

    init<S: Sequence>(_ indexes: S) where S.Element == Int {
        for index in indexes { insert(index) }
    }

    mutating func insert(_ index: Int) {
        precondition(index >= 0 && index < 64, "a multi-select question has at most 64 options")
        bits |= 1 << UInt64(index)
    }

    var count: Int { bits.nonzeroBitCount }
    var isEmpty: Bool { bits == 0 }

    /// The indexes, ascending.
    func makeIterator() -> Iterator { Iterator(rest: bits) }

    struct Iterator: IteratorProtocol {
        var rest: UInt64

        mutating func next() -> Int? {
            guard rest != 0 else { return nil }
            let index = rest.trailingZeroBitCount
            rest &= rest - 1
            return index
        }
    }
}

/// A record read against a form: each question's answer, the respondent's group and unit.
struct Ballot {
    enum GroupValue: Equatable { case group(Int), missing, unknown }

    var file: String
    var row: Int
    var line: Int
    var unitCell: String?
    var group: GroupValue
    var respondentID: String?
    /// Seconds the respondent took, when the file says.
    var seconds: Double?
    /// The platform marks the response unfinished.
    var incomplete = false
    /// One answer per cell of the form, in form order: a question's answer, or each row of
    /// a matrix (see `BallotRules.cells`).
    var answers: [AnswerValue]
    /// Answer-level problems, with the column and value, for `rejected.csv`.
    var problems: [RejectedEntry]

    /// Empties the ballot for the next record, keeping the storage of its arrays.
    mutating func reset(row: Int, line: Int) {
        self.row = row
        self.line = line
        unitCell = nil
        group = .missing
        respondentID = nil
        seconds = nil
        incomplete = false
        answers.removeAll(keepingCapacity: true)
        if !problems.isEmpty { problems.removeAll() }
    }
}

/// What one cell says, read on its own: the answer, and the problem to list when there is one.
/// It depends only on the cell's text and the cell's kind, so a reader may remember it per
/// distinct cell (see `RawCells`).
struct CellReading: Equatable {
    var value: AnswerValue
    var problem: CellProblem?
}

/// How a cell is read: which question, and in what role.
enum CellKind {
    case single(Int)
    case number(Int)
    case text
    case multi(Int)
    /// A per-option multi-select column: `.missing`, or `.option(0)` (not chosen) / `.option(1)` (chosen).
    case optionFlag
    case matrixRow(Int)
}

/// Where a ballot's cells come from: strings (`StringCells`) or bytes (`RawCells`).
protocol CellSource {
    /// The cell read as `kind`; `slot` numbers the reads of one record (for memoising).
    mutating func reading(slot: Int, column: Int, kind: CellKind, reader: BallotReader) -> CellReading
    mutating func group(column: Int, reader: BallotReader) -> Ballot.GroupValue
    /// Trimmed, width-folded text of a cell (unit, respondent id, completion).
    mutating func key(column: Int) -> String
    /// The cell as the file has it (for `rejected.csv` and durations).
    func text(column: Int) -> String
}

/// Cells of a `CSVRecord`: every read goes the slow way.
struct StringCells: CellSource {
    let fields: [String]

    mutating func reading(slot: Int, column: Int, kind: CellKind, reader: BallotReader) -> CellReading {
        reader.readCell(fields[column], kind)
    }
    mutating func group(column: Int, reader: BallotReader) -> Ballot.GroupValue {
        reader.readGroup(fields[column])
    }
    mutating func key(column: Int) -> String { TextFolding.valueKey(fields[column]) }
    func text(column: Int) -> String { fields[column] }
}

/// Cells of a `CSVRawRecord`, with each read remembered per distinct byte string: a column
/// of 好/较好/一般/差 is matched four times, not once per row. `CellMemo` keeps the tables
/// between records.
struct RawCells: CellSource {
    /// The record being read; set before each `BallotReader.read(_:)`.
    var record: CSVRawRecord?
    var memo: CellMemo
    /// The ballot last read, its storage reused for the next.
    var ballot: Ballot
    /// Per slot, what an empty cell reads as (the reader's, copied once).
    private let empty: [CellReading]
    /// Check the UTF-8 of every cell this source decodes or counts as text (see
    /// `CSVReader.forEachRawRecord(utf8CheckedByCaller:)`); `sawInvalidUTF8` says if one was not.
    var checksUTF8 = false
    private(set) var sawInvalidUTF8 = false

    /// Field `column` as a string, checked when `checksUTF8`.
    private mutating func decode(_ record: CSVRawRecord, _ column: Int) -> String {
        guard checksUTF8 else { return record.string(column) }
        if let text = record.validatedString(column) { return text }
        sawInvalidUTF8 = true
        return record.string(column)
    }

    init(reader: BallotReader) {
        memo = CellMemo(slots: reader.slotCount)
        empty = reader.emptyReadings
        ballot = reader.emptyBallot(row: 0, line: 0)
    }

    mutating func reading(slot: Int, column: Int, kind: CellKind, reader: BallotReader) -> CellReading {
        let record = record!
        if record.byteCount(column) == 0 { return empty[slot] }
        if case .text = kind, record.byteCount(column) > 16,
            record.scalarCount(column, excluding: TextFolding.isBlank, upTo: MissingMarker.longest + 1) > MissingMarker.longest
        {
            // Longer than any missing marker once trimmed: written, whatever it says.
            if checksUTF8 && !record.isValidUTF8(column) { sawInvalidUTF8 = true }
            return CellReading(value: .text)
        }
        if let known = memo.cells.value(of: record, field: column, namespace: slot) { return known }
        let reading = reader.readCell(decode(record, column), kind)
        memo.cells.remember(reading, of: record, field: column, namespace: slot)
        return reading
    }
    mutating func group(column: Int, reader: BallotReader) -> Ballot.GroupValue {
        let record = record!
        if let known = memo.groups.value(of: record, field: column) { return known }
        let value = reader.readGroup(decode(record, column))
        memo.groups.remember(value, of: record, field: column)
        return value
    }
    mutating func key(column: Int) -> String {
        let record = record!
        if let known = memo.keys.value(of: record, field: column) { return known }
        let value = TextFolding.valueKey(decode(record, column))
        memo.keys.remember(value, of: record, field: column)
        return value
    }
    func text(column: Int) -> String { record!.string(column) }
}

/// The tables `RawCells` remembers readings in, one per cell read of a record.
struct CellMemo {
    /// Namespace: the slot.
    var cells: CSVFieldTable<CellReading>
    var groups = CSVFieldTable<Ballot.GroupValue>()
    /// Unit names (few per file; a column of ids fills the table and is then read the slow way).
    var keys = CSVFieldTable<String>(limit: 256)

    init(slots: Int) {
        cells = CSVFieldTable(namespaces: slots)
    }
}

/// Reads records into ballots with a `ColumnMap`. A class: it is large and read-only, and a
/// copy per record would cost more than the reading.
/// (`@unchecked Sendable`: `emptyReadings` is set once, at the end of `init`.)
final class BallotReader: @unchecked Sendable {
    let form: Form
    let map: ColumnMap
    let file: String
    private let matchers: [ValueMatcher]
    private let groupMatcher: ValueMatcher?
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
        var slots: [Int] = []
        var kinds: [CellKind] = []
        for (q, question) in form.questions.enumerated() {
            slots.append(kinds.count)
            switch map.bindings[q] {
            case .cell: kinds.append(Self.kind(of: question, q))
            case .perOption(let columns): kinds += columns.map { _ in .optionFlag }
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
        if let column = map.completionColumn { ballot.incomplete = TextFolding.valueKey(cells.text(column: column)).isEmpty }
        if let column = map.idColumn {
            let id = TextFolding.valueKey(cells.text(column: column))
            ballot.respondentID = id.isEmpty ? nil : id
        }
        if let column = map.respondentColumn, groupMatcher != nil {
            ballot.group = cells.group(column: column, reader: self)
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
                for (o, column) in columns.enumerated() {
                    guard let column else { continue }
                    let flag = cells.reading(slot: slot + o, column: column, kind: .optionFlag, reader: self).value
                    if flag == .missing { continue }
                    anyPresent = true
                    if flag == .option(1) { chosen.insert(o) }
                }
                if !anyPresent {
                    ballot.answers.append(.missing)
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
            return CellReading(value: .invalid, problem: .unknownAnswer)
        case .number(let q):
            return number(cell, form.questions[q])
        case .text:
            return CellReading(value: MissingMarker.isMissing(TextFolding.valueKey(cell)) ? .missing : .text)
        case .multi(let q):
            let key = TextFolding.valueKey(cell)
            if MissingMarker.isMissing(key) { return CellReading(value: .missing) }
            let selection = MultiSelectReader(matcher: matchers[q]).read(cell, numbered: map.numbered)
            if !selection.unknown.isEmpty { return CellReading(value: .invalid, problem: .unknownAnswer) }
            return choices(Choices(selection.chosen), form.questions[q])
        case .optionFlag:
            let key = TextFolding.valueKey(cell)
            if MissingMarker.isMissing(key) { return CellReading(value: .missing) }
            return CellReading(value: .option(AnswerChecks.isNotChosen(key) ? 0 : 1))
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
