import TallyCore
import TallyStatistics

/// Builds a unit's findings section, in the order of an inspection report:
/// 基本情况 (how the survey was done, 发出/收回/有效/无效), the results per question (counts,
/// shares, rates with base and interval, per group where not suppressed, per leader for
/// matrices), the composite index and grade, 存在的问题 (一是…二是…), then strengths.
public struct FindingsSection {
    public let unit: UnitResult

    public init(unit: UnitResult) {
        self.unit = unit
    }

    private var zh: Bool { unit.form.language == .zh }
    private var survey: Bool { unit.form.kind == .survey }
    /// 测评票/张 for ballots, 问卷/份 for questionnaires.
    private var paper: String { survey ? "问卷" : "测评票" }
    private var measure: String { survey ? "份" : "张" }

    public func build() -> ReportSection {
        var blocks: [ReportBlock] = []
        if zh {
            blocks.append(.heading(level: 2, text: "\(unit.unit)\(survey ? "问卷调查" : "民主测评")情况"))
        } else {
            blocks.append(.heading(level: 2, text: "\(unit.unit): \(survey ? "survey" : "evaluation") results"))
        }
        var section = 0
        func heading(_ zhText: String, _ enText: String) {
            section += 1
            blocks.append(.heading(level: 3, text: zh ? "（\(NumberText.chineseNumeral(section))）\(zhText)" : "\(section). \(enText)"))
        }
        heading("基本情况", "Overview")
        blocks.append(.paragraph(lead: nil, text: overview()))
        if let void = unit.void.map({ ResultsPhrases().void($0, language: unit.form.language) }) {
            blocks.append(
                .paragraph(
                    lead: zh ? "\(void)。本单位测评结果不予采用，应重新组织测评。" : "\(void). The results are not used; the evaluation should be held again.",
                    text: ""))
            return ReportSection(language: unit.form.language.rawValue, blocks: blocks)
        }
        heading(survey ? "调查结果" : "测评结果", "Results by question")
        for (number, (question, figures)) in zip(unit.form.questions, unit.questions).enumerated() {
            blocks += block(number + 1, question, figures)
        }
        if !unit.suppressed.isEmpty {
            blocks.append(
                .paragraph(
                    lead: nil,
                    text: zh
                        ? "注：为保护填答人匿名，\(unit.suppressed.joined(separator: "、"))人数较少（或可由总数推算出），不单独列出其分组结果，但其答卷计入全体结果。"
                        : "Note: to protect anonymity, \(unit.suppressed.joined(separator: ", ")) are not shown as groups (too few, or recoverable from the total); their answers are in the overall figures."))
        }
        if unit.form.rubric.index != .none {
            heading("综合评价", "Composite index")
            blocks.append(.paragraph(lead: nil, text: indexSentence()))
        }
        let problems = unit.findings.filter { $0.kind == .problem }
        heading("存在的问题", "Problems")
        if problems.isEmpty {
            blocks.append(.paragraph(lead: nil, text: zh ? "从\(survey ? "问卷调查" : "测评")数据看，未发现达到问题认定标准的情形。" : "No finding rule about problems fired."))
        } else if zh {
            blocks.append(
                .paragraph(
                    lead: nil,
                    text: problems.enumerated().map { "\(NumberText.chineseNumeral($0 + 1))是\(sentence($1, among: problems))" }.joined()))
        } else {
            blocks.append(.list(problems.map { sentence($0, among: problems) }))
        }
        let strengths = unit.findings.filter { $0.kind == .strength }
        if !strengths.isEmpty {
            heading("主要成效", "Strengths")
            blocks.append(.paragraph(lead: nil, text: strengths.map { sentence($0, among: strengths) }.joined(separator: zh ? "" : " ")))
        }
        let notes = unit.findings.filter { $0.kind == .note }
        if !notes.isEmpty {
            heading("需要说明的情况", "Notes")
            blocks.append(.paragraph(lead: nil, text: notes.map { sentence($0, among: notes) }.joined(separator: zh ? "" : " ")))
        }
        return ReportSection(language: unit.form.language.rawValue, blocks: blocks)
    }

    // MARK: Prose

    private func overview() -> String {
        let b = unit.ballots
        var text = ""
        if zh {
            if let method = unit.method { text += "巡查组采取\(method)的方式，" }
            text += "使用《\(unit.form.title)》开展\(survey ? "问卷调查" : "民主测评")。"
            if let issued = b.issued {
                text += "共发出\(paper)\(issued)\(measure)，收回\(b.rows)\(measure)"
                if let rate = b.returnedRate { text += "，收回率\(NumberText.percent(rate.value))" }
            } else {
                text += "共收回\(paper)\(b.rows)\(measure)"
            }
            text += "；其中有效\(paper)\(b.valid)\(measure)，无效\(paper)\(b.invalid)\(measure)"
            if !unit.invalidReasons.isEmpty {
                text += "（" + unit.invalidReasons.map { "\(ResultsPhrases().reasonName(code: $0.code, language: .zh))\($0.count)\(measure)" }.joined(separator: "，") + "）"
            }
            if b.abstain > 0 { text += "，有效\(paper)中弃权\(b.abstain)\(measure)" }
            text += "。"
            let groups = unit.respondents.filter { $0.count > 0 }
            if !groups.isEmpty {
                text += "有效\(paper)中，" + groups.map { "\($0.label)\($0.count)\(measure)" }.joined(separator: "、") + "。"
            }
        } else {
            if let method = unit.method { text += "Collected by \(method). " }
            text += b.issued.map { "\($0) issued, \(b.rows) returned" } ?? "\(b.rows) returned"
            if let rate = b.returnedRate { text += " (\(NumberText.percent(rate.value)))" }
            text += "; \(b.valid) valid, \(b.invalid) invalid"
            if !unit.invalidReasons.isEmpty { text += " (" + unit.invalidReasons.map { "\($0.code) \($0.count)" }.joined(separator: ", ") + ")" }
            if b.abstain > 0 { text += "; \(b.abstain) abstentions among the valid" }
            text += "."
            let groups = unit.respondents.filter { $0.count > 0 }
            if !groups.isEmpty { text += " Valid by group: " + groups.map { "\($0.label) \($0.count)" }.joined(separator: ", ") + "." }
        }
        return text
    }

    private func indexSentence() -> String {
        guard let index = unit.index else {
            return zh ? "无可计分的有效回答，未计算综合得分。" : "No scored answers, so no composite index."
        }
        var text: String
        if zh {
            text = "按各题权重和各类填答人权重折算，综合得分\(NumberText.decimal(index))分"
            if let grade = unit.grade { text += "，评价等次为“\(grade)”" }
            if let change = unit.indexChange {
                text += change.points == 0 ? "，与上轮持平" : "，较上轮（\(NumberText.decimal(change.from))分）\(change.points > 0 ? "提高" : "降低")\(NumberText.decimal(abs(change.points)))分"
            }
            text += "。"
            if unit.indexRenormalised { text += "部分计分题无有效回答，其权重按其余各题重新分配。" }
            for section in unit.sections {
                text += "“\(section.title)”分项得分\(NumberText.decimal(section.weightedMean))分"
                if let alpha = section.alpha {
                    text += "（信度系数α=\(NumberText.twoDecimals(alpha))，基于\(section.alphaN)\(measure)各题均有效作答的\(paper)）"
                    text += alpha < 0.7 ? "，α低于0.7，说明这几道题反映的并非同一方面，该分项得分宜审慎使用。" : "。"
                } else {
                    text += "（各题均有效作答的\(paper)不足，未计算信度系数）。"
                }
            }
            let renormalised = unit.questions.contains { $0.whole?.renormalised == true || $0.rows.contains { $0.figures.renormalised } }
            if renormalised { text += "部分题目中有类别的填答人未作有效回答，该题按其余类别的权重重新折算。" }
        } else {
            text = "Composite index \(NumberText.decimal(index))"
            if let grade = unit.grade { text += ", grade \(grade)" }
            if let change = unit.indexChange {
                text += " (\(change.points >= 0 ? "+" : "")\(NumberText.decimal(change.points)) since the last round's \(NumberText.decimal(change.from)))"
            }
            text += "."
            if unit.indexRenormalised { text += " Some scored questions had no answers; the others' weights were rescaled." }
            for section in unit.sections {
                text += " \(section.title): \(NumberText.decimal(section.weightedMean))"
                if let alpha = section.alpha {
                    text += " (Cronbach's alpha \(NumberText.twoDecimals(alpha)) over \(section.alphaN) complete ballots)"
                    text += alpha < 0.7 ? "; below 0.7, so the items do not measure one thing well." : "."
                } else {
                    text += " (too few complete ballots for alpha)."
                }
            }
        }
        return text
    }

    /// A finding's text, with its citation inside the sentence the first time its rule fires
    /// (a rule with `row: any` may fire for several rows).
    private func sentence(_ finding: Finding, among findings: [Finding]) -> String {
        var text = finding.text
        guard let cite = finding.cite, findings.first(where: { $0.rule == finding.rule }) == finding else { return text }
        let stop: Character? = text.last.flatMap { "。.！!；;".contains($0) ? $0 : nil }
        if stop != nil { text.removeLast() }
        text += zh ? "（依据：\(cite)）" : " (basis: \(cite))"
        return text + (stop.map(String.init) ?? "")
    }

    // MARK: Per question

    private func block(_ number: Int, _ question: Question, _ figures: QuestionFigures) -> [ReportBlock] {
        let title = "\(number). \(question.text)"
        switch question.type {
        case .text:
            let n = figures.whole?.overall.n ?? 0
            return [.paragraph(lead: title, text: zh ? "　填写意见建议\(n)条，原文见答卷导出数据，本报告不予列出。" : " \(n) comments (not reproduced).")]
        case .number:
            guard let cell = figures.whole?.overall else { return [] }
            return [.paragraph(lead: title, text: "")] + numberTable([(zh ? "全体" : "All", cell)])
        case .matrix:
            var out: [ReportBlock] = [.paragraph(lead: title, text: "")]
            if question.numericAnswers {
                out += numberTable(figures.rows.map { ($0.label, $0.figures.overall) })
                out.append(.chart(.bars(
                    title: question.text, items: figures.rows.map { ValueBar(label: $0.label, value: $0.figures.weightedMean) },
                    maximum: question.maximum ?? 100, unit: zh ? "分" : "")))
                return out
            }
            let labels = question.options.map(\.label)
            let rates = figures.rows.first?.figures.overall.rates.map(\.name) ?? []
            let header = [zh ? "测评对象" : "Row"] + labels + [zh ? "有效票" : "n", zh ? "得分" : "Score"] + rates
            let rows = figures.rows.map { row -> [String] in
                let cell = row.figures.overall
                return [row.label] + cell.counts.map { String($0.count) } + [String(cell.n), NumberText.decimal(row.figures.weightedMean)]
                    + cell.rates.map { NumberText.percent($0.proportion.value) }
            }
            out.append(.table(ReportTable(header: header, rows: rows, numeric: [false] + Array(repeating: true, count: header.count - 1))))
            out.append(.chart(.stackedShares(
                title: question.text, categories: labels.enumerated().filter { question.options[$0.offset].counted }.map(\.element),
                bars: figures.rows.map { row in
                    ShareBar(label: row.label, counts: zip(question.options, row.figures.overall.counts).filter { $0.0.counted }.map(\.1.count))
                })))
            let missing = figures.rows.map(\.figures.overall.missing).reduce(0, +)
            let invalid = figures.rows.map(\.figures.overall.invalid).reduce(0, +)
            var note = zh ? "注：比例以每名测评对象的有效票为基数；得分按填答人类别权重折算。" : "Shares are of each row's valid answers; scores are weighted by group."
            if missing + invalid > 0 {
                note += zh ? "未评价\(missing)人次，答案无效\(invalid)人次。" : " \(missing) ratings missing, \(invalid) invalid."
            }
            out.append(.paragraph(lead: nil, text: note))
            return out
        case .single, .multi:
            guard let whole = figures.whole else { return [] }
            let cell = whole.overall
            var out: [ReportBlock] = [.paragraph(lead: title, text: "")]
            var rows: [[String]] = []
            for (option, (label, count)) in zip(question.options, cell.counts) {
                // Options left out of the base (不了解) show no share, so the shares add up to 100%.
                let share =
                    question.type == .single && !option.counted
                    ? (zh ? "不计入" : "not in base")
                    : cell.n > 0 ? NumberText.percent(Double(count) / Double(cell.n)) : "—"
                rows.append([label, String(count), share])
            }
            out.append(.table(ReportTable(
                header: [zh ? "选项" : "Option", zh ? (survey ? "人数" : "票数") : "Count", zh ? "占比" : "Share"], rows: rows,
                numeric: [false, true, true])))
            out.append(.paragraph(lead: nil, text: question.type == .multi ? multiNote(cell) : singleNote(question, whole)))
            if question.type == .single {
                let counted = question.options.indices.filter { question.options[$0].counted }
                var bars = [ShareBar(label: zh ? "全体" : "All", counts: counted.map { cell.counts[$0].count })]
                bars += whole.groups.compactMap { group in
                    group.figures.map { figures in ShareBar(label: group.label, counts: counted.map { figures.counts[$0].count }) }
                }
                out.append(.chart(.stackedShares(title: question.text, categories: counted.map { question.options[$0].label }, bars: bars)))
            }
            if question.type == .single, whole.groups.count > 1 || whole.groups.contains(where: \.suppressed) {
                out.append(groupTable(question, whole.groups))
            }
            if let test = whole.groupTest {
                out.append(.paragraph(lead: nil, text: groupTestSentence(test)))
            }
            return out
        }
    }

    /// The chi-square test in words: whether groups answered differently, and how sure that is.
    private func groupTestSentence(_ test: ChiSquareTest) -> String {
        let figures = "χ²=\(NumberText.decimal(test.statistic))，\(zh ? "自由度" : "df ")\(test.degreesOfFreedom)，p=\(NumberText.pValue(test.p))，Cramér's V=\(NumberText.twoDecimals(test.cramersV))"
        var text: String
        if zh {
            text = test.p < 0.05
                ? "经卡方检验，不同类别填答人对本题的评价存在显著差异（\(figures)）。"
                : "经卡方检验，不同类别填答人对本题的评价未见显著差异（\(figures)）。"
            if test.cellsExpectedBelow5 > 0 {
                text += "部分类别人数较少（\(test.cellsExpectedBelow5)个单元格的期望频数小于5），检验结果仅供参考。"
            }
        } else {
            text = test.p < 0.05
                ? "Groups answered differently (chi-square test: \(figures.replacingOccurrences(of: "，", with: ", ")))."
                : "No significant difference between groups (chi-square test: \(figures.replacingOccurrences(of: "，", with: ", ")))."
            if test.cellsExpectedBelow5 > 0 { text += " \(test.cellsExpectedBelow5) cells have expected counts below 5: treat the test with caution." }
        }
        return text
    }

    private func multiNote(_ cell: CellFigures) -> String {
        zh
            ? "本题为多选题，\(cell.n)人作答，占比为选择该项的人数占作答人数的比例，合计可超过100%。"
            : "Several choices allowed: \(cell.n) answered; each share is of those who answered, so they can add up to more than 100%."
    }

    private func singleNote(_ question: Question, _ row: RowFigures) -> String {
        let cell = row.overall
        let uncounted = zip(question.options, cell.counts).filter { !$0.0.counted }
        let excluded = uncounted.reduce(0) { $0 + $1.1.count }
        var text = ""
        if zh {
            text += "以\(cell.n)\(measure)计入比例的有效回答为基数"
            if !uncounted.isEmpty {
                text += "（选择“\(uncounted.map { $0.0.label }.joined(separator: "”“"))”的\(excluded)\(measure)不计入）"
            }
            if cell.missing > 0 { text += "，未作答\(cell.missing)\(measure)" }
            if cell.invalid > 0 { text += "，答案无效\(cell.invalid)\(measure)" }
            text += "。"
            for rate in cell.rates { text += rateSentence(rate, change: row.changes[rate.name]) }
            if let mean = cell.mean {
                text += "平均得分\(NumberText.decimal(mean))分"
                if let weighted = row.weightedMean, unit.form.respondents != nil {
                    text += "，按填答人类别加权\(NumberText.decimal(weighted))分"
                    if row.renormalised { text += "（部分类别无有效回答，权重按其余类别重新折算）" }
                }
                text += "。"
            }
        } else {
            text += "Base: \(cell.n) counted answers"
            if !uncounted.isEmpty { text += " (\(excluded) \(uncounted.map { $0.0.label }.joined(separator: ", ")) left out)" }
            if cell.missing > 0 { text += "; \(cell.missing) not answered" }
            if cell.invalid > 0 { text += "; \(cell.invalid) invalid" }
            text += "."
            for rate in cell.rates { text += " " + rateSentence(rate, change: row.changes[rate.name]) }
            if let mean = cell.mean {
                text += " Mean score \(NumberText.decimal(mean))"
                if let weighted = row.weightedMean, unit.form.respondents != nil { text += ", weighted by group \(NumberText.decimal(weighted))" }
                text += "."
            }
        }
        return text
    }

    private func rateSentence(_ rate: RateFigure, change: RateChange? = nil) -> String {
        let p = rate.proportion
        if zh {
            let base = rate.includesUncounted ? "基数含“不了解”" : "基数不含“不了解”"
            var text = "\(rate.name)\(NumberText.percent(p.value))（\(p.k)/\(p.n)，\(base)，95%置信区间\(NumberText.percent(p.low))～\(NumberText.percent(p.high))）"
            if let change {
                let direction = change.points > 0 ? "上升" : change.points < 0 ? "下降" : "持平"
                text += "，较上轮（\(NumberText.percent(change.from.value))）\(direction)"
                if change.points != 0 { text += "\(NumberText.decimal(abs(change.points)))个百分点" }
                if let pValue = change.p {
                    text += pValue < 0.05 ? "，变化具有统计学意义（p=\(NumberText.pValue(pValue))）" : "，变化不显著（p=\(NumberText.pValue(pValue))）"
                }
            }
            return text + "。"
        }
        let base = rate.includesUncounted ? "base includes don't-know" : "base excludes don't-know"
        var text = "\(rate.name) \(NumberText.percent(p.value)) (\(p.k)/\(p.n), \(base); 95% CI \(NumberText.percent(p.low))–\(NumberText.percent(p.high)))"
        if let change {
            text += String(format: "; %+.1f points since the last round (%@)", change.points, NumberText.percent(change.from.value))
            if let pValue = change.p { text += ", p=\(NumberText.pValue(pValue))" }
        }
        return text + "."
    }

    private func groupTable(_ question: Question, _ groups: [GroupFigures]) -> ReportBlock {
        let labels = question.options.map(\.label)
        let header = [zh ? "填答人类别" : "Group"] + labels + [zh ? "有效回答" : "n", zh ? "平均得分" : "Mean"]
        let hidden = zh ? "不单列" : "hidden"
        let rows = groups.map { group -> [String] in
            guard let figures = group.figures else { return [group.label] + Array(repeating: hidden, count: labels.count + 2) }
            return [group.label] + figures.counts.map { String($0.count) } + [String(figures.n), NumberText.decimal(figures.mean)]
        }
        return .table(ReportTable(header: header, rows: rows, numeric: [false] + Array(repeating: true, count: header.count - 1)))
    }

    private func numberTable(_ rows: [(String, CellFigures)]) -> [ReportBlock] {
        let header = [zh ? "对象" : "Row", "n", zh ? "平均" : "Mean", zh ? "标准差" : "SD", zh ? "中位数" : "Median", zh ? "最低" : "Min", zh ? "最高" : "Max"]
        let body = rows.map { label, cell -> [String] in
            let h = cell.numbers
            return [label, String(cell.n), NumberText.decimal(cell.mean), NumberText.decimal(h?.standardDeviation),
                NumberText.decimal(h?.median), NumberText.decimal(h?.min), NumberText.decimal(h?.max)]
        }
        var out: [ReportBlock] = [.table(ReportTable(header: header, rows: body, numeric: [false] + Array(repeating: true, count: 6)))]
        if let trimmed = rows.compactMap(\.1.trimmed).first {
            out.append(.paragraph(lead: nil, text: zh
                ? "注：平均分为去掉最高分\(trimmed.high)个、最低分\(trimmed.low)个后的平均（评分人数较少的对象不去掉）。"
                : "Means drop the \(trimmed.high) highest and \(trimmed.low) lowest scores (not for rows with few scores)."))
        }
        return out
    }
}
