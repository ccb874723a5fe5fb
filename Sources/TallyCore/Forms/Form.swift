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
    public var scales: [Scale]
    public var respondents: Respondents?
    public var unit: UnitSource?
    public var questions: [Question]
    public var sections: [Section]
    public var rubric: Rubric
    public var findings: [FindingRule]
    public var validity: Validity
    /// Where the form came from: a path, or `builtin:<id>`.
    public var source: String

    public enum Kind: String, Sendable { case evaluation, survey }
    public enum Language: String, Sendable { case zh, en }

    /// The question with this id.
    public func question(_ id: String) -> Question? { questions.first { $0.id == id } }
}

/// One answer option of a scale, a multi-select list, a matrix row or a respondent group.
public struct AnswerOption: Sendable, Equatable {
    /// The text shown on the ballot; results are keyed by it.
    public var label: String
    /// A letter or number a ballot may carry instead of the label (`A`, `1`, `A1`, `SQ001`).
    public var code: String?
    /// The option's score; `nil` when it has none (不了解).
    public var score: Double?
    /// `false` keeps the answer out of every denominator (不了解, 不清楚).
    public var counted: Bool
    /// Other spellings that mean this option.
    public var aliases: [String]
    /// Explicit CSV columns for a matrix row or a per-option column, tried first.
    public var columns: [String]

    public init(
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
public struct Scale: Sendable, Equatable {
    public var name: String
    public var options: [AnswerOption]
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
    public var scaleName: String?
    /// The answer options (the scale's, or listed inline); empty for number and text questions
    /// and for number matrices.
    public var options: [AnswerOption]
    /// Matrix rows (people or items), each answered on `options` or as a number.
    public var rows: [AnswerOption]
    /// `true` for a matrix answered with numbers (`answer: { type: number }`).
    public var numericAnswers: Bool
    /// Bounds for number answers.
    public var minimum: Double?
    public var maximum: Double?
    /// Weight in the composite index (default 1).
    public var weight: Double
    /// A missing answer makes the ballot invalid.
    public var required: Bool
    /// Explicit CSV column names, tried in order.
    public var columns: [String]
    /// Most options a multi-select ballot may choose.
    public var maxChoices: Int?
    /// Per-ballot rules on a matrix.
    public var limits: [MatrixLimit]
    /// Trimmed means for number matrices.
    public var trim: Trim?
    /// Where the question is defined, for messages.
    public var position: SourcePosition

    /// `true` when answers carry a score that enters means and the index: a single question
    /// or a matrix on a scale with at least one scored option, or a number matrix.
    public var isScored: Bool {
        switch type {
        case .single, .matrix: numericAnswers || options.contains { $0.score != nil }
        case .multi, .number, .text: false
        }
    }

    /// The counted options (denominators leave the others out).
    public var countedOptions: [AnswerOption] { options.filter(\.counted) }
}

/// A per-ballot rule on one matrix (FORMS.md `limits`).
public struct MatrixLimit: Sendable, Equatable {
    public enum Subject: Sendable, Equatable {
        /// Rows answered with this option label.
        case option(String)
        /// Rows answered with a number at or above this value.
        case atLeast(Double)
        /// Rows answered with a number below this value.
        case below(Double)
        /// One answer for every row (straight-lining).
        case sameAnswerEverywhere
    }

    public var subject: Subject
    public var maxShare: Threshold?
    public var maxCount: Int?
    public var minCount: Int?
}

/// Dropping extreme answers before a mean (去掉最高分和最低分).
public struct Trim: Sendable, Equatable {
    public var dropHighest: Int
    public var dropLowest: Int
    /// Trim only when a row has more than this many answers.
    public var whenNAbove: Int
}

/// Respondent groups (身份) and where a ballot says which it is.
public struct Respondents: Sendable {
    /// CSV column alternatives for the group.
    public var columns: [String]
    /// Or the id of a question that asks it.
    public var question: String?
    public var groups: [RespondentGroup]
    public var missing: MissingGroup

    public enum MissingGroup: String, Sendable {
        /// Count under `(未分组)` in unweighted figures, leave out of weighted ones.
        case ungrouped
        /// Reject the ballot.
        case invalid
    }
}

/// One respondent group with its weight.
public struct RespondentGroup: Sendable, Equatable {
    public var id: String
    public var label: String
    public var weight: Double
    public var code: String?
    public var aliases: [String]

    /// The group as an answer option, for matching cell values.
    var asOption: AnswerOption { AnswerOption(label: label, code: code, aliases: aliases + [id]) }
}

/// Which unit a ballot evaluates, when the file says so in a column.
public struct UnitSource: Sendable {
    public var columns: [String]
}

/// Questions grouped for sub-scores and reliability.
public struct Section: Sendable {
    public var id: String
    public var title: String
    public var questions: [String]
}

/// The rubric: named rates, the composite index, grade bands, anonymity.
public struct Rubric: Sendable {
    public var rates: [RateDefinition]
    public var index: IndexMethod
    /// Bands, highest `min` first.
    public var grades: [Grade]
    /// Groups with fewer ballots are not broken out; 0 turns suppression off.
    public var suppressBelow: Int

    public enum IndexMethod: String, Sendable {
        case weightedMean = "weighted_mean"
        case none
    }

    /// The first band whose `min` the index reaches; `nil` without bands or index.
    public func grade(for index: Double?) -> String? {
        guard let index else { return nil }
        return grades.first { index >= $0.minimum }?.label
    }
}

/// A named rate: the share of answers in some options.
public struct RateDefinition: Sendable, Equatable {
    public var name: String
    public var options: [String]
    public var denominator: Denominator

    public enum Denominator: String, Sendable {
        /// Counted answers only (不了解 left out).
        case counted
        /// Every answer, 不了解 included.
        case all
    }
}

public struct Grade: Sendable, Equatable {
    public var minimum: Double
    public var label: String
}

/// A rule that turns a figure into a sentence of the report.
public struct FindingRule: Sendable {
    public enum Measure: Sendable, Equatable {
        case rate(name: String, question: String)
        case mean(question: String)
        case index
        case share(option: String, question: String)
        case returnedRate
        case change(rate: String, question: String)
    }

    public enum Comparison: String, Sendable, CaseIterable {
        case below, above
        case atLeast = "at_least"
        case atMost = "at_most"

        /// Whether a comparison result (-1, 0, 1 as value is below, equal, above) satisfies it.
        public func holds(_ order: Int) -> Bool {
            switch self {
            case .below: order < 0
            case .above: order > 0
            case .atLeast: order >= 0
            case .atMost: order <= 0
            }
        }
    }

    public enum Kind: String, Sendable { case problem, strength, note }

    /// Index in the form's `findings`.
    public var index: Int
    public var measure: Measure
    public var comparison: Comparison
    public var threshold: Threshold
    /// A group id or label narrowing the measure.
    public var group: String?
    /// `row: any`: try every matrix row.
    public var anyRow: Bool
    public var kind: Kind
    public var text: String
    public var cite: String?
    public var position: SourcePosition
}

/// Ballot-validity rules.
public struct Validity: Sendable {
    public enum BlankBallot: String, Sendable { case invalid, abstain }
    public enum UnknownAnswer: String, Sendable {
        case invalidateQuestion = "invalidate_question"
        case invalidateBallot = "invalidate_ballot"
    }
    public enum Incomplete: String, Sendable { case invalid, partial }
    public enum Keep: String, Sendable { case first, last }

    public var blankBallot: BlankBallot = .invalid
    public var unknownAnswer: UnknownAnswer = .invalidateQuestion
    /// Column alternatives identifying a respondent, and which duplicate to keep.
    public var duplicateRespondent: (columns: [String], keep: Keep)?
    public var incomplete: Incomplete = .invalid
    public var minSeconds: Double?
    public var durationColumns: [String] = []
    /// Question ids whose answer is required (in addition to `required: true` on a question).
    public var requiredQuestions: [String] = []

    public init() {}
}

/// A place in a form file.
public struct SourcePosition: Sendable, Equatable, CustomStringConvertible {
    public var file: String
    public var line: Int
    public var column: Int

    public init(file: String, line: Int, column: Int) {
        self.file = file
        self.line = line
        self.column = column
    }

    public var description: String { line > 0 ? "\(file):\(line):\(column)" : file }
}
