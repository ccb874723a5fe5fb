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

    func mergedTemplate(_ text: String, rows: [String], values: [String]) -> String? {
        // One {row} and one {value}, no {n} (it differs from row to row).
        guard text.components(separatedBy: "{row}").count == 2, text.components(separatedBy: "{value}").count == 2,
            !text.contains("{n}"), let valueRange = text.range(of: "{value}")
        else { return nil }
        var before = String(text[..<valueRange.lowerBound])
        var after = String(text[valueRange.upperBound...])
        // The value's unit (分, 个百分点) goes with every value.
        let stops: Set<Character> = ["，", "。", "；", "、", "（", "）", ",", ".", ";", "{"]
        let unit = String(after.prefix { !stops.contains($0) })
        if unit.count > 4 { return nil }
        after.removeFirst(unit.count)
        let same = Set(values).count == 1
        let listed = same ? values[0] + unit : values.map { $0 + unit }.joined(separator: "、")
        let verbs = ["达到", "为", "占", "是", "达"]
        let adverb = same ? "均" : "分别"
        if let verb = verbs.first(where: { before.hasSuffix($0) }) {
            before.removeLast(verb.count)
            before += adverb + verb
        } else {
            before += adverb + "为"
        }
        // “…，低于85%” becomes “…，均低于85%” when the values differ.
        let comparisons = ["低于", "高于", "超过", "不足", "未达到", "达到", "不到", "少于", "多于", "不超过"]
        if !same, after.hasPrefix("，"), comparisons.contains(where: { after.dropFirst().hasPrefix($0) }) {
            after = "，均" + after.dropFirst()
        }
        var merged = before + listed + after
        if merged.contains("“{row}”") {
            merged = merged.replacingOccurrences(of: "“{row}”", with: quoted(rows))
        } else {
            merged = merged.replacingOccurrences(of: "{row}", with: rows.joined(separator: "、"))
        }
        return merged
    }

    var basisLead: String { "认定依据：" }

    func basis(_ items: [(title: String, cite: String)]) -> String {
        func bare(_ text: String) -> String {
            var text = text
            while let last = text.last, "。；;.".contains(last) { text.removeLast() }
            return text
        }
        return items.map { "“\(bare($0.title))”，\(bare($0.cite))" }.joined(separator: "；") + "。"
    }

    func overlapNote(_ overlaps: [(wide: String, options: [String], narrow: [String])]) -> String {
        "注：" + overlaps.map {
            "“\($0.wide)”为\(quoted($0.options))合计所占比例，与\(quoted($0.narrow))有重叠"
        }.joined(separator: "；") + "，各率相加可超过100%。"
    }

    private func quoted(_ names: [String]) -> String { names.map { "“\($0)”" }.joined() }

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
            // A sub-index is said with what it holds, so that a reader knows what it scores.
            text += unit.sections.map { section in
                let names = unit.form.sections.first { $0.id == section.id }?.questions.compactMap { unit.form.question($0)?.text } ?? []
                let held = names.count <= 4 ? quoted(names) + "\(names.count)项" : "“\(names[0])”等\(names.count)项"
                return "“\(section.title)”分项（含\(held)）得分\(NumberText.decimal(section.weightedMean))分"
            }.joined(separator: "，") + "。"
        }
        return text
    }

    func indexNotes(_ unit: UnitResult, survey: Bool) -> String? {
        guard unit.index != nil else { return nil }
        var text = ""
        if unit.indexRenormalised { text += "部分计分题无有效回答，其权重按其余各题重新分配。" }
        for section in unit.sections where section.isReliabilityMeaningful(in: unit.form) {
            // One neutral sentence, only where the coefficient means something (docs/reports.md).
            text += "“\(section.title)”分项各题的内部一致性信度系数为\(NumberText.twoDecimals(section.alpha ?? 0))"
            text += "（基于\(section.alphaN)\(measure(survey))各题均有效作答的\(paper(survey))）。"
        }
        let renormalised = unit.questions.contains { $0.whole?.renormalised == true || $0.rows.contains { $0.figures.renormalised } }
        if renormalised { text += "部分题目中有类别的填答人未作有效回答，该题按其余类别的权重重新折算。" }
        return text.isEmpty ? nil : "注：" + text
    }

    func appendixHeading(survey: Bool) -> String { survey ? "附：问卷调查数据明细" : "附：民主测评数据明细" }

    func compactTableLead(survey: Bool) -> String { "题目" }
    func answersChartTitle(survey: Bool) -> String { survey ? "各题回答分布" : "各项评价分布" }

    private func comparisonWord(_ comparison: FindingRule.Comparison) -> String {
        switch comparison {
        case .below: "低于"
        case .above: "超过"
        case .atLeast: "达到"
        case .atMost: "不超过"
        }
    }

    private func rateText(_ p: Proportion, _ body: Set<ReportSettings.BodyFigure>) -> String {
        NumberText.percent(p.value) + (body.contains(.fraction) ? "（\(p.k)/\(p.n)）" : "")
    }

    func runSentence(_ run: RatedRun, body: Set<ReportSettings.BodyFigure>, weighted: Bool, survey: Bool) -> String {
        let item = survey ? "题" : "项"
        let ranged = run.ranged
        var text: String
        if ranged.count == 2 && run.excluded.isEmpty {
            let shown = ranged.map { rateText($0.rate, body) }
            text = "\(quoted(ranged.map(\.name)))两\(item)的\(run.rate)"
            text += NumberText.percent(ranged[0].rate.value) == NumberText.percent(ranged[1].rate.value)
                ? "均为\(shown[0])" : "分别为\(shown.joined(separator: "、"))"
        } else {
            let subject: String
            if run.wholeForm {
                subject = run.excluded.isEmpty ? (survey ? "各题" : "各项评价") : "除\(quoted(run.excluded))外，其余各\(item)"
            } else {
                let names = ranged.count <= 3 ? quoted(ranged.map(\.name)) : quoted(ranged.prefix(2).map(\.name)) + "等"
                subject = (run.excluded.isEmpty ? "" : "除\(quoted(run.excluded))外，") + "\(names)\(ranged.count)\(item)"
            }
            if let (low, high) = run.spread() {
                text = "\(subject)的\(run.rate)在\(rateText(low[0].rate, body))至\(rateText(high[0].rate, body))之间，"
                text += "\(quoted(high.map(\.name)))最高，\(quoted(low.map(\.name)))最低"
            } else {
                text = "\(subject)的\(run.rate)均为\(rateText(ranged[0].rate, body))"
            }
        }
        if body.contains(.score), let scores = run.scoreRange(weighted: weighted) {
            let kind = scores.weighted ? "加权得分" : "平均得分"
            let (low, high) = (NumberText.decimal(scores.low), NumberText.decimal(scores.high))
            text += low == high ? "，\(kind)均为\(low)分" : "，\(kind)在\(low)至\(high)分之间"
        }
        if body.contains(.notCounted) {
            let left = ranged.map { uncounted($0.question, $0.row.overall) }
            let counts = left.map(\.count)
            if let most = counts.max(), most > 0, let least = counts.min(), let labels = left.first(where: { $0.count > 0 })?.labels {
                let measure = measure(survey)
                let range = least == most ? "\(most)" : "\(least)至\(most)"
                text += "（各\(item)另有\(range)\(measure)选择“\(labels.joined(separator: "”“"))”，不计入比例）"
            }
        }
        for flag in run.flags {
            let rate = flag.rate == run.rate ? "" : "的\(flag.rate)"
            text += "；其中\(quoted(flag.names))\(rate)\(comparisonWord(flag.comparison))\(flag.threshold.shareText(chinese: true))"
        }
        return text + "。"
    }

    func standoutSentence(name: String, rate: String, value: Proportion, above: Bool, flags: [RuleFlag], survey: Bool) -> String {
        let item = survey ? "题" : "项"
        let rules = flags.map { "，\($0.rate == rate ? "" : $0.rate)\(comparisonWord($0.comparison))\($0.threshold.shareText(chinese: true))" }.joined()
        return "“\(name)”的\(rate)为\(NumberText.percent(value.value))\(rules)，明显\(above ? "高于" : "低于")其他各\(item)。"
    }

    func aloneSentence(
        _ question: Question, _ figures: QuestionFigures, rules: QuestionRules, body: Set<ReportSettings.BodyFigure>,
        weighted: Bool, survey: Bool
    ) -> String? {
        let measure = measure(survey)
        let name = "“\(question.text)”"
        let lead = "\(name)\(survey ? "一题" : "一项")，"
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
            let shares = top.map { rateText(Proportion(k: $0.count, n: cell.n), body) }
            let chosen = top.count == 1
                ? "选择较多的是“\(top[0].label)”，占\(shares[0])"
                : "选择较多的依次是\(quoted(top.map(\.label)))，分别占\(shares.joined(separator: "、"))"
            return lead + "\(cell.n)人作答，" + chosen + "。"
        case .single:
            guard let row = figures.whole else { return nil }
            return lead + rowSentence(question, row, rules: rules, body: body, weighted: weighted, measure: measure) + "。"
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

    /// `好评率75.7%，较上轮上升3.0个百分点，低于85%，差评率2.7%`: one figure per clause; a rate
    /// of 0 only when a rule is about it; fractions, the score and 不了解 when the form asks.
    private func rowSentence(
        _ question: Question, _ row: RowFigures, rules: QuestionRules, body: Set<ReportSettings.BodyFigure>, weighted: Bool,
        measure: String
    ) -> String {
        let cell = row.overall
        var said = cell.rates.filter { ($0.proportion.value ?? 0) > 0 || rules.rates.contains($0.name) }
        if said.isEmpty, let first = cell.rates.first { said = [first] }
        var parts = said.map { rate -> String in
            var text = "\(rate.name)\(rateText(rate.proportion, body))"
            if let change = row.changes[rate.name] {
                let (direction, shown) = pointsChange(change)
                text += shown.map { "，较上轮\(direction)\($0)个百分点" } ?? "，与上轮\(direction)"
            }
            for fired in rules.fired where fired.rate == rate.name {
                text += "，\(comparisonWord(fired.comparison))\(fired.threshold.shareText(chinese: true))"
            }
            return text
        }
        // The score: in the body only when the form asks, or when the question has no rate.
        if let score = indexScore(row, weighted: weighted), parts.isEmpty || body.contains(.score) {
            parts.append("\(score.weighted ? "加权" : "平均")得分\(NumberText.decimal(score.value))分")
        }
        if parts.isEmpty { parts.append("有效回答\(cell.n)\(measure)") }
        var text = parts.joined(separator: "，")
        let (labels, chosen) = uncounted(question, cell)
        if chosen > 0, body.contains(.notCounted) {
            text += "（另有\(chosen)\(measure)选择“\(labels.joined(separator: "”“"))”，不计入比例）"
        }
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
