import TallyCore

/// Renders a unit's findings section as Markdown: 基本情况 (ballots), the composite index,
/// problems and strengths, then result tables per question.
public struct FindingsMarkdown {
    public let unit: UnitResult
    public let campaign: String?

    public init(unit: UnitResult, campaign: String? = nil) {
        self.unit = unit
        self.campaign = campaign
    }

    private var zh: Bool { unit.form.language == .zh }

    public func render() -> String {
        var out: [String] = []
        out.append("## \(MarkdownEscaping.inline(unit.unit))\(zh ? "民主测评和问卷调查情况" : ": evaluation results")")
        out.append("")
        out.append(heading(zh ? "（一）基本情况" : "Overview"))
        out.append("")
        out.append(overview())
        out.append("")
        if let void = unit.void {
            out.append(zh ? "**\(void)。本单位测评结果不予采用，应重新组织测评。**" : "**\(void). The results are not used; the evaluation should be held again.**")
            out.append("")
            return out.joined(separator: "\n")
        }
        let problems = unit.findings.filter { $0.kind == .problem }
        let strengths = unit.findings.filter { $0.kind == .strength }
        let notes = unit.findings.filter { $0.kind == .note }
        out.append(heading(zh ? "（二）测评结果" : "Results"))
        out.append("")
        out.append(indexSentence())
        out.append("")
        if !strengths.isEmpty || !notes.isEmpty {
            for finding in strengths + notes {
                out.append(sentence(finding))
            }
            out.append("")
        }
        out.append(heading(zh ? "（三）存在的问题" : "Problems"))
        out.append("")
        if problems.isEmpty {
            out.append(zh ? "测评数据未触发问题规则。" : "No finding rule about problems fired.")
        } else {
            out.append(enumerated(problems))
        }
        out.append("")
        out.append(heading(zh ? "（四）分项统计" : "Figures by question"))
        out.append("")
        for (number, (question, figures)) in zip(unit.form.questions, unit.questions).enumerated() {
            out += table(number + 1, question, figures)
        }
        if !unit.suppressed.isEmpty {
            out.append(
                zh
                    ? "注：为保护测评人匿名，\(unit.suppressed.joined(separator: "、"))人数较少（或可由总数推算），其分组结果不单独列出，但计入全体结果。"
                    : "Note: to protect anonymity, the figures of \(unit.suppressed.joined(separator: ", ")) are not shown by group (too few ballots, or recoverable from the total); they are included in the unit's figures.")
            out.append("")
        }
        return out.joined(separator: "\n")
    }

    private func heading(_ text: String) -> String { "### \(text)" }

    private func overview() -> String {
        let b = unit.ballots
        var parts: [String] = []
        if zh {
            var first = ""
            if let issued = b.issued { first += "本次测评共发出测评票\(issued)张，收回\(b.rows)张" } else { first += "本次测评共收回测评票\(b.rows)张" }
            if let rate = b.returnedRate { first += "，收回率\(NumberText.percent(rate.value))" }
            first += "；其中有效票\(b.valid)张，无效票\(b.invalid)张"
            if b.abstain > 0 { first += "（有效票中弃权\(b.abstain)张）" }
            parts.append(first + "。")
            if !unit.invalidReasons.isEmpty {
                let reasons = unit.invalidReasons.map { "\(reasonName($0.code))\($0.count)张" }.joined(separator: "，")
                parts.append("无效票中，\(reasons)。")
            }
            if !unit.respondents.isEmpty {
                let groups = unit.respondents.filter { $0.count > 0 }.map { "\(MarkdownEscaping.inline($0.label))\($0.count)人" }.joined(separator: "、")
                if !groups.isEmpty { parts.append("有效票中，\(groups)。") }
            }
        } else {
            var first = b.issued.map { "\($0) ballots were issued and \(b.rows) returned" } ?? "\(b.rows) ballots were returned"
            if let rate = b.returnedRate { first += " (\(NumberText.percent(rate.value)))" }
            first += "; \(b.valid) valid, \(b.invalid) invalid"
            if b.abstain > 0 { first += " (\(b.abstain) abstentions among the valid)" }
            parts.append(first + ".")
            if !unit.respondents.isEmpty {
                parts.append("Valid ballots by group: " + unit.respondents.map { "\(MarkdownEscaping.inline($0.label)) \($0.count)" }.joined(separator: ", ") + ".")
            }
        }
        return parts.joined()
    }

    private func reasonName(_ code: String) -> String {
        switch code {
        case "blank_ballot": "空白票"
        case "required_missing": "必答题未答"
        case "unknown_answer": "答案无法识别"
        case "duplicate_respondent": "重复提交"
        case "group_missing": "身份不明"
        case "malformed_row": "格式错误"
        default: code
        }
    }

    private func indexSentence() -> String {
        guard let index = unit.index else {
            return zh ? "本表未设综合得分，或无可计分的有效回答。" : "No composite index (none defined, or no scored answers)."
        }
        var text = zh ? "综合得分\(NumberText.decimal(index))分" : "Composite index \(NumberText.decimal(index))"
        if let grade = unit.grade { text += zh ? "，等次为“\(grade)”" : ", grade \(grade)" }
        text += zh ? "。" : "."
        if unit.indexRenormalised {
            text += zh ? "部分计分题无有效回答，综合得分按其余各题权重重新折算。" : " Some scored questions had no answers; the index reweights the others."
        }
        return text
    }

    private func sentence(_ finding: Finding) -> String {
        var text = MarkdownEscaping.inline(finding.text)
        if let cite = finding.cite { text += zh ? "（依据：\(MarkdownEscaping.inline(cite))）" : " (basis: \(MarkdownEscaping.inline(cite)))" }
        return text
    }

    private func enumerated(_ findings: [Finding]) -> String {
        findings.enumerated().map { index, finding in
            zh ? "\(NumberText.chineseNumeral(index + 1))是\(sentence(finding))" : "\(index + 1). \(sentence(finding))"
        }.joined(separator: zh ? "" : "\n")
    }

    // MARK: Tables

    private func table(_ number: Int, _ question: Question, _ figures: QuestionFigures) -> [String] {
        var out = ["#### \(number). \(MarkdownEscaping.inline(question.text))", ""]
        switch question.type {
        case .text:
            let n = figures.whole?.overall.n ?? 0
            out.append(zh ? "填写意见建议\(n)条（原文见导出数据，不在报告中列出）。" : "\(n) comments written (not reproduced here).")
            out.append("")
            return out
        case .number:
            if let cell = figures.whole?.overall { out += numberTable([(zh ? "全体" : "All", cell)]) }
            return out
        case .matrix:
            if question.numericAnswers {
                out += numberTable(figures.rows.map { ($0.label, $0.figures.overall) }, weighted: figures.rows.map(\.figures.weightedMean))
                return out
            }
            let labels = question.options.map(\.label)
            out.append("| \(zh ? "对象" : "Row") | " + labels.map(MarkdownEscaping.inline).joined(separator: " | ") + " | n | \(zh ? "均分" : "Mean") | " + rateHeaders(figures.rows.first?.figures.overall) + "|")
            out.append("|---|" + String(repeating: "---:|", count: labels.count + 2 + (figures.rows.first?.figures.overall.rates.count ?? 0)))
            for row in figures.rows {
                let cell = row.figures.overall
                out.append("| \(MarkdownEscaping.inline(row.label)) | " + cell.counts.map { String($0.count) }.joined(separator: " | ") + " | \(cell.n) | \(NumberText.decimal(row.figures.weightedMean)) | " + rateCells(cell) + "|")
            }
            out.append("")
            out.append(baseNote(question, missing: figures.rows.map(\.figures.overall.missing).max() ?? 0))
            out.append("")
            return out
        case .single, .multi:
            guard let whole = figures.whole else { return out }
            let cell = whole.overall
            let base = cell.n
            let answered = cell.counts.reduce(0) { $0 + $1.count }
            out.append("| \(zh ? "选项" : "Option") | \(zh ? "票数" : "Count") | \(zh ? "占比" : "Share") |")
            out.append("|---|---:|---:|")
            for (option, (label, count)) in zip(question.options, cell.counts) {
                // Options left out of the base (不了解) show no share, so shares add up to 100%.
                let share =
                    question.type == .single && !option.counted
                    ? (zh ? "不计入" : "not in base")
                    : base > 0 ? NumberText.percent(Double(count) / Double(base)) : "—"
                out.append("| \(MarkdownEscaping.inline(label)) | \(count) | \(share) |")
            }
            out.append("")
            var notes: [String] = []
            if question.type == .multi {
                notes.append(zh ? "作答\(cell.n)人，占比为选择该项的人数占作答人数的比例（多选，合计可超过100%）。" : "\(cell.n) answered; shares are of those who answered (several choices allowed).")
            } else {
                notes.append(baseNote(question, missing: cell.missing, invalid: cell.invalid, answered: answered, counted: cell.n))
                if let mean = whole.weightedMean {
                    notes.append(zh ? "平均得分\(NumberText.decimal(cell.mean))分，按身份加权\(NumberText.decimal(mean))分。" : "Mean score \(NumberText.decimal(cell.mean)); weighted by group \(NumberText.decimal(mean)).")
                    if whole.renormalised { notes.append(zh ? "部分身份类别无有效回答，权重按其余类别重新折算。" : "Some groups gave no answer; the weights of the others were rescaled.") }
                }
                for rate in cell.rates { notes.append(rateSentence(rate)) }
            }
            out.append(notes.joined(separator: zh ? "" : " "))
            out.append("")
            let shownGroups = whole.groups
            if !shownGroups.isEmpty && question.type == .single {
                out += groupTable(question, shownGroups)
            }
            return out
        }
    }

    private func rateHeaders(_ cell: CellFigures?) -> String {
        (cell?.rates ?? []).map { MarkdownEscaping.inline($0.name) + " | " }.joined()
    }

    private func rateCells(_ cell: CellFigures) -> String {
        cell.rates.map { NumberText.percent($0.proportion.value) + " | " }.joined()
    }

    private func baseNote(_ question: Question, missing: Int, invalid: Int = 0, answered: Int? = nil, counted: Int? = nil) -> String {
        let uncounted = question.options.filter { !$0.counted }.map(\.label)
        var text = ""
        if zh {
            if let counted { text += "计入比例的有效回答\(counted)人" } else { text += "比例以计入的有效回答为基数" }
            if !uncounted.isEmpty {
                let excluded = answered.flatMap { a in counted.map { a - $0 } } ?? 0
                text += "（“\(uncounted.joined(separator: "”“"))”\(excluded > 0 ? "\(excluded)人" : "")不计入基数）"
            }
            if missing > 0 { text += "，未作答\(missing)人" }
            if invalid > 0 { text += "，答案无效\(invalid)人" }
            text += "。"
        } else {
            text += counted.map { "Base: \($0) counted answers" } ?? "Shares are of counted answers"
            if !uncounted.isEmpty { text += " (\(uncounted.joined(separator: ", ")) not in the base)" }
            if missing > 0 { text += "; \(missing) not answered" }
            if invalid > 0 { text += "; \(invalid) invalid" }
            text += "."
        }
        return text
    }

    private func rateSentence(_ rate: RateFigure) -> String {
        let p = rate.proportion
        let base = rate.includesUncounted ? (zh ? "含“不了解”" : "including don't-know") : (zh ? "不含“不了解”" : "excluding don't-know")
        if zh {
            return "\(rate.name)\(NumberText.percent(p.value))（\(p.k)/\(p.n)，\(base)，95%置信区间\(NumberText.percent(p.low))～\(NumberText.percent(p.high))）。"
        }
        return "\(rate.name) \(NumberText.percent(p.value)) (\(p.k)/\(p.n), \(base); 95% CI \(NumberText.percent(p.low))–\(NumberText.percent(p.high)))."
    }

    private func groupTable(_ question: Question, _ groups: [GroupFigures]) -> [String] {
        let labels = question.options.map(\.label)
        var out = ["| \(zh ? "身份" : "Group") | " + labels.map(MarkdownEscaping.inline).joined(separator: " | ") + " | n | \(zh ? "均分" : "Mean") |"]
        out.append("|---|" + String(repeating: "---:|", count: labels.count + 2))
        for group in groups {
            if let figures = group.figures {
                out.append("| \(MarkdownEscaping.inline(group.label)) | " + figures.counts.map { String($0.count) }.joined(separator: " | ") + " | \(figures.n) | \(NumberText.decimal(figures.mean)) |")
            } else {
                out.append("| \(MarkdownEscaping.inline(group.label)) | " + labels.map { _ in "·" }.joined(separator: " | ") + " | · | · |")
            }
        }
        out.append("")
        return out
    }

    private func numberTable(_ rows: [(String, CellFigures)], weighted: [Double?]? = nil) -> [String] {
        var out = ["| \(zh ? "对象" : "Row") | n | \(zh ? "均值" : "Mean") | \(zh ? "标准差" : "SD") | \(zh ? "中位数" : "Median") | \(zh ? "最低" : "Min") | \(zh ? "最高" : "Max") |"]
        out.append("|---|---:|---:|---:|---:|---:|---:|")
        for (label, cell) in rows {
            let h = cell.numbers
            out.append("| \(MarkdownEscaping.inline(label)) | \(cell.n) | \(NumberText.decimal(cell.mean)) | \(NumberText.decimal(h?.standardDeviation)) | \(NumberText.decimal(h?.median)) | \(NumberText.decimal(h?.min)) | \(NumberText.decimal(h?.max)) |")
        }
        out.append("")
        return out
    }
}
