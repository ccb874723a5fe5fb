import TallyStatistics

/// Checks one ballot's matrix answers against a `limits` rule (FORMS.md).
///
/// Shares and counts are over the matrix's rows as printed on the ballot (a quota such as
/// "at most a third rated 优秀" is a rule about the ballot, whatever was left blank).
enum MatrixLimitCheck {
    /// A short description of the broken rule, or `nil` when the answers keep it.
    static func broken(_ limit: MatrixLimit, rows: [AnswerValue], question: Question) -> String? {
        let count: Int
        let subject: String
        switch limit.subject {
        case .option(let label):
            let index = question.options.firstIndex { $0.label == label }
            count = rows.filter { $0 == .option(index ?? -1) }.count
            subject = "“\(label)”"
        case .atLeast(let bound):
            count = rows.filter { if case .number(let x) = $0 { return x >= bound } else { return false } }.count
            subject = "\(NumberFormat.plain(bound))分及以上"
        case .below(let bound):
            count = rows.filter { if case .number(let x) = $0 { return x < bound } else { return false } }.count
            subject = "低于\(NumberFormat.plain(bound))分"
        case .sameAnswerEverywhere:
            let answered = rows.filter { $0 != .missing }
            guard answered.count == rows.count, rows.count >= 2, Set(answered.map { "\($0)" }).count == 1 else { return nil }
            return "所有对象答案相同"
        }
        if let share = limit.maxShare, share.compare(k: count, n: rows.count) > 0 {
            return "\(subject)不超过\(share)（\(count)/\(rows.count)）"
        }
        if let max = limit.maxCount, count > max { return "\(subject)不超过\(max)人（\(count)人）" }
        if let min = limit.minCount, count < min { return "\(subject)不少于\(min)人（\(count)人）" }
        return nil
    }
}

/// Numbers as written in forms: `90`, `0.5`.
enum NumberFormat {
    static func plain(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : "\(value)"
    }
}
