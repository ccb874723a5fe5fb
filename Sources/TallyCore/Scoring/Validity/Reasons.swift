/// Why a ballot or an answer was not counted: data only. TallyRender words it in the form's
/// language (rejected.csv, the findings section); results.json keeps the stable `code`.
public enum RejectionReason: Sendable, Hashable {
    case blankBallot
    /// A row below the data that is a tally, not a ballot (非答卷行): listed, never counted.
    case notABallot
    /// Not blank, yet no scored answer can be read: every one is empty or matches no option.
    case nothingReadable
    case requiredMissing(question: String)
    /// The answer matches no option; `nearest` is the option it most likely meant.
    case unknownAnswer(nearest: String?)
    case unknownAnswerVoidsBallot(question: String)
    case tooManyChoices(max: Int)
    case outOfRange
    case notANumber
    case duplicateRespondent
    case groupMissing
    case malformedRow(String)
    case unitMissing
    case unitUnknown
    /// A per-ballot matrix rule (`limits`) is broken: the matrix is void on this ballot.
    case limitBroken(LimitBreach)
    /// The platform marks the response unfinished (`validity.incomplete: invalid`).
    case incomplete
    /// An attention check answered otherwise than `validity.attention` expects.
    case attentionFailed(question: String)
    /// Filled in faster than `validity.min_seconds`.
    case tooFast(seconds: Double, minimum: Double)

    /// A stable identifier, for machines.
    public var code: String {
        switch self {
        case .blankBallot: "blank_ballot"
        case .notABallot: "not_a_ballot"
        case .nothingReadable: "nothing_readable"
        case .requiredMissing: "required_missing"
        case .unknownAnswer: "unknown_answer"
        case .unknownAnswerVoidsBallot: "unknown_answer"
        case .tooManyChoices: "too_many_choices"
        case .outOfRange: "out_of_range"
        case .notANumber: "not_a_number"
        case .duplicateRespondent: "duplicate_respondent"
        case .groupMissing: "group_missing"
        case .malformedRow: "malformed_row"
        case .unitMissing: "unit_missing"
        case .unitUnknown: "unit_unknown"
        case .limitBroken: "limit_broken"
        case .incomplete: "incomplete"
        case .tooFast: "too_fast"
        case .attentionFailed: "attention_failed"
        }
    }
}

/// One line of `rejected.csv`: a rejected ballot (no column) or a rejected answer.
public struct RejectedEntry: Sendable, Equatable {
    public var file: String
    /// Row as a spreadsheet shows it (header = 1).
    public var row: Int
    /// Physical line where the record starts.
    public var line: Int
    /// The column header, empty for a whole ballot.
    public var column: String
    /// The cell as written (empty for a whole ballot).
    public var value: String
    public var reason: RejectionReason

    /// The same entry with its row and line moved down (a later part of a file read in parts).
    func shifted(rows: Int, lines: Int) -> RejectedEntry {
        var entry = self
        entry.row += rows
        entry.line += lines
        return entry
    }
}

/// The problem a single cell has, for `rejected.csv` (a plain value, like `AnswerValue`).
enum CellProblem: Equatable, Sendable {
    case unknownAnswer(nearest: String?)
    case tooManyChoices(max: Int)
    case outOfRange
    case notANumber

    var reason: RejectionReason {
        switch self {
        case .unknownAnswer(let nearest): .unknownAnswer(nearest: nearest)
        case .tooManyChoices(let max): .tooManyChoices(max: max)
        case .outOfRange: .outOfRange
        case .notANumber: .notANumber
        }
    }
}
