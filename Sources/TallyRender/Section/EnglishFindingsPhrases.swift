import Foundation
import TallyCore
import TallyStatistics

/// The findings section in English.
struct EnglishFindingsPhrases: FindingsPhrases {
    func title(unit: String, survey: Bool) -> String { "\(unit): \(survey ? "survey" : "evaluation") results" }

    func partHeading(_ number: Int, _ part: FindingsPart, survey: Bool) -> String {
        let name =
            switch part {
            case .overview: "Overview"
            case .results: "Results by question"
            case .index: "Composite index"
            case .problems: "Problems"
            case .strengths: "Strengths"
            case .notes: "Notes"
            }
        return "\(number). \(name)"
    }

    func overview(_ unit: UnitResult, survey: Bool) -> String {
        let b = unit.ballots
        var text = ""
        let words = unit.words
        if !words.methods.isEmpty {
            text += "\(words.team.map { "\($0) worked" } ?? "The work was done") by \(words.methods.joined(separator: ", ")). "
        }
        if let method = words.method { text += "Collected by \(method). " }
        text += b.issued.map { "\($0) issued, \(b.rows) returned" } ?? "\(b.rows) returned"
        if let rate = b.returnedRate { text += " (\(NumberText.percent(rate.value)))" }
        text += "; \(b.valid) valid, \(b.invalid) invalid"
        if !unit.invalidReasons.isEmpty { text += " (" + unit.invalidReasons.map { "\($0.code) \($0.count)" }.joined(separator: ", ") + ")" }
        if b.abstain > 0 { text += "; \(b.abstain) abstentions among the valid" }
        text += "."
        let named = Set(unit.form.respondents?.groups.map(\.label) ?? [])
        let groups = unit.respondents.filter { $0.count > 0 && named.contains($0.label) }
        if !groups.isEmpty { text += " Valid by group: " + groups.map { "\($0.label) \($0.count)" }.joined(separator: ", ") + "." }
        text += NoGroupSentences.english(unit)
        return text
    }

    func voidLead(_ reason: String) -> String { "\(reason). The results are not used; the evaluation should be held again." }

    func suppressedNote(_ groups: [String]) -> String {
        "Note: to protect anonymity, \(groups.joined(separator: ", ")) are not shown as groups (too few, or recoverable from the total); their answers are in the overall figures."
    }

    func problems(_ sentences: [String]) -> ReportBlock { .list(sentences) }

    func joined(_ sentences: [String]) -> String { sentences.joined(separator: " ") }

    func item(title: String?, sentences: [String]) -> String {
        guard let title else { return sentences.joined(separator: " ") }
        return (".!;".contains(title.last ?? ".") ? title : title + ".") + " " + sentences.joined(separator: " ")
    }

    func mergedTemplate(_ text: String, rows: [String], values: [String]) -> String? {
        guard text.components(separatedBy: "{row}").count == 2, text.components(separatedBy: "{value}").count == 2,
            !text.contains("{n}")
        else { return nil }
        func list(_ items: [String]) -> String {
            items.count < 2 ? items.joined() : items.dropLast().joined(separator: ", ") + " and " + items.last!
        }
        let same = Set(values).count == 1
        return text.replacingOccurrences(of: "{row}", with: list(rows))
            .replacingOccurrences(of: "{value}", with: same ? values[0] + " each" : list(values) + " respectively")
    }

    var basisLead: String { "Basis: " }

    func basis(_ items: [(title: String, cite: String)]) -> String {
        items.map { "\($0.title.trimmingCharacters(in: CharacterSet(charactersIn: "."))): \($0.cite)" }.joined(separator: "; ") + "."
    }

    func overlapNote(_ overlaps: [(wide: String, options: [String], narrow: [String])]) -> String {
        "Note: " + overlaps.map { "\($0.wide) counts \($0.options.joined(separator: " and ")), overlapping \($0.narrow.joined(separator: ", "))" }
            .joined(separator: "; ") + "; the rates can add up to more than 100%."
    }

    func indexSentence(_ unit: UnitResult, survey: Bool) -> String {
        guard let index = unit.index else { return "No scored answers, so no composite index." }
        var text = "Composite index \(NumberText.decimal(index))"
        if let grade = unit.grade { text += ", grade \(grade)" }
        if let change = unit.indexChange {
            text += " (\(change.points >= 0 ? "+" : "")\(NumberText.decimal(change.points)) since the last round's \(NumberText.decimal(change.from)))"
        }
        text += "."
        for section in unit.sections {
            let names = unit.form.sections.first { $0.id == section.id }?.questions.compactMap { unit.form.question($0)?.text } ?? []
            text += " \(section.title) (\(names.joined(separator: ", "))): \(NumberText.decimal(section.weightedMean))."
        }
        return text
    }

    func indexNotes(_ unit: UnitResult, survey: Bool) -> String? {
        guard unit.index != nil else { return nil }
        var text = ""
        if unit.indexRenormalised { text += " Some scored questions had no answers; the others' weights were rescaled." }
        for section in unit.sections where section.isReliabilityMeaningful(in: unit.form) {
            text += " \(section.title): Cronbach's alpha \(NumberText.twoDecimals(section.alpha ?? 0)) over \(section.alphaN) complete ballots."
        }
        return text.isEmpty ? nil : "Note:" + text
    }

    func appendixHeading(survey: Bool) -> String { "Appendix: detailed figures" }

    func compactTableLead(survey: Bool) -> String { "Question" }
    func answersChartTitle(survey: Bool) -> String { "Answers by question" }

    private func rateText(_ p: Proportion, _ body: Set<ReportSettings.BodyFigure>) -> String {
        NumberText.percent(p.value) + (body.contains(.fraction) ? " (\(p.k)/\(p.n))" : "")
    }

    private func comparisonWords(_ comparison: FindingRule.Comparison) -> String {
        switch comparison {
        case .below: "below"
        case .above: "above"
        case .atLeast: "at least"
        case .atMost: "at most"
        }
    }

    private func quoted(_ names: [String]) -> String { names.map { "'\($0)'" }.joined(separator: ", ") }

    func runSentence(_ run: RatedRun, body: Set<ReportSettings.BodyFigure>, weighted: Bool, survey: Bool) -> String {
        let ranged = run.ranged
        var text: String
        if ranged.count == 2 && run.excluded.isEmpty {
            text = "\(run.rate): \(ranged.map { "'\($0.name)' \(rateText($0.rate, body))" }.joined(separator: ", "))"
        } else {
            let subject = run.wholeForm ? "every question" : quoted(ranged.map(\.name))
            let except = run.excluded.isEmpty ? "" : " except \(quoted(run.excluded))"
            if let (low, high) = run.spread() {
                text = "\(run.rate) of \(subject)\(except): from \(rateText(low[0].rate, body)) (\(quoted(low.map(\.name))))"
                text += " to \(rateText(high[0].rate, body)) (\(quoted(high.map(\.name))))"
            } else {
                text = "\(run.rate) of \(subject)\(except): \(rateText(ranged[0].rate, body)) each"
            }
        }
        if body.contains(.score), let scores = run.scoreRange(weighted: weighted) {
            text += "; scores \(NumberText.decimal(scores.low)) to \(NumberText.decimal(scores.high))"
        }
        for flag in run.flags {
            text += "; \(quoted(flag.names)) \(flag.rate) \(comparisonWords(flag.comparison)) \(flag.threshold.shareText(chinese: false))"
        }
        return text + "."
    }

    func standoutSentence(name: String, rate: String, value: Proportion, above: Bool, flags: [RuleFlag], survey: Bool) -> String {
        let rules = flags.map { " (\($0.rate) \(comparisonWords($0.comparison)) \($0.threshold.shareText(chinese: false)))" }.joined()
        return "'\(name)': \(rate) \(NumberText.percent(value.value))\(rules), well \(above ? "above" : "below") the others."
    }

    func aloneSentence(
        _ question: Question, _ figures: QuestionFigures, rules: QuestionRules, body: Set<ReportSettings.BodyFigure>,
        weighted: Bool, survey: Bool
    ) -> String? {
        let name = "'\(question.text)'"
        switch question.type {
        case .text:
            return nil
        case .number:
            guard let cell = figures.whole?.overall, let mean = cell.mean else { return nil }
            return "\(name): mean \(NumberText.decimal(mean)) (\(cell.n) answered)."
        case .multi:
            guard let cell = figures.whole?.overall, cell.n > 0 else { return nil }
            let top = mostChosen(cell)
            guard !top.isEmpty else { return nil }
            return "\(name): \(cell.n) answered; most chosen " + top.map {
                "'\($0.label)' \(rateText(Proportion(k: $0.count, n: cell.n), body))"
            }.joined(separator: ", ") + "."
        case .single:
            guard let row = figures.whole else { return nil }
            let cell = row.overall
            var said = cell.rates.filter { ($0.proportion.value ?? 0) > 0 || rules.rates.contains($0.name) }
            if said.isEmpty, let first = cell.rates.first { said = [first] }
            var parts = said.map { rate in
                "\(rate.name) \(rateText(rate.proportion, body))" + rules.fired.filter { $0.rate == rate.name }.map {
                    " (\(comparisonWords($0.comparison)) \($0.threshold.shareText(chinese: false)))"
                }.joined()
            }
            if let score = indexScore(row, weighted: weighted), parts.isEmpty || body.contains(.score) {
                parts.append("\(score.weighted ? "weighted" : "mean") score \(NumberText.decimal(score.value))")
            }
            if parts.isEmpty { parts.append("\(cell.n) answers") }
            let (labels, chosen) = uncounted(question, cell)
            let left = chosen > 0 && body.contains(.notCounted) ? " (\(chosen) more chose \(labels.joined(separator: ", ")), not counted)" : ""
            return "\(name): " + parts.joined(separator: ", ") + left + "."
        case .matrix:
            guard !figures.rows.isEmpty else { return nil }
            if question.numericAnswers {
                let rows = figures.rows.compactMap { row in row.figures.weightedMean.map { "'\(row.label)' \(NumberText.decimal($0))" } }
                return rows.isEmpty ? nil : "\(name), \(weighted ? "weighted " : "")mean scores: " + rows.joined(separator: ", ") + "."
            }
            return "\(name): \(figures.rows.count) rows; each row's rates and score are in the table below."
        }
    }

    func comments(_ n: Int) -> String { " \(n) comments (not reproduced)." }

    func multiNote(_ cell: CellFigures) -> String {
        "Several choices allowed: \(cell.n) answered; each share is of those who answered, so they can add up to more than 100%."
    }

    func singleNote(_ question: Question, _ row: RowFigures, weighted: Bool, survey: Bool) -> String {
        let cell = row.overall
        let (uncounted, excluded) = uncounted(question, cell)
        var text = "Base: \(cell.n) counted answers"
        if !uncounted.isEmpty { text += " (\(excluded) \(uncounted.joined(separator: ", ")) left out)" }
        if cell.missing > 0 { text += "; \(cell.missing) not answered" }
        if cell.invalid > 0 { text += "; \(cell.invalid) invalid" }
        text += "."
        for rate in cell.rates { text += " " + rateSentence(rate, change: row.changes[rate.name]) }
        if let mean = cell.mean {
            text += " Mean score \(NumberText.decimal(mean))"
            if let weightedMean = row.weightedMean, weighted { text += ", weighted by group \(NumberText.decimal(weightedMean))" }
            text += "."
        }
        return text
    }

    private func rateSentence(_ rate: RateFigure, change: RateChange?) -> String {
        let p = rate.proportion
        let base = rate.includesUncounted ? "base includes don't-know" : "base excludes don't-know"
        var text = "\(rate.name) \(NumberText.percent(p.value)) (\(p.k)/\(p.n), \(base); 95% CI \(NumberText.percent(p.low))–\(NumberText.percent(p.high)))"
        if let change {
            text += "; \(NumberText.signedDecimal(change.points)) points since the last round (\(NumberText.percent(change.from.value)))"
            if let pValue = change.p { text += ", p=\(NumberText.pValue(pValue))" }
        }
        return text + "."
    }

    func groupTest(_ test: ChiSquareTest) -> String {
        let figures = "χ²=\(NumberText.decimal(test.statistic)), df \(test.degreesOfFreedom), p=\(NumberText.pValue(test.p)), Cramér's V=\(NumberText.twoDecimals(test.cramersV))"
        var text = test.p < 0.05
            ? "Groups answered differently (chi-square test: \(figures))."
            : "No significant difference between groups (chi-square test: \(figures))."
        if test.cellsExpectedBelow5 > 0 { text += " \(test.cellsExpectedBelow5) cells have expected counts below 5: treat the test with caution." }
        return text
    }

    func matrixNote(missing: Int, invalid: Int, survey: Bool, weighted: Bool) -> String {
        var note = "Shares are of each row's valid answers" + (weighted ? "; scores are weighted by group." : ".")
        if missing + invalid > 0 { note += " \(missing) ratings missing, \(invalid) invalid." }
        return note
    }

    func trimmedNote(high: Int, low: Int) -> String {
        "Means drop the \(high) highest and \(low) lowest scores (not for rows with few scores)."
    }

    var all: String { "All" }
    var notInBase: String { "not in base" }
    var hidden: String { "hidden" }
    var scoreUnit: String { "" }
    func optionTableHeader(survey: Bool) -> [String] { ["Option", "Count", "Share"] }
    func matrixHeaderLead(survey: Bool) -> String { "Row" }
    func matrixHeaderTail(survey: Bool) -> [String] { ["n", "Score"] }
    func groupTableLead() -> String { "Group" }
    func groupTableTail() -> [String] { ["n", "Mean"] }
    func numberTableHeader() -> [String] { ["Row", "n", "Mean", "SD", "Median", "Min", "Max"] }
}
