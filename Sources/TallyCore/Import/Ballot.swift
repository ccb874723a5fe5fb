// The values a record is read into: answers, choices, the ballot, a cell's reading.

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
    /// The group cell, trimmed, when it names no group.
    var unknownGroupCell: String?
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
        unknownGroupCell = nil
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
    /// One option of a multi-select written as its own column.
    case optionFlag(question: Int, option: Int)
    case matrixRow(Int)
}
