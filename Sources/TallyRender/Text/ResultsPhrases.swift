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
        case (.notABallot, .zh): "非答卷行（表格下方的统计行，不计入收回票数）"
        case (.notABallot, .en): "not a ballot (a tally row below the data; not counted as returned)"
        case (.nothingReadable, .zh): "无可识别的回答（所填内容均不是表单中的选项）"
        case (.nothingReadable, .en): "nothing readable (no answer matches the form's options)"
        case (.requiredMissing(let q), .zh): "必答题“\(q)”未作答"
        case (.requiredMissing(let q), .en): "required question '\(q)' not answered"
        case (.unknownAnswer(let nearest), .zh): "答案不是该题的选项" + (nearest.map { "（最接近“\($0)”）" } ?? "")
        case (.unknownAnswer(let nearest), .en): "the answer is not an option of this question" + (nearest.map { " (nearest: '\($0)')" } ?? "")
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
        case (.attentionFailed(let q), .zh): "注意力检测题“\(q)”答错，整张答卷无效"
        case (.attentionFailed(let q), .en): "the attention check '\(q)' was failed; the response is void"
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
        case "nothing_readable": "无可识别回答"
        case "required_missing": "必答题未答"
        case "unknown_answer": "答案无法识别"
        case "duplicate_respondent": "重复提交"
        case "group_missing": "身份不明"
        case "malformed_row": "格式错误"
        case "limit_broken": "违反每票限制"
        case "incomplete": "未完成"
        case "too_fast": "答题用时过短"
        case "attention_failed": "注意力检测未通过"
        default: code
        }
    }

    package func warning(_ warning: ResultsWarning) -> String {
        let zh = warning.language == .zh
        let subject = warning.unit ?? warning.file ?? ""
        switch warning.code {
        case .unknownGroup:
            let values = warning.items.map { item in
                zh
                    ? "“\(item.value)”\(item.count)张" + (item.nearest.map { "（最接近“\($0)”）" } ?? "")
                    : "'\(item.value)' \(item.count)" + (item.nearest.map { " (nearest '\($0)')" } ?? "")
            }
            return zh
                ? "\(subject)：\(warning.count)张测评票的填答人类别不是表单中的类别：\(values.joined(separator: "、"))。这些测评票计入全体结果，但不计入分类统计和加权；如属表单中的某一类别，请在该类别的 aliases 中加上这一写法后重新计分。"
                : "\(subject): \(warning.count) ballots name a respondent group the form does not have: \(values.joined(separator: ", ")). They count in the overall figures but in no group and in no weighted figure; if one is a group of the form, add it to that group's aliases and score again."
        case .noWeighting:
            return zh
                ? "\(subject)：\(warning.count)张有效测评票中没有一张的填答人类别可以识别，无法按类别加权，各题得分和综合得分均未加权。请检查填答人类别所在的列（表单的 respondents.column）。"
                : "\(subject): none of the \(warning.count) valid ballots has a known respondent group, so nothing is weighted by group; every score is unweighted. Check the column the form reads groups from (respondents.column)."
        case .ruleSkipped:
            let rule = warning.items.first?.value ?? ""
            return zh
                ? "\(subject)：有效性规则 validity.\(rule) 无法适用于这些答卷（\(missingData(rule, zh: true))），已按 --skip-rule \(rule) 跳过，测评票未按这一条检查。"
                : "\(subject): the validity rule validity.\(rule) cannot apply to these files (\(missingData(rule, zh: false))); skipped as --skip-rule \(rule) asked, so no ballot was checked against it."
        case .sheetChosen:
            let item = warning.items.first
            let sheet = item?.value ?? ""
            let first = item?.nearest ?? ""
            return zh
                ? "\(subject)：第一个工作表“\(first)”的表头与表单的题目都对不上，已改读工作表“\(sheet)”（对上\(warning.count)题）。如不是这一张，请用 --sheet 指定。"
                : "\(subject): the first sheet '\(first)' has no header the form fits; read sheet '\(sheet)' instead (\(warning.count) questions found). If that is not the one, name it with --sheet."
        case .unboundColumn:
            let shown = warning.items.prefix(5)
            let more = warning.items.count - shown.count
            let columns = shown.map { item in
                let place = item.column.map { zh ? "第\($0)列" : "column \($0) " } ?? ""
                let near = item.nearest.map { zh ? "，最接近“\($0)”" : ", nearest '\($0)'" } ?? ""
                return zh ? "\(place)“\(item.value)”（\(near.isEmpty ? "无相近的题目" : String(near.dropFirst()))）" : "\(place)'\(item.value)'\(near)"
            }
            let andMore = more > 0 ? (zh ? "等\(warning.items.count)列（其余见 inspect）" : " and \(more) more (see inspect)") : ""
            return zh
                ? "\(subject)：\(columns.joined(separator: "；"))\(andMore)看起来是题目或选项列，但不对应表单中的任何题目或选项，其中的回答未计入。如属表单中的题目，请在该题（或选项）加上 column: 写明这一表头。"
                : "\(subject): \(columns.joined(separator: "; "))\(andMore) look like question or option columns but match no question or option of the form; their answers are not counted. If one belongs to a question, give that question (or option) a column: with this header."
        case .duplicateHeader:
            let headers = warning.items.map { item in
                zh ? "“\(item.value)”（\(item.count)列）" : "'\(item.value)' (\(item.count) columns)"
            }
            return zh
                ? "\(subject)：多列表头相同：\(headers.joined(separator: "、"))；按表头查找时只用第一列，要读其他列请写 column: { index: N }。"
                : "\(subject): several columns share a header: \(headers.joined(separator: ", ")); finding a question by header uses the first, write column: { index: N } to read another."
        }
    }

    /// What a file lacks for a validity rule to apply.
    private func missingData(_ rule: String, zh: Bool) -> String {
        switch rule {
        case "min_seconds": zh ? "没有答题时长列" : "no column of durations"
        case "incomplete": zh ? "没有标记答卷是否完成的列" : "no column that marks unfinished responses"
        case "duplicate_respondent": zh ? "没有填答人编号列" : "no respondent id column"
        default: rule
        }
    }
}
