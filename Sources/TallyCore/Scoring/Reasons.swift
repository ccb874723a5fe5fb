/// Why a ballot or an answer was not counted. Rendered in the form's language in
/// `rejected.csv` and the findings section; results.json keeps the stable `code`.
public enum RejectionReason: Sendable, Hashable {
    case blankBallot
    case requiredMissing(question: String)
    case unknownAnswer
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
    case limitBroken(String)
    /// The platform marks the response unfinished (`validity.incomplete: invalid`).
    case incomplete
    /// Filled in faster than `validity.min_seconds`.
    case tooFast(seconds: Double, minimum: Double)

    /// A stable identifier, for machines.
    public var code: String {
        switch self {
        case .blankBallot: "blank_ballot"
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
        }
    }

    /// The reason in words, in `language`.
    package func text(_ language: Form.Language) -> String {
        switch (self, language) {
        case (.blankBallot, .zh): "空白票（所有评价题均未作答）"
        case (.blankBallot, .en): "blank ballot (no rated question answered)"
        case (.requiredMissing(let q), .zh): "必答题“\(q)”未作答"
        case (.requiredMissing(let q), .en): "required question '\(q)' not answered"
        case (.unknownAnswer, .zh): "答案不是该题的选项"
        case (.unknownAnswer, .en): "the answer is not an option of this question"
        case (.unknownAnswerVoidsBallot(let q), .zh): "“\(q)”的答案不是该题的选项，整张票无效"
        case (.unknownAnswerVoidsBallot(let q), .en): "the answer to '\(q)' is not an option; the ballot is void"
        case (.tooManyChoices(let max), .zh): "多选超过\(max)项"
        case (.tooManyChoices(let max), .en): "more than \(max) options chosen"
        case (.outOfRange, .zh): "数值超出允许范围"
        case (.outOfRange, .en): "the number is outside the allowed range"
        case (.notANumber, .zh): "不是数字"
        case (.notANumber, .en): "not a number"
        case (.duplicateRespondent, .zh): "重复提交（编号与前一张票相同）"
        case (.duplicateRespondent, .en): "duplicate respondent (same id as another ballot)"
        case (.groupMissing, .zh): "身份为空或无法识别"
        case (.groupMissing, .en): "respondent group empty or not recognised"
        case (.malformedRow(let detail), .zh): "行格式错误：\(detail)"
        case (.malformedRow(let detail), .en): "malformed row: \(detail)"
        case (.unitMissing, .zh): "单位为空"
        case (.unitMissing, .en): "unit cell is empty"
        case (.unitUnknown, .zh): "单位不在名单中"
        case (.unitUnknown, .en): "unit is not one of the units scored"
        case (.limitBroken(let rule), .zh): "违反本题的每票限制（\(rule)），本题在该票上无效"
        case (.limitBroken(let rule), .en): "breaks this matrix's per-ballot rule (\(rule)); the matrix is void on this ballot"
        case (.incomplete, .zh): "未完成的答卷"
        case (.incomplete, .en): "unfinished response"
        case (.tooFast(let seconds, let minimum), .zh): "答题用时\(NumberFormat.plain(seconds))秒，少于\(NumberFormat.plain(minimum))秒"
        case (.tooFast(let seconds, let minimum), .en): "answered in \(NumberFormat.plain(seconds)) s, under \(NumberFormat.plain(minimum)) s"
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
