import TallyStatistics

/// A questionnaire and its rubric, loaded from a YAML form (`../shared/spec/FORMS.md`).
public struct Form: Sendable {
    /// Stable id, `[a-z0-9-]+`.
    public var id: String
    public var title: String
    public var kind: Kind
    /// Language of generated text.
    public var language: Language
    /// Reusable answer scales, in file order.
    package var scales: [Scale]
    package var respondents: Respondents?
    package var unit: UnitSource?
    public var questions: [Question]
    package var sections: [Section]
    package var rubric: Rubric
    package var findings: [FindingRule]
    package var validity: Validity
    /// How files are read where the defaults do not fit (`import:`).
    package var importSettings = ImportSettings()
    /// What the report's body says beyond its defaults (`report:`).
    package var report = ReportSettings()
    /// Where the form came from: a path, or `builtin:<id>`.
    package var source: String

    public enum Kind: String, Sendable { case evaluation, survey }
    public enum Language: String, Sendable { case zh, en }

    /// The question with this id.
    package func question(_ id: String) -> Question? { questions.first { $0.id == id } }
}

/// One answer option of a scale, a multi-select list, a matrix row or a respondent group.
package struct AnswerOption: Sendable, Equatable {
    /// The text shown on the ballot; results are keyed by it.
    package var label: String
    /// A letter or number a ballot may carry instead of the label (`A`, `1`, `A1`, `SQ001`).
    package var code: String?
    /// The option's score; `nil` when it has none (不了解).
    package var score: Double?
    /// `false` keeps the answer out of every denominator (不了解, 不清楚).
    package var counted: Bool
    /// Other spellings that mean this option.
    package var aliases: [String]
    /// Explicit CSV columns for a matrix row or a per-option column, tried first.
    package var columns: [String]

    package init(
        label: String, code: String? = nil, score: Double? = nil, counted: Bool = true,
        aliases: [String] = [], columns: [String] = []
    ) {
        self.label = label
        self.code = code
        self.score = score
        self.counted = counted
        self.aliases = aliases
        self.columns = columns
    }
}

/// A named answer scale.
package struct Scale: Sendable, Equatable {
    package var name: String
    package var options: [AnswerOption]
}

/// A question of the form.
public struct Question: Sendable {
    public enum QuestionType: String, Sendable, CaseIterable {
        case single, multi, matrix, number, text
    }

    public var id: String
    public var text: String
    public var type: QuestionType
    /// The scale's name, when answered on a named scale.
    package var scaleName: String?
    /// The answer options (the scale's, or listed inline); empty for number and text questions
    /// and for number matrices.
    package var options: [AnswerOption]
    /// Matrix rows (people or items), each answered on `options` or as a number.
    package var rows: [AnswerOption]
    /// `true` for a matrix answered with numbers (`answer: { type: number }`).
    package var numericAnswers: Bool
    /// Bounds for number answers.
    package var minimum: Double?
    package var maximum: Double?
    /// Weight in the composite index (default 1).
    package var weight: Double
    /// A missing answer makes the ballot invalid.
    package var required: Bool
    /// Explicit CSV column names, tried in order.
    package var columns: [String]
    /// Most options a multi-select ballot may choose.
    package var maxChoices: Int?
    /// Per-ballot rules on a matrix.
    package var limits: [MatrixLimit]
    /// Trimmed means for number matrices.
    package var trim: Trim?
    /// Where the question is defined, for messages.
    package var position: SourcePosition

    /// `true` when answers carry a score that enters means and the index: a single question
    /// or a matrix on a scale with at least one scored option, or a number matrix.
    package var isScored: Bool {
        switch type {
        case .single, .matrix: numericAnswers || options.contains { $0.score != nil }
        case .multi, .number, .text: false
        }
    }

    /// The counted options (denominators leave the others out).
    package var countedOptions: [AnswerOption] { options.filter(\.counted) }
}

/// A per-ballot rule on one matrix (FORMS.md `limits`).
package struct MatrixLimit: Sendable, Equatable {
    package enum Subject: Sendable, Hashable {
        /// Rows answered with this option label.
        case option(String)
        /// Rows answered with a number at or above this value.
        case atLeast(Double)
        /// Rows answered with a number below this value.
        case below(Double)
        /// One answer for every row (straight-lining).
        case sameAnswerEverywhere
    }

    package var subject: Subject
    package var maxShare: Threshold?
    package var maxCount: Int?
    package var minCount: Int?
}

/// Dropping extreme answers before a mean (去掉最高分和最低分).
package struct Trim: Sendable, Equatable {
    package var dropHighest: Int
    package var dropLowest: Int
    /// Trim only when a row has more than this many answers.
    package var whenNAbove: Int
}

/// Respondent groups (身份) and where a ballot says which it is.
package struct Respondents: Sendable {
    /// CSV column alternatives for the group.
    package var columns: [String]
    /// Or the id of a question that asks it.
    package var question: String?
    package var groups: [RespondentGroup]
    package var missing: MissingGroup
    /// Where ballots whose group cell is empty are counted (FORMS.md: 未填写类别).
    package var blankLabel: String
    /// Where ballots whose group cell names no group are counted (FORMS.md: 类别无法识别).
    package var unknownLabel: String

    /// Counter slots: one per group, then the blank and the unknown.
    package var slotCount: Int { groups.count + 2 }

    package enum MissingGroup: String, Sendable {
        /// Count under 未填写类别 or 类别无法识别 in unweighted figures, leave out of weighted ones.
        case ungrouped
        /// Reject the ballot.
        case invalid
    }
}

/// One respondent group with its weight.
package struct RespondentGroup: Sendable, Equatable {
    package var id: String
    package var label: String
    package var weight: Double
    package var code: String?
    package var aliases: [String]

    /// The group as an answer option, for matching cell values.
    var asOption: AnswerOption { AnswerOption(label: label, code: code, aliases: aliases + [id]) }
}

/// Which unit a ballot evaluates, when the file says so in a column.
package struct UnitSource: Sendable {
    package var columns: [String]
}

/// Questions grouped for sub-scores and reliability.
package struct Section: Sendable {
    package var id: String
    package var title: String
    package var questions: [String]
}

/// The rubric: named rates, the composite index, grade bands, anonymity.
package struct Rubric: Sendable {
    package var rates: [RateDefinition]
    package var index: IndexMethod
    /// Bands, highest `min` first.
    package var grades: [Grade]
    /// Groups with fewer ballots are not broken out; 0 turns suppression off.
    package var suppressBelow: Int

    package enum IndexMethod: String, Sendable {
        case weightedMean = "weighted_mean"
        case none
    }

    /// The first band whose `min` the index reaches; `nil` without bands or index.
    package func grade(for index: Double?) -> String? {
        guard let index else { return nil }
        return grades.first { index >= $0.minimum }?.label
    }
}

/// A named rate: the share of answers in some options.
package struct RateDefinition: Sendable, Equatable {
    package var name: String
    package var options: [String]
    package var denominator: Denominator

    package enum Denominator: String, Sendable {
        /// Counted answers only (不了解 left out).
        case counted
        /// Every answer, 不了解 included.
        case all
    }
}

package struct Grade: Sendable, Equatable {
    package var minimum: Double
    package var label: String
}

/// A rule that turns a figure into a sentence of the report.
package struct FindingRule: Sendable {
    package enum Measure: Sendable, Equatable {
        case rate(name: String, question: String)
        case mean(question: String)
        case index
        case share(option: String, question: String)
        case returnedRate
        case change(rate: String, question: String)
    }

    package enum Comparison: String, Sendable, CaseIterable {
        case below, above
        case atLeast = "at_least"
        case atMost = "at_most"

        /// Whether a comparison result (-1, 0, 1 as value is below, equal, above) satisfies it.
        package func holds(_ order: Int) -> Bool {
            switch self {
            case .below: order < 0
            case .above: order > 0
            case .atLeast: order >= 0
            case .atMost: order <= 0
            }
        }
    }

    package enum Kind: String, Sendable { case problem, strength, note }

    /// Index in the form's `findings`.
    package var index: Int
    package var measure: Measure
    package var comparison: Comparison
    package var threshold: Threshold
    /// A group id or label narrowing the measure.
    package var group: String?
    /// `row: any`: try every matrix row.
    package var anyRow: Bool
    package var kind: Kind
    package var text: String
    /// The item's headline in 存在的问题 (`一是{title}。{text}`); findings of rules with the same
    /// title are said as one item.
    package var title: String?
    package var cite: String?
    package var position: SourcePosition
}

/// How a form's files are read where the defaults do not fit (FORMS.md `import`).
package struct ImportSettings: Sendable {
    /// Cells of a per-option column that mean chosen, besides `1`, `Y`, `Yes`, `是`, `True`, `√`, `✓`.
    package var chosen: [String] = []
    /// Cells of a per-option column that mean not chosen, besides `0`, `N`, `No`, `否`, `False`.
    package var notChosen: [String] = []
    /// Rows of the header (`header_rows`), when not one.
    package var headerRows: Int?

    package init() {}
}

/// What a report's body says beyond its defaults (FORMS.md `report`).
package struct ReportSettings: Sendable, Equatable {
    /// A figure the body's sentences give only when the form asks for it (`body_figures`); by
    /// default they are in the appendix's tables only.
    package enum BodyFigure: String, Sendable, CaseIterable {
        /// The fraction after a rate: `75.7%（28/37）`.
        case fraction
        /// A question's score (weighted by group where the form weights): `加权得分80.7分`.
        case score
        /// How many chose an option left out of the base: `另有3张选择“不了解”，不计入比例`.
        case notCounted = "not_counted"
    }

    package var bodyFigures: Set<BodyFigure> = []
    /// The problems piece when no problem rule fires (`no_problems`); absent, the piece is empty.
    package var noProblems: String?

    package init() {}
}

/// Ballot-validity rules.
package struct Validity: Sendable {
    package enum BlankBallot: String, Sendable { case invalid, abstain }
    package enum UnknownAnswer: String, Sendable {
        case invalidateQuestion = "invalidate_question"
        case invalidateBallot = "invalidate_ballot"
    }
    package enum Incomplete: String, Sendable { case invalid, partial }
    package enum Keep: String, Sendable { case first, last }

    package var blankBallot: BlankBallot = .invalid
    package var unknownAnswer: UnknownAnswer = .invalidateQuestion
    /// Column alternatives identifying a respondent, and which duplicate to keep.
    package var duplicateRespondent: (columns: [String], keep: Keep)?
    package var incomplete: Incomplete = .invalid
    /// The form sets `incomplete` itself (then a file with no completion marker is an error).
    package var incompleteIsExplicit = false
    package var minSeconds: Double?
    package var durationColumns: [String] = []
    /// Question ids whose answer is required (in addition to `required: true` on a question).
    package var requiredQuestions: [String] = []
    /// Attention checks: a question and the index of the option a careful respondent chooses.
    package var attention: [(question: String, option: Int)] = []

    package init() {}
}

/// A place in a form file.
public struct SourcePosition: Sendable, Equatable, CustomStringConvertible {
    public var file: String
    public var line: Int
    public var column: Int

    package init(file: String, line: Int, column: Int) {
        self.file = file
        self.line = line
        self.column = column
    }

    public var description: String { line > 0 ? "\(file):\(line):\(column)" : file }
}
