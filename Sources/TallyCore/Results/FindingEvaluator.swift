import Foundation
import TallyStatistics

/// Evaluates a form's finding rules against a unit's figures.
struct FindingEvaluator {
    let unit: UnitResult
    var form: Form { unit.form }

    func evaluate() -> [Finding] {
        guard unit.void == nil else { return [] }
        var findings: [Finding] = []
        for rule in form.findings { findings += evaluate(rule) }
        return findings
    }

    /// One candidate figure: a value with its base, and the placeholders it fills.
    private struct Candidate {
        var order: Int  // -1, 0, 1 against the threshold
        var value: String
        var n: Int
        var row: String?
    }

    private func evaluate(_ rule: FindingRule) -> [Finding] {
        candidates(rule).filter { rule.comparison.holds($0.order) }.map { candidate in
            Finding(
                kind: rule.kind, text: fill(rule, candidate), rule: rule.index, title: rule.title, cite: rule.cite,
                row: candidate.row, value: candidate.value)
        }
    }

    private func groupIndex(_ rule: FindingRule) -> String? {
        guard let name = rule.group, let groups = form.respondents?.groups else { return nil }
        return groups.first { $0.id == name || $0.label == name }?.label
    }

    /// The cell a rule reads: the unit's figures, or one group's (nil when suppressed or absent).
    private func cell(_ row: RowFigures, _ rule: FindingRule) -> (CellFigures, Double?)? {
        guard let label = groupIndex(rule) else { return (row.overall, row.weightedMean) }
        guard let group = row.groups.first(where: { $0.label == label }), let figures = group.figures else { return nil }
        return (figures, figures.mean)
    }

    private func rows(_ questionID: String, _ rule: FindingRule) -> [(label: String?, row: RowFigures)] {
        guard let figures = unit.question(questionID) else { return [] }
        if let whole = figures.whole { return [(nil, whole)] }
        return rule.anyRow ? figures.rows.map { ($0.label, $0.figures) } : []
    }

    private func candidates(_ rule: FindingRule) -> [Candidate] {
        switch rule.measure {
        case .rate(let name, let question):
            return rows(question, rule).compactMap { label, row in
                guard let (cell, _) = cell(row, rule), let rate = cell.rate(name), rate.proportion.n > 0 else { return nil }
                let p = rate.proportion
                return Candidate(order: rule.threshold.compare(k: p.k, n: p.n), value: percent(p.value), n: p.n, row: label)
            }
        case .share(let option, let questionID):
            guard let question = form.question(questionID) else { return [] }
            return rows(questionID, rule).compactMap { label, row in
                guard let (cell, _) = cell(row, rule), let p = cell.share(of: option, question: question), p.n > 0 else { return nil }
                return Candidate(order: rule.threshold.compare(k: p.k, n: p.n), value: percent(p.value), n: p.n, row: label)
            }
        case .mean(let question):
            return rows(question, rule).compactMap { label, row in
                guard let (cell, weighted) = cell(row, rule), let mean = weighted ?? cell.mean else { return nil }
                return Candidate(order: rule.threshold.compare(mean), value: decimal(mean), n: cell.n, row: label)
            }
        case .index:
            guard let index = unit.index else { return [] }
            return [Candidate(order: rule.threshold.compare(index), value: decimal(index), n: unit.ballots.valid, row: nil)]
        case .returnedRate:
            guard let p = unit.ballots.returnedRate else { return [] }
            return [Candidate(order: rule.threshold.compare(k: p.k, n: p.n), value: percent(p.value), n: p.n, row: nil)]
        case .change(let name, let question):
            // Percentage points since the baseline round; `{value}` is the signed number of points.
            return rows(question, rule).compactMap { label, row in
                guard groupIndex(rule) == nil, let change = row.changes[name] else { return nil }
                return Candidate(
                    order: rule.threshold.compare(change.points), value: NumberText.signedDecimal(change.points),
                    n: row.overall.rate(name)?.proportion.n ?? 0, row: label)
            }
        }
    }

    private func percent(_ value: Double?) -> String { NumberText.percent(value ?? 0) }
    private func decimal(_ value: Double) -> String { NumberText.decimal(value) }

    private func fill(_ rule: FindingRule, _ candidate: Candidate) -> String {
        fill(rule.text, rule, row: candidate.row ?? "", value: candidate.value, n: String(candidate.n))
    }

    /// A rule's text with its placeholders filled; an unknown name is left as written.
    func fill(_ template: String, _ rule: FindingRule, row: String, value: String, n: String) -> String {
        let questionText: String
        switch rule.measure {
        case .rate(_, let q), .share(_, let q), .mean(let q), .change(_, let q): questionText = form.question(q)?.text ?? q
        case .index, .returnedRate: questionText = ""
        }
        let values: [String: String] = [
            "unit": unit.unit, "question": questionText, "row": row, "value": value,
            "n": n, "group": groupIndex(rule) ?? "",
        ]
        var text = ""
        var name: String?
        for character in template {
            if character == "{" {
                name = ""
            } else if character == "}", let current = name {
                text += values[current] ?? "{\(current)}"
                name = nil
            } else if name != nil {
                name!.append(character)
            } else {
                text.append(character)
            }
        }
        if let name { text += "{" + name }
        return text
    }
}

extension UnitResult {
    /// A finding rule's text written another way (a report's merged sentence), its remaining
    /// placeholders (`{unit}`, `{question}`, `{group}`) filled as the rule's own would be;
    /// `{row}`, `{value}` and `{n}` are left empty.
    package func fillFindingText(_ template: String, rule: FindingRule) -> String {
        FindingEvaluator(unit: self).fill(template, rule, row: "", value: "", n: "")
    }
}
