import TallyStatistics

/// Every figure of one unit, ready for results.json and the report.
public struct UnitResult: Sendable {
    public struct Ballots: Sendable, Equatable {
        public internal(set) var issued: Int?
        public internal(set) var rows: Int
        public internal(set) var valid: Int
        public internal(set) var invalid: Int
        public internal(set) var abstain: Int
        /// 收回率 = rows / issued; `nil` without an issued count.
        public var returnedRate: Proportion? {
            guard let issued, issued > 0, rows <= issued else { return nil }
            return Proportion(k: rows, n: issued)
        }
    }

    public internal(set) var unit: String
    public internal(set) var form: Form
    public internal(set) var ballots: Ballots
    /// Valid ballots per respondent group label; `(未分组)` last when any ballot has no group.
    public internal(set) var respondents: [(label: String, count: Int)]
    /// Composite index, 0–100.
    public internal(set) var index: Double?
    /// `true` when a scored question had no answers and the index weights were renormalised.
    public internal(set) var indexRenormalised: Bool
    public internal(set) var grade: String?
    public internal(set) var rank: Int?
    public internal(set) var questions: [QuestionFigures]
    /// Labels of groups whose figures are hidden.
    public internal(set) var suppressed: [String]
    /// Set when the evaluation is void (more ballots returned than issued): no figure is computed.
    public internal(set) var void: VoidEvaluation?
    public internal(set) var invalidReasons: [(code: String, count: Int)]
    public internal(set) var rejected: [RejectedEntry]
    /// The counters the figures were computed from (kept in results.json for `tally merge`).
    package internal(set) var tally: UnitTally
    /// Findings fired by the form's rules.
    public internal(set) var findings: [Finding] = []
    /// The index against the baseline round's, when there is one.
    public internal(set) var indexChange: IndexChange?
    /// Per section of the form: sub-score and reliability.
    public internal(set) var sections: [SectionFigures] = []
    /// The user's words for the methods paragraph (team, methods, how ballots were collected).
    public internal(set) var words: ReportWords
    /// How the ballots were collected, in words, when the campaign says so.
    public var method: String? { words.method }
    /// Who did the work (the campaign's `team`, `--team`), when said.
    package var team: String? { words.team }

    /// The form has respondent groups, some valid ballot has a group cell, and none names a
    /// known group: weighted figures equal the unweighted ones (nothing to weight by).
    package internal(set) var noWeighting = false
    /// What the user must know about this unit's figures (unknown groups, no weighting,
    /// rules skipped), in a fixed order.
    package internal(set) var warnings: [ResultsWarning] = []

    /// Computes every figure of a tally (findings, ranks and changes are added by `ResultsAssembly`).
    init(tally: UnitTally, form: Form, issued: Int?, words: ReportWords = ReportWords()) {
        unit = tally.unit
        self.words = words
        self.tally = tally
        self.form = form
        ballots = Ballots(issued: issued, rows: tally.rows, valid: tally.valid, invalid: tally.invalid, abstain: tally.abstain)
        rejected = tally.rejected
        invalidReasons = tally.invalidReasons.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
        let groups = form.respondents?.groups ?? []
        // Labels of the counter slots: the groups, then 未填写类别 and 类别无法识别.
        let slotLabels = form.respondents.map { $0.groups.map(\.label) + [$0.blankLabel, $0.unknownLabel] } ?? []
        var respondents: [(String, Int)] = []
        if form.respondents != nil {
            respondents = zip(groups, tally.groupBallots).map { ($0.label, $1) }
            for slot in groups.count..<slotLabels.count where tally.groupBallots[slot] > 0 {
                respondents.append((slotLabels[slot], tally.groupBallots[slot]))
            }
        }
        self.respondents = respondents
        let known = tally.groupBallots.prefix(groups.count).reduce(0, +)
        noWeighting = form.respondents != nil && known == 0 && tally.valid > tally.abstain
        warnings = Self.warnings(tally, form: form, noWeighting: noWeighting)
        questions = []
        index = nil
        indexRenormalised = false
        grade = nil
        rank = nil
        suppressed = []
        void = VoidEvaluation.judge(returned: tally.rows, issued: issued)
        if void != nil { return }

        // Anonymity: groups (and the ungrouped) with 0 < ballots < k, plus a complement when one alone is hidden.
        var hidden = Set<Int>()
        let k = form.rubric.suppressBelow
        let cells = Array(tally.groupBallots.enumerated()).filter { $0.offset < groups.count || $0.element > 0 }
        if k > 0 && form.respondents != nil {
            for (index, count) in cells where count > 0 && count < k { hidden.insert(index) }
            let shown = cells.filter { !hidden.contains($0.offset) && $0.element > 0 }
            if hidden.count == 1, let smallest = shown.min(by: { $0.element < $1.element || ($0.element == $1.element && $0.offset > $1.offset) }) {
                hidden.insert(smallest.offset)
            }
        }
        suppressed = hidden.sorted().map { slotLabels[$0] }

        func row(_ cell: CellTally, _ question: Question) -> RowFigures {
            let overall = CellFigures(cell.overall, question: question, rubric: form.rubric)
            var groupFigures: [GroupFigures] = []
            var parts: [(mean: Double?, weight: Double)] = []
            var renormalised = false
            for (g, counter) in cell.groups.enumerated() where form.respondents != nil {
                let isUngrouped = g >= groups.count
                if isUngrouped && tally.groupBallots[g] == 0 { continue }
                let figures = CellFigures(counter, question: question, rubric: form.rubric)
                groupFigures.append(GroupFigures(label: slotLabels[g], suppressed: hidden.contains(g), figures: hidden.contains(g) ? nil : figures))
                if !isUngrouped {
                    parts.append((figures.mean, groups[g].weight))
                    if figures.mean == nil && groups[g].weight > 0 { renormalised = true }
                }
            }
            // No ballot of a known group: nothing to weight by, so the unweighted figure stands.
            let weighted = form.respondents == nil || noWeighting ? overall.mean : renormalisedWeightedMean(parts)
            // Group × counted option, named groups only (the ungrouped are no group to compare).
            var test: ChiSquareTest?
            if !groups.isEmpty, !question.options.isEmpty, question.type == .single || question.type == .matrix {
                let counted = question.options.indices.filter { question.options[$0].counted }
                test = ChiSquareTest(table: cell.groups.prefix(groups.count).map { counter in counted.map { counter.options[$0] } })
            }
            return RowFigures(
                overall: overall, weightedMean: weighted, renormalised: weighted != nil && renormalised && !noWeighting, groups: groupFigures,
                groupTest: test)
        }

        var indexParts: [(mean: Double?, weight: Double)] = []
        let counters = tally.questions  // read out of the flat store once
        for (q, question) in form.questions.enumerated() {
            var figures = QuestionFigures(id: question.id, text: question.text, type: question.type, whole: nil, rows: [], indexValue: nil)
            if question.type == .matrix {
                figures.rows = zip(question.rows, counters[q]).map { ($0.label, row($1, question)) }
                let means = figures.rows.compactMap(\.figures.weightedMean)
                figures.indexValue = means.isEmpty ? nil : means.reduce(0, +) / Double(means.count)
            } else {
                let whole = row(counters[q][0], question)
                figures.whole = whole
                figures.indexValue = whole.weightedMean
            }
            if Self.entersIndex(question) {
                indexParts.append((figures.indexValue, question.weight))
                if figures.indexValue == nil && question.weight > 0 { indexRenormalised = true }
            }
            questions.append(figures)
        }
        sections = zip(form.sections, tally.sections).map { section, covariance in
            let parts = section.questions.map { id in
                (questions.first { $0.id == id }?.indexValue, form.question(id)?.weight ?? 1)
            }
            return SectionFigures(
                id: section.id, title: section.title, weightedMean: renormalisedWeightedMean(parts),
                alpha: covariance.alpha, alphaN: covariance.n)
        }
        if form.rubric.index == .weightedMean {
            index = renormalisedWeightedMean(indexParts)
            if index == nil { indexRenormalised = false }
            grade = form.rubric.grade(for: index)
        }
    }

    /// A unit's warnings: each group value that named no group (with its count and the nearest
    /// group label), no weighting, each rule skipped.
    static func warnings(_ tally: UnitTally, form: Form, noWeighting: Bool) -> [ResultsWarning] {
        var warnings: [ResultsWarning] = []
        if let respondents = form.respondents, !tally.unknownGroups.isEmpty {
            let names = respondents.groups.flatMap { [$0.label] + $0.aliases }
            let items = tally.unknownGroups.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }.map { value, count in
                let match = nearest(to: value, in: names)
                let label = match.flatMap { name in respondents.groups.first { $0.label == name || $0.aliases.contains(name) }?.label }
                return ResultsWarning.Item(value: value, count: count, nearest: label)
            }
            warnings.append(ResultsWarning(code: .unknownGroup, unit: tally.unit, items: items, language: form.language))
        }
        if noWeighting {
            warnings.append(ResultsWarning(code: .noWeighting, unit: tally.unit, count: tally.valid - tally.abstain, language: form.language))
        }
        for rule in tally.skippedRules.sorted() {
            warnings.append(ResultsWarning(code: .ruleSkipped, unit: tally.unit, items: [.init(value: rule, count: 0)], count: 0, language: form.language))
        }
        return warnings
    }

    /// Questions that enter the composite index: single questions and matrices on a scale with
    /// scores, and number matrices on 0–100.
    package static func entersIndex(_ question: Question) -> Bool {
        guard question.isScored else { return false }
        if question.numericAnswers {
            return (question.minimum ?? 0) >= 0 && (question.maximum.map { $0 <= 100 } ?? false)
        }
        return true
    }

    /// The figures of a question by id.
    public func question(_ id: String) -> QuestionFigures? { questions.first { $0.id == id } }
}

/// A section's sub-score and reliability.
public struct SectionFigures: Sendable, Equatable {
    public var id: String
    public var title: String
    /// Its questions' weighted means (matrices: the mean of their rows), weighted by question weight.
    public var weightedMean: Double?
    /// Cronbach's alpha over the ballots that gave a counted, scored answer to every item.
    public var alpha: Double?
    /// How many ballots that is.
    public var alphaN: Int
}

/// A sentence produced by a finding rule.
public struct Finding: Sendable, Equatable {
    package var kind: FindingRule.Kind
    public var text: String
    /// Index of the rule in the form's `findings`.
    package var rule: Int
    /// The rule's headline (`title`), when it has one.
    public var title: String?
    public var cite: String?
    /// The matrix row the rule fired on (`row: any`), and `{value}` as filled in: a report
    /// merges the findings of one rule into one sentence from these (分别为…，均…).
    package var row: String? = nil
    package var value: String? = nil
}

/// Ranks units by index as printed (one decimal), highest first; equal indexes share a rank
/// (1, 2, 2, 4). Units are ranked among those scored on the same form: indexes of different
/// forms do not measure the same thing. A form with a single unit gives it no rank.
package func rankUnits(_ units: inout [UnitResult]) {
    var forms: [String] = []
    for unit in units where !forms.contains(unit.form.id) { forms.append(unit.form.id) }
    for form in forms {
        let positions = units.indices.filter { units[$0].form.id == form }
        // One unit on a form is ranked against nothing: no rank.
        guard positions.count > 1 else { continue }
        let values = positions.map { units[$0].void == nil ? units[$0].index.map { ($0 * 10).rounded() / 10 } : nil }
        for (position, rank) in zip(positions, competitionRanks(values)) { units[position].rank = rank }
    }
}
