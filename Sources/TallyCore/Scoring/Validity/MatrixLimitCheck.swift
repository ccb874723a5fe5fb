import TallyStatistics

/// A matrix's per-ballot rule (`limits`) as one ballot broke it.
public struct LimitBreach: Sendable, Hashable {
    /// Which rule: its subject, and the bound that was crossed.
    package enum Bound: Sendable, Hashable {
        /// More than this share of the rows (`max_share`).
        case maxShare(Threshold)
        /// More than this many rows (`max_count`).
        case maxCount(Int)
        /// Fewer than this many rows (`min_count`).
        case minCount(Int)
        /// The same answer for every row (`same_answer_everywhere`).
        case sameAnswerEverywhere
    }

    package var subject: MatrixLimit.Subject
    package var bound: Bound
    /// Rows of the ballot that the subject covers (0 for `sameAnswerEverywhere`).
    package var count: Int
    /// Rows of the matrix on the ballot.
    package var rows: Int
}

/// Checks one ballot's matrix answers against a `limits` rule (FORMS.md).
///
/// Shares and counts are over the matrix's rows as printed on the ballot (a quota such as
/// "at most a third rated 优秀" is a rule about the ballot, whatever was left blank).
enum MatrixLimitCheck {
    /// The broken rule, or `nil` when the answers keep it.
    static func broken(_ limit: MatrixLimit, rows: [AnswerValue], question: Question) -> LimitBreach? {
        let count: Int
        switch limit.subject {
        case .option(let label):
            let index = question.options.firstIndex { $0.label == label }
            count = rows.filter { $0 == .option(index ?? -1) }.count
        case .atLeast(let bound):
            count = rows.filter { if case .number(let x) = $0 { return x >= bound } else { return false } }.count
        case .below(let bound):
            count = rows.filter { if case .number(let x) = $0 { return x < bound } else { return false } }.count
        case .sameAnswerEverywhere:
            let answered = rows.filter { $0 != .missing }
            guard answered.count == rows.count, rows.count >= 2, Set(answered.map { "\($0)" }).count == 1 else { return nil }
            return LimitBreach(subject: limit.subject, bound: .sameAnswerEverywhere, count: 0, rows: rows.count)
        }
        let breach = { (bound: LimitBreach.Bound) in LimitBreach(subject: limit.subject, bound: bound, count: count, rows: rows.count) }
        if let share = limit.maxShare, share.compare(k: count, n: rows.count) > 0 { return breach(.maxShare(share)) }
        if let max = limit.maxCount, count > max { return breach(.maxCount(max)) }
        if let min = limit.minCount, count < min { return breach(.minCount(min)) }
        return nil
    }
}
