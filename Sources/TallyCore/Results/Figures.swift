import TallyStatistics

/// A named rate of one question (or row, or group) with its base and 95% Wilson interval.
public struct RateFigure: Sendable, Equatable {
    public var name: String
    public var proportion: Proportion
    /// `true` when 不了解 and other uncounted answers are in the base (`denominator: all`).
    public var includesUncounted: Bool
}

/// Figures of one answer counter: a question, a matrix row, or one group's share of either.
public struct CellFigures: Sendable, Equatable {
    /// AnswerOption labels with their counts, in scale order, zeros included.
    public var counts: [(label: String, count: Int)]
    /// Counted answers (options with `counted: false` left out); for multi, ballots that answered;
    /// for numbers, number answers.
    public var n: Int
    /// Every valid answer, uncounted options included.
    package var answered: Int
    public var missing: Int
    public var invalid: Int
    /// Mean option score over counted answers with a score, or mean of number answers.
    public var mean: Double?
    public var rates: [RateFigure]
    /// Numbers only: sd (n − 1), quartiles (type 7), min, max and the exact histogram.
    public var numbers: Histogram?
    /// Numbers with `trim`: how many highest and lowest answers were dropped before the mean.
    package var trimmed: (high: Int, low: Int)?

    public static func == (lhs: CellFigures, rhs: CellFigures) -> Bool {
        lhs.counts.map(\.label) == rhs.counts.map(\.label) && lhs.counts.map(\.count) == rhs.counts.map(\.count)
            && lhs.n == rhs.n && lhs.answered == rhs.answered && lhs.missing == rhs.missing && lhs.invalid == rhs.invalid
            && lhs.mean == rhs.mean && lhs.rates == rhs.rates && lhs.numbers == rhs.numbers
            && lhs.trimmed?.high == rhs.trimmed?.high && lhs.trimmed?.low == rhs.trimmed?.low
    }

    /// Computes the figures of `counter` for `question`.
    ///
    /// - `mean` = Σ countᵢ·scoreᵢ / Σ countᵢ over counted options that have a score; `nil` when that is 0.
    /// - a rate = k / n with k the answers in the rate's options and n the counted answers
    ///   (every answer for `denominator: all`).
    init(_ counter: AnswerCounter, question: Question, rubric: Rubric) {
        counts = zip(question.options, counter.options).map { ($0.label, $1) }
        missing = counter.missing
        invalid = counter.invalid
        answered = counter.answered
        rates = []
        switch question.type {
        case .multi, .text:
            n = counter.answered
            mean = nil
        case .number:
            n = counter.numbers.n
            mean = counter.numbers.mean
            numbers = counter.numbers
        case .single, .matrix:
            if question.numericAnswers {
                n = counter.numbers.n
                mean = counter.numbers.mean
                numbers = counter.numbers
                // 去掉最高分和最低分: only when more than `when_n_above` answered.
                if let trim = question.trim, counter.numbers.n > trim.whenNAbove {
                    let kept = counter.numbers.trimmed(dropHighest: trim.dropHighest, dropLowest: trim.dropLowest)
                    mean = kept.mean
                    trimmed = (trim.dropHighest, trim.dropLowest)
                }
                return
            }
            var counted = 0
            var scored = 0
            var total = 0.0
            for (option, count) in zip(question.options, counter.options) where option.counted {
                counted += count
                if let score = option.score {
                    scored += count
                    total += score * Double(count)
                }
            }
            n = counted
            mean = scored > 0 ? total / Double(scored) : nil
            let all = counter.options.reduce(0, +)
            for rate in rubric.rates {
                let members = question.options.indices.filter { rate.options.contains(question.options[$0].label) }
                guard !members.isEmpty else { continue }
                let k = members.reduce(0) { $0 + counter.options[$1] }
                let base = rate.denominator == .all ? all : counted
                // An uncounted option inside a counted-base rate would exceed the base: count only counted ones.
                let kInBase = rate.denominator == .all ? k : members.filter { question.options[$0].counted }.reduce(0) { $0 + counter.options[$1] }
                rates.append(RateFigure(name: rate.name, proportion: Proportion(k: kInBase, n: base), includesUncounted: rate.denominator == .all))
            }
        }
    }

    package func rate(_ name: String) -> RateFigure? { rates.first { $0.name == name } }

    /// The share of one option among counted answers (all answers if the option is uncounted).
    package func share(of label: String, question: Question) -> Proportion? {
        guard let index = question.options.firstIndex(where: { $0.label == label }) else { return nil }
        let k = counts[index].count
        let base = question.options[index].counted ? n : counts.reduce(0) { $0 + $1.count }
        return k <= base ? Proportion(k: k, n: base) : nil
    }
}

/// One respondent group's figures, or the fact that they are hidden.
public struct GroupFigures: Sendable, Equatable {
    public var label: String
    /// Hidden for anonymity: fewer ballots than `suppress_below`, or its complement.
    public var suppressed: Bool
    /// `nil` when suppressed.
    public var figures: CellFigures?
}

/// A question's (or matrix row's) figures for the unit and per group.
public struct RowFigures: Sendable, Equatable {
    public var overall: CellFigures
    /// Group weighted mean: Σ wᵍ·meanᵍ / Σ wᵍ over groups with a mean; `mean` when the form has no groups.
    public var weightedMean: Double?
    /// `true` when a weighted group had no answers, so the other weights were scaled up.
    public var renormalised: Bool
    public var groups: [GroupFigures]
    /// Pearson's chi-square test on the group × counted-option table; `nil` when fewer than
    /// two groups (or two options) have answers.
    public var groupTest: ChiSquareTest?
    /// Rate name → change since the baseline round (empty without a baseline).
    public var changes: [String: RateChange] = [:]
}

/// Everything computed for one question.
public struct QuestionFigures: Sendable, Equatable {
    public var id: String
    public var text: String
    public var type: Question.QuestionType
    /// For a question that is not a matrix: its figures. For a matrix: `nil`.
    public var whole: RowFigures?
    /// For a matrix: one entry per row, in form order.
    public var rows: [(label: String, figures: RowFigures)]
    /// What enters the index: `weightedMean`, or for a matrix the plain average of its rows'.
    public var indexValue: Double?

    public static func == (lhs: QuestionFigures, rhs: QuestionFigures) -> Bool {
        lhs.id == rhs.id && lhs.whole == rhs.whole && lhs.rows.map(\.label) == rhs.rows.map(\.label)
            && lhs.rows.map(\.figures) == rhs.rows.map(\.figures) && lhs.indexValue == rhs.indexValue
    }
}
