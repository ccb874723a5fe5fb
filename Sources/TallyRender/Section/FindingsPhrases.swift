import TallyCore
import TallyStatistics

/// The words of a findings section in one language: headings, labels and every sentence
/// built from figures. `FindingsSection` decides what goes where; a phrase table says it.
protocol FindingsPhrases {
    /// The section's title.
    func title(unit: String, survey: Bool) -> String
    /// A numbered part heading (`（一）基本情况`, `1. Overview`).
    func partHeading(_ number: Int, _ part: FindingsPart, survey: Bool) -> String
    /// 基本情况: how the ballots were collected, 发出/收回/有效/无效, groups.
    func overview(_ unit: UnitResult, survey: Bool) -> String
    /// What a void unit's findings say in place of figures.
    func voidLead(_ reason: String) -> String
    /// Groups hidden to protect anonymity.
    func suppressedNote(_ groups: [String]) -> String
    /// The problems found, as one block (一是…二是…, or a list).
    func problems(_ sentences: [String]) -> ReportBlock
    /// One item of the problems or strengths: its headline, when the rules give one, then its sentences.
    func item(title: String?, sentences: [String]) -> String
    /// Strengths or notes, joined into one paragraph.
    func joined(_ sentences: [String]) -> String
    /// One rule's text rewritten for several rows (`“甲”“乙”的…分别占50.0%、47.5%，均不足三分之二。`),
    /// its `{row}` and `{value}` replaced; `nil` when the text does not let itself be merged.
    func mergedTemplate(_ text: String, rows: [String], values: [String]) -> String?
    /// The appendix's 认定依据: each fired rule's headline and its citation.
    var basisLead: String { get }
    func basis(_ items: [(title: String, cite: String)]) -> String
    /// The note under a table whose rates overlap (one counts options another counts too).
    func overlapNote(_ overlaps: [(wide: String, options: [String], narrow: [String])]) -> String
    /// The composite index, its grade, change and sub-scores, in plain words (no statistics).
    func indexSentence(_ unit: UnitResult, survey: Bool) -> String
    /// For the appendix: how the index was weighted and renormalised, and each sub-score's
    /// reliability (α); `nil` when there is nothing to say.
    func indexNotes(_ unit: UnitResult, survey: Bool) -> String?
    /// Single questions on one scale said together: two side by side, three or more by their
    /// range, highest and lowest; then the questions a fired rate rule names.
    func runSentence(_ run: RatedRun, body: Set<ReportSettings.BodyFigure>, weighted: Bool, survey: Bool) -> String
    /// A question of a run whose rate lies well outside the others'.
    func standoutSentence(name: String, rate: String, value: Proportion, above: Bool, flags: [RuleFlag], survey: Bool) -> String
    /// A question said alone: its rates one per clause (a rate of 0 only when a rule is about
    /// it), the comparison of a rule that fired, and the figures the form asks for in the body;
    /// `nil` for a question with nothing to say.
    func aloneSentence(
        _ question: Question, _ figures: QuestionFigures, rules: QuestionRules, body: Set<ReportSettings.BodyFigure>,
        weighted: Bool, survey: Bool) -> String?
    /// The heading of the appendix (every table, interval and test).
    func appendixHeading(survey: Bool) -> String
    /// The lead column of the body's compact table of single-choice questions.
    func compactTableLead(survey: Bool) -> String
    /// The title of the body's chart of every question on one scale (HTML only).
    func answersChartTitle(survey: Bool) -> String
    /// A text question: how many comments, not reproduced.
    func comments(_ n: Int) -> String
    /// A multi-select question's base.
    func multiNote(_ cell: CellFigures) -> String
    /// A single question's base, missing and invalid answers, rates and means.
    func singleNote(_ question: Question, _ row: RowFigures, weighted: Bool, survey: Bool) -> String
    /// Whether groups answered differently (chi-square test).
    func groupTest(_ test: ChiSquareTest) -> String
    /// The note under a matrix table.
    func matrixNote(missing: Int, invalid: Int, survey: Bool, weighted: Bool) -> String
    /// The note under a table of number answers whose means are trimmed.
    func trimmedNote(high: Int, low: Int) -> String

    /// Short words of tables and charts.
    var all: String { get }
    var notInBase: String { get }
    var hidden: String { get }
    var scoreUnit: String { get }
    func optionTableHeader(survey: Bool) -> [String]
    func matrixHeaderLead(survey: Bool) -> String
    func matrixHeaderTail(survey: Bool) -> [String]
    func groupTableLead() -> String
    func groupTableTail() -> [String]
    func numberTableHeader() -> [String]
}

extension FindingsPhrases {
    /// The options a single question leaves out of its base (不了解), and how many chose them.
    func uncounted(_ question: Question, _ cell: CellFigures) -> (labels: [String], count: Int) {
        let left = zip(question.options, cell.counts).filter { !$0.0.counted }
        return (left.map(\.0.label), left.reduce(0) { $0 + $1.1.count })
    }

    /// The options chosen most often, most first (ties in the form's order), at most `limit`;
    /// options nobody chose are left out.
    func mostChosen(_ cell: CellFigures, limit: Int = 3) -> [(label: String, count: Int)] {
        let chosen = cell.counts.enumerated().filter { $0.element.count > 0 }
        let ordered = chosen.sorted { $0.element.count != $1.element.count ? $0.element.count > $1.element.count : $0.offset < $1.offset }
        return ordered.prefix(limit).map(\.element)
    }

    /// The score of a row that the index uses: the group-weighted mean where the form weights
    /// and there is one, else the plain mean; `weighted` says which it is.
    func indexScore(_ row: RowFigures, weighted: Bool) -> (value: Double, weighted: Bool)? {
        if weighted, let mean = row.weightedMean { return (mean, true) }
        return row.overall.mean.map { ($0, false) }
    }
}

/// The parts of a findings section, in order.
enum FindingsPart {
    case overview, results, index, problems, strengths, notes
}

extension Form.Language {
    /// The phrase table of a form's language.
    var findingsPhrases: any FindingsPhrases {
        switch self {
        case .zh: ChineseFindingsPhrases()
        case .en: EnglishFindingsPhrases()
        }
    }
}

extension SectionFigures {
    /// Fewest ballots answering every item, and fewest items, for a sub-index's Cronbach's α
    /// to be worth printing: below them the coefficient swings on a few ballots.
    static let reliabilityMinimumBallots = 30
    static let reliabilityMinimumItems = 3

    /// Whether the appendix states this sub-index's α: computed, positive (a negative α means
    /// the items disagree and says nothing a reader can use), over at least 30 complete ballots
    /// and 3 items.
    func isReliabilityMeaningful(in form: Form) -> Bool {
        guard let alpha, alpha > 0, alphaN >= Self.reliabilityMinimumBallots else { return false }
        let items = form.sections.first { $0.id == id }?.questions.count ?? 0
        return items >= Self.reliabilityMinimumItems
    }
}
