import TallyCore
import TallyStatistics

/// The findings section in Chinese, in the style of an inspection report.
struct ChineseFindingsPhrases: FindingsPhrases {
    private func paper(_ survey: Bool) -> String { survey ? "问卷" : "测评票" }
    private func measure(_ survey: Bool) -> String { survey ? "份" : "张" }

    func title(unit: String, survey: Bool) -> String { "\(unit)\(survey ? "问卷调查" : "民主测评")情况" }

    func partHeading(_ number: Int, _ part: FindingsPart, survey: Bool) -> String {
        let name =
            switch part {
            case .overview: "基本情况"
            case .results: survey ? "调查结果" : "测评结果"
            case .index: "综合评价"
            case .problems: "存在的问题"
            case .strengths: "主要成效"
            case .notes: "需要说明的情况"
            }
        return "（\(NumberText.chineseNumeral(number))）\(name)"
    }

    func overview(_ unit: UnitResult, survey: Bool) -> String {
        let b = unit.ballots
        let (paper, measure) = (paper(survey), measure(survey))
        var text = ""
        // No team word (巡察组, 巡查组, 督查组…) is built in: without `team` the sentence has no subject.
        let work = survey ? "问卷调查" : "民主测评"
        let words = unit.words
        if !words.methods.isEmpty {
            // 巡察组采取听取汇报、…等方式开展工作。民主测评采取…的方式，使用《…》进行。
            text += "\(words.team ?? "")采取\(words.methods.joined(separator: "、"))等方式开展工作。"
            text += words.method.map { "\(work)采取\($0)的方式，使用《\(unit.form.title)》进行。" } ?? "\(work)使用《\(unit.form.title)》进行。"
        } else {
            if let method = words.method { text += "\(words.team ?? "")采取\(method)的方式，" } else if let team = words.team { text += "\(team)" }
            text += "使用《\(unit.form.title)》开展\(work)。"
        }
        if let issued = b.issued {
            text += "共发出\(paper)\(issued)\(measure)，收回\(b.rows)\(measure)"
            if let rate = b.returnedRate { text += "，收回率\(NumberText.percent(rate.value))" }
        } else {
            text += "共收回\(paper)\(b.rows)\(measure)"
        }
        text += "；其中有效\(paper)\(b.valid)\(measure)，无效\(paper)\(b.invalid)\(measure)"
        if !unit.invalidReasons.isEmpty {
            let phrases = ResultsPhrases()
            text += "（" + unit.invalidReasons.map { "\(phrases.reasonName(code: $0.code, language: .zh))\($0.count)\(measure)" }.joined(separator: "，") + "）"
        }
        if b.abstain > 0 { text += "，有效\(paper)中弃权\(b.abstain)\(measure)" }
        text += "。"
        let named = Set(unit.form.respondents?.groups.map(\.label) ?? [])
        let groups = unit.respondents.filter { $0.count > 0 && named.contains($0.label) }
        if !groups.isEmpty {
            text += "有效\(paper)中，" + groups.map { "\($0.label)\($0.count)\(measure)" }.joined(separator: "、") + "。"
        }
        text += NoGroupSentences.chinese(unit, paper: paper, measure: measure)
        return text
    }

    func voidLead(_ reason: String) -> String { "\(reason)。本单位测评结果不予采用，应重新组织测评。" }

    func suppressedNote(_ groups: [String]) -> String {
        "注：为保护填答人匿名，\(groups.joined(separator: "、"))人数较少（或可由总数推算出），不单独列出其分组结果，但其答卷计入全体结果。"
    }

    func noProblems(survey: Bool) -> String { "从\(survey ? "问卷调查" : "测评")数据看，未发现达到问题认定标准的情形。" }

    func problems(_ sentences: [String]) -> ReportBlock {
        // 一是…二是… for several; a single problem is said without 一是.
        guard sentences.count > 1 else { return .paragraph(lead: nil, text: sentences.joined()) }
        return .paragraph(lead: nil, text: sentences.enumerated().map { "\(NumberText.chineseNumeral($0 + 1))是\($1)" }.joined())
    }

    func joined(_ sentences: [String]) -> String { sentences.joined() }

    func item(title: String?, sentences: [String]) -> String {
        guard let title else { return sentences.joined() }
        let headline = "。！；".contains(title.last ?? "。") ? title : title + "。"
        return headline + sentences.joined()
    }

    func citation(_ cite: String) -> String { "（依据：\(cite)）" }

    func indexSentence(_ unit: UnitResult, survey: Bool) -> String {
        guard let index = unit.index else { return "无可计分的有效回答，未计算综合得分。" }
        var text = "按各题权重\(unit.noWeighting || unit.form.respondents == nil ? "" : "和各类填答人权重")折算，综合得分\(NumberText.decimal(index))分"
        if let grade = unit.grade { text += "，评价等次为“\(grade)”" }
        if let change = unit.indexChange {
            text += change.points == 0
                ? "，与上轮持平"
                : "，较上轮（\(NumberText.decimal(change.from))分）\(change.points > 0 ? "提高" : "降低")\(NumberText.decimal(abs(change.points)))分"
        }
        text += "。"
        if !unit.sections.isEmpty {
            text += unit.sections.map { "“\($0.title)”分项得分\(NumberText.decimal($0.weightedMean))分" }.joined(separator: "，") + "。"
        }
        return text
    }

    func indexNotes(_ unit: UnitResult, survey: Bool) -> String? {
        guard unit.index != nil else { return nil }
        var text = ""
        if unit.indexRenormalised { text += "部分计分题无有效回答，其权重按其余各题重新分配。" }
        for section in unit.sections {
            text += "“\(section.title)”分项"
            if let alpha = section.alpha {
                text += "内部一致性信度系数为\(NumberText.twoDecimals(alpha))（基于\(section.alphaN)\(measure(survey))各题均有效作答的\(paper(survey))）"
                text += alpha < 0.7 ? "，低于0.7，说明这几道题反映的并非同一方面，该分项得分宜审慎使用。" : "。"
            } else {
                text += "各题均有效作答的\(paper(survey))不足，未计算信度系数。"
            }
        }
        let renormalised = unit.questions.contains { $0.whole?.renormalised == true || $0.rows.contains { $0.figures.renormalised } }
        if renormalised { text += "部分题目中有类别的填答人未作有效回答，该题按其余类别的权重重新折算。" }
        return text.isEmpty ? nil : "注：" + text
    }

    func appendixHeading(survey: Bool) -> String { survey ? "附：问卷调查数据明细" : "附：民主测评数据明细" }

    func compactTableLead(survey: Bool) -> String { "题目" }
    func answersChartTitle(survey: Bool) -> String { survey ? "各题回答分布" : "各项评价分布" }

    func questionSentence(_ question: Question, _ figures: QuestionFigures, weighted: Bool, survey: Bool) -> String? {
        let measure = measure(survey)
        let name = "“\(question.text)”"
        switch question.type {
        case .text:
            return nil
        case .number:
            guard let cell = figures.whole?.overall, let mean = cell.mean else { return nil }
            return "\(name)平均\(NumberText.decimal(mean))（\(cell.n)人作答）。"
        case .multi:
            guard let cell = figures.whole?.overall, cell.n > 0 else { return nil }
            let top = mostChosen(cell)
            guard !top.isEmpty else { return nil }
            let items = top.map { "“\($0.label)”\(NumberText.percent(Double($0.count) / Double(cell.n)))（\($0.count)/\(cell.n)）" }
            return "\(name)\(survey ? "一题" : "一项")，\(cell.n)人作答，选择较多的是" + items.joined(separator: "、") + "。"
        case .single:
            guard let row = figures.whole else { return nil }
            return "\(name)\(survey ? "一题" : "一项")，" + rowSentence(question, row, weighted: weighted, measure: measure) + "。"
        case .matrix:
            guard !figures.rows.isEmpty else { return nil }
            if question.numericAnswers {
                let rows = figures.rows.compactMap { row in row.figures.weightedMean.map { "“\(row.label)”\(NumberText.decimal($0))分" } }
                return rows.isEmpty ? nil : "\(name)的\(weighted ? "加权" : "")平均得分：" + rows.joined(separator: "，") + "。"
            }
            // Which of a person's rates is the headline is the reader's call: all of them are in the table.
            return survey
                ? "\(name)共\(figures.rows.count)个题目，各题的比例和得分见下表。"
                : "\(name)共评价\(figures.rows.count)名测评对象，各对象的比例和得分见下表。"
        }
    }

    /// `好评率75.7%（28/37）、差评率2.7%（1/37），得分77.4分（另有1张选择“不了解”，不计入比例）`.
    private func rowSentence(_ question: Question, _ row: RowFigures, weighted: Bool, measure: String) -> String {
        let cell = row.overall
        var parts = cell.rates.map { rate -> String in
            var text = "\(rate.name)\(NumberText.percent(rate.proportion.value))（\(rate.proportion.k)/\(rate.proportion.n)）"
            if let change = row.changes[rate.name] {
                let (direction, shown) = pointsChange(change)
                text += shown.map { "，较上轮\(direction)\($0)个百分点" } ?? "，与上轮\(direction)"
            }
            return text
        }
        // The score the index uses: weighted by group where the form weights, and said so.
        if let score = indexScore(row, weighted: weighted) {
            parts.append("\(score.weighted ? "加权" : "平均")得分\(NumberText.decimal(score.value))分")
        }
        if parts.isEmpty { parts.append("有效回答\(cell.n)\(measure)") }
        var text = parts.joined(separator: "，")
        let (labels, chosen) = uncounted(question, cell)
        if chosen > 0 { text += "（另有\(chosen)\(measure)选择“\(labels.joined(separator: "”“"))”，不计入比例）" }
        return text
    }

    func comments(_ n: Int) -> String { "　填写意见建议\(n)条，原文见答卷导出数据，本报告不予列出。" }

    func multiNote(_ cell: CellFigures) -> String {
        "本题为多选题，\(cell.n)人作答，占比为选择该项的人数占作答人数的比例，合计可超过100%。"
    }

    func singleNote(_ question: Question, _ row: RowFigures, weighted: Bool, survey: Bool) -> String {
        let cell = row.overall
        let (uncounted, excluded) = uncounted(question, cell)
        let measure = measure(survey)
        var text = "以\(cell.n)\(measure)计入比例的有效回答为基数"
        if !uncounted.isEmpty, excluded > 0 {
            text += "（选择“\(uncounted.joined(separator: "”“"))”的\(excluded)\(measure)不计入）"
        }
        if cell.missing > 0 { text += "，未作答\(cell.missing)\(measure)" }
        if cell.invalid > 0 { text += "，答案无效\(cell.invalid)\(measure)" }
        text += "。"
        for rate in cell.rates { text += rateSentence(rate, change: row.changes[rate.name], uncounted: uncounted) }
        if let mean = cell.mean {
            text += "平均得分\(NumberText.decimal(mean))分"
            if let weightedMean = row.weightedMean, weighted {
                text += "，按填答人类别加权\(NumberText.decimal(weightedMean))分"
                if row.renormalised { text += "（部分类别无有效回答，权重按其余类别重新折算）" }
            }
            text += "。"
        }
        return text
    }

    /// 上升/下降 and the points as printed, or 持平 and `nil`: the direction follows the change as
    /// printed, so a change that rounds to 0.0 points is 持平.
    private func pointsChange(_ change: RateChange) -> (direction: String, shown: String?) {
        let shown = NumberText.decimal(abs(change.points))
        if shown == NumberText.decimal(0) { return ("持平", nil) }
        return (change.points > 0 ? "上升" : "下降", shown)
    }

    private func rateSentence(_ rate: RateFigure, change: RateChange?, uncounted: [String]) -> String {
        let p = rate.proportion
        // The base is said only where the scale has an option (不了解) to leave in or out, by its own name.
        let names = uncounted.joined(separator: "”“")
        let base = uncounted.isEmpty ? "" : rate.includesUncounted ? "基数含“\(names)”，" : "基数不含“\(names)”，"
        var text = "\(rate.name)\(NumberText.percent(p.value))（\(p.k)/\(p.n)，\(base)95%置信区间\(NumberText.percent(p.low))～\(NumberText.percent(p.high))）"
        if let change {
            let (direction, shown) = pointsChange(change)
            text += "，较上轮（\(NumberText.percent(change.from.value))）\(direction)" + (shown.map { "\($0)个百分点" } ?? "")
            if let pValue = change.p {
                text += pValue < 0.05 ? "，变化具有统计学意义（\(significance(pValue))）" : "，变化不显著（\(significance(pValue))）"
            }
        }
        return text + "。"
    }

    /// A p-value as SPSS's Chinese edition names it: 显著性概率0.396, 显著性概率小于0.001.
    private func significance(_ p: Double) -> String {
        p < 0.001 ? "显著性概率小于0.001" : "显著性概率\(NumberText.pValue(p))"
    }

    func groupTest(_ test: ChiSquareTest) -> String {
        // In words a reader who is not a statistician knows (SPSS's Chinese names), no Latin letters.
        // Judged as printed (0.30 is 中等 even when the unrounded value is 0.2996).
        let v = (test.cramersV * 100).rounded() / 100
        let strength = v < 0.1 ? "关联极弱" : v < 0.3 ? "关联较弱" : v < 0.5 ? "关联中等" : "关联较强"
        let figures = "卡方值\(NumberText.decimal(test.statistic))，自由度\(test.degreesOfFreedom)，\(significance(test.p))，效应量\(NumberText.twoDecimals(v))、\(strength)"
        var text = test.p < 0.05
            ? "经卡方检验，不同类别填答人对本题的评价存在显著差异（\(figures)）。"
            : "经卡方检验，不同类别填答人对本题的评价未见显著差异（\(figures)）。"
        if test.cellsExpectedBelow5 > 0 {
            text += "部分类别人数较少（\(test.cellsExpectedBelow5)个单元格的期望频数小于5），检验结果仅供参考。"
        }
        return text
    }

    /// A survey's matrix rows are items (题目) answered by 填答人; an evaluation's are people (测评对象) given 票.
    func matrixNote(missing: Int, invalid: Int, survey: Bool, weighted: Bool) -> String {
        var note = survey ? "注：比例以每个题目的有效回答为基数" : "注：比例以每名测评对象的有效票为基数"
        note += weighted ? "；得分按填答人类别权重折算。" : "。"
        if missing + invalid > 0 { note += survey ? "未作答\(missing)人次，答案无效\(invalid)人次。" : "未评价\(missing)人次，答案无效\(invalid)人次。" }
        return note
    }

    func trimmedNote(high: Int, low: Int) -> String {
        "注：平均分为去掉最高分\(high)个、最低分\(low)个后的平均（评分人数较少的对象不去掉）。"
    }

    var all: String { "全体" }
    var notInBase: String { "不计入" }
    var hidden: String { "不单列" }
    var scoreUnit: String { "分" }
    func optionTableHeader(survey: Bool) -> [String] { ["选项", survey ? "人数" : "票数", "占比"] }
    func matrixHeaderLead(survey: Bool) -> String { survey ? "题目" : "测评对象" }
    func matrixHeaderTail(survey: Bool) -> [String] { [survey ? "有效回答" : "有效票", "得分"] }
    func groupTableLead() -> String { "填答人类别" }
    func groupTableTail() -> [String] { ["有效回答", "平均得分"] }
    func numberTableHeader() -> [String] { ["对象", "n", "平均", "标准差", "中位数", "最低", "最高"] }
}
