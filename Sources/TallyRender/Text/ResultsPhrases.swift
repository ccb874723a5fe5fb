import TallyCore

/// How results are worded for people, in each language: why a ballot or an answer was
/// rejected (rejected.csv, and the short names in the findings' overview), and why a unit is
/// void (results.json, the findings section, the summary). The one place these are written.
package struct ResultsPhrases: ResultsWording {
    package init() {}

    package func void(_ void: VoidEvaluation, language: Form.Language) -> String {
        switch language {
        case .zh: "收回\(void.returned)张，多于发出的\(void.issued)张，测评无效"
        case .en: "\(void.returned) ballots returned but \(void.issued) issued: the evaluation is void"
        }
    }

    package func reason(_ reason: RejectionReason, language: Form.Language) -> String {
        switch (reason, language) {
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
        case (.limitBroken(let breach), .zh): "违反本题的每票限制（\(limitRule(breach))），本题在该票上无效"
        case (.limitBroken(let breach), .en): "breaks this matrix's per-ballot rule (\(limitRule(breach))); the matrix is void on this ballot"
        case (.incomplete, .zh): "未完成的答卷"
        case (.incomplete, .en): "unfinished response"
        case (.tooFast(let seconds, let minimum), .zh): "答题用时\(NumberText.plain(seconds))秒，少于\(NumberText.plain(minimum))秒"
        case (.tooFast(let seconds, let minimum), .en): "answered in \(NumberText.plain(seconds)) s, under \(NumberText.plain(minimum)) s"
        }
    }

    /// A broken matrix rule as a ballot broke it: `“优秀”不超过1/3（2/3）`, `90分及以上不超过3人（4人）`.
    /// (Written the same in both languages, as forms state these rules.)
    package func limitRule(_ breach: LimitBreach) -> String {
        let subject: String
        switch breach.subject {
        case .option(let label): subject = "“\(label)”"
        case .atLeast(let bound): subject = "\(NumberText.plain(bound))分及以上"
        case .below(let bound): subject = "低于\(NumberText.plain(bound))分"
        case .sameAnswerEverywhere: return "所有对象答案相同"
        }
        switch breach.bound {
        case .maxShare(let share): return "\(subject)不超过\(share)（\(breach.count)/\(breach.rows)）"
        case .maxCount(let max): return "\(subject)不超过\(max)人（\(breach.count)人）"
        case .minCount(let min): return "\(subject)不少于\(min)人（\(breach.count)人）"
        case .sameAnswerEverywhere: return "所有对象答案相同"
        }
    }

    /// The short name of an invalid-ballot reason, for the overview's breakdown (`空白3张`).
    package func reasonName(code: String, language: Form.Language) -> String {
        guard language == .zh else { return code }
        return switch code {
        case "blank_ballot": "空白"
        case "required_missing": "必答题未答"
        case "unknown_answer": "答案无法识别"
        case "duplicate_respondent": "重复提交"
        case "group_missing": "身份不明"
        case "malformed_row": "格式错误"
        case "limit_broken": "违反每票限制"
        case "incomplete": "未完成"
        case "too_fast": "答题用时过短"
        default: code
        }
    }
}
