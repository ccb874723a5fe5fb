import TallyCore
import TallyStatistics

/// What the results piece says about each question, decided before it is worded (docs/reports.md,
/// "What the body says"): single questions on one scale with one rubric are said together — two
/// by their rates side by side (分别为), three or more by their range with the highest and lowest
/// by name — and the rest alone; a question of a run whose rate stands out from the others by
/// more than `standoutMargin` is said alone after its run. Questions a finding rule fires on are
/// named in their run's sentence, one clause per rule comparison.
struct ResultsPlan {
    /// How far (a share, 0.10 = 10 percentage points) a question's rate lies outside the range
    /// of the others in its run before it is said alone as standing out.
    static let standoutMargin = 0.10

    enum Item {
        /// Questions said together: at the place of the run's first question.
        case together(RatedRun)
        /// A question said alone, with what the rules say about it.
        case alone(Question, QuestionFigures, QuestionRules)
        /// A question of a run whose rate stands out (said after its run).
        /// `flags`: the fired rules' comparisons about it (`低于85%`).
        case standout(name: String, rate: String, value: Proportion, above: Bool, flags: [RuleFlag])
    }

    var items: [Item] = []

    init(unit: UnitResult) {
        let form = unit.form
        let pairs = Array(zip(form.questions, unit.questions))
        let fired = Set(unit.findings.map(\.rule))
        // Single questions whose headline rate has a base, keyed by their counted options and rates.
        var keys: [String: [Int]] = [:]
        var keyOf: [Int: String] = [:]
        var rated = 0
        for (offset, (question, figures)) in pairs.enumerated() where question.type == .single {
            guard let cell = figures.whole?.overall, let first = cell.rates.first, first.proportion.n > 0 else { continue }
            rated += 1
            let key = question.countedOptions.map(\.label).joined(separator: "\u{1F}") + "\u{1E}"
                + cell.rates.map(\.name).joined(separator: "\u{1F}")
            keys[key, default: []].append(offset)
            keyOf[offset] = key
        }
        var said = Set<Int>()
        for (offset, (question, figures)) in pairs.enumerated() where !said.contains(offset) {
            guard let key = keyOf[offset], let members = keys[key], members.count > 1 else {
                items.append(.alone(question, figures, QuestionRules(form: form, question: question.id, fired: fired)))
                continue
            }
            said.formUnion(members)
            let runMembers = members.map { index -> RatedRun.Member in
                let rate = pairs[index].1.whole!.overall.rates[0]
                return RatedRun.Member(question: pairs[index].0, row: pairs[index].1.whole!, rate: rate.proportion)
            }
            let rate = pairs[members[0]].1.whole!.overall.rates[0].name
            var run = RatedRun(rate: rate, wholeForm: members.count == rated, members: runMembers)
            run.flags = Self.flags(form: form, questions: members.map { pairs[$0].0.id }, fired: fired)
            // Standouts: only in a run of three or more, and only while two or more remain.
            var standouts: [(RatedRun.Member, Bool)] = []
            if runMembers.count >= 3 {
                for (position, member) in runMembers.enumerated() {
                    let others = runMembers.enumerated().filter { $0.offset != position }.compactMap(\.element.rate.value)
                    guard let value = member.rate.value, let low = others.min(), let high = others.max() else { continue }
                    if value < low - Self.standoutMargin { standouts.append((member, false)) }
                    if value > high + Self.standoutMargin { standouts.append((member, true)) }
                }
                if runMembers.count - standouts.count < 2 { standouts = [] }
            }
            run.excluded = standouts.map(\.0.question.text)
            // A standout's flags go with it, not with the run it is left out of.
            let flags = run.flags
            run.flags = flags.compactMap { flag in
                var kept = flag
                kept.names.removeAll { run.excluded.contains($0) }
                return kept.names.isEmpty ? nil : kept
            }
            items.append(.together(run))
            for (member, above) in standouts {
                let own = flags.filter { $0.names.contains(member.name) }.map { flag in
                    var own = flag
                    own.names = [member.name]
                    return own
                }
                items.append(.standout(name: member.name, rate: rate, value: member.rate, above: above, flags: own))
            }
        }
    }

    /// The clauses of the rate rules that fired on a run's questions, merged by rate and comparison.
    private static func flags(form: Form, questions: [String], fired: Set<Int>) -> [RuleFlag] {
        var flags: [RuleFlag] = []
        for rule in form.findings where fired.contains(rule.index) && rule.group == nil {
            guard case .rate(let name, let question) = rule.measure, let position = questions.firstIndex(of: question),
                let text = form.question(question)?.text
            else { continue }
            if let at = flags.firstIndex(where: { $0.rate == name && $0.comparison == rule.comparison && $0.threshold == rule.threshold }) {
                if !flags[at].names.contains(text) { flags[at].names.append(text) }
                flags[at].positions.append(position)
            } else {
                flags.append(RuleFlag(rate: name, comparison: rule.comparison, threshold: rule.threshold, names: [text], positions: [position]))
            }
        }
        // In the order of the questions.
        for index in flags.indices {
            let order = zip(flags[index].positions, flags[index].names).sorted { $0.0 < $1.0 }
            flags[index].names = order.map(\.1)
        }
        return flags
    }
}

/// Single questions on one scale and rubric, said together by their headline rate.
struct RatedRun {
    struct Member {
        var question: Question
        var row: RowFigures
        /// The headline rate (the rubric's first rate that applies).
        var rate: Proportion
        var name: String { question.text }
    }

    var rate: String
    /// The run holds every rated single question of the form (`各项评价`, not a list of names).
    var wholeForm: Bool
    var members: [Member]
    var flags: [RuleFlag] = []
    /// Questions said alone after the run as standing out: left out of its range.
    var excluded: [String] = []

    /// The members the range covers.
    var ranged: [Member] { members.filter { !excluded.contains($0.name) } }

    /// The lowest and highest members as printed, in form order; `nil` when every member of
    /// the range prints the same rate.
    func spread() -> (low: [Member], high: [Member])? {
        let (high, low) = extremes()
        guard let top = high.first, let bottom = low.first, NumberText.percent(top.rate.value) != NumberText.percent(bottom.rate.value)
        else { return nil }
        return (low, high)
    }

    /// The lowest and highest score of the range's members (the group-weighted mean where the
    /// form weights, else the mean), and whether any is weighted; `nil` when none has a score.
    func scoreRange(weighted: Bool) -> (low: Double, high: Double, weighted: Bool)? {
        let scores = ranged.compactMap { member -> (Double, Bool)? in
            if weighted, let mean = member.row.weightedMean { return (mean, true) }
            return member.row.overall.mean.map { ($0, false) }
        }
        guard let low = scores.map(\.0).min(), let high = scores.map(\.0).max() else { return nil }
        return (low, high, scores.contains { $0.1 })
    }

    /// Members with the highest and lowest rate as printed (one decimal), in form order.
    func extremes() -> (high: [Member], low: [Member]) {
        let shown = ranged.map { ($0, NumberText.percent($0.rate.value)) }
        let values = ranged.compactMap(\.rate.value)
        guard let top = values.max(), let bottom = values.min() else { return ([], []) }
        let (topText, bottomText) = (NumberText.percent(top), NumberText.percent(bottom))
        return (shown.filter { $0.1 == topText }.map(\.0), shown.filter { $0.1 == bottomText }.map(\.0))
    }
}

/// Questions a fired rate rule names, in one clause: `其中“A”“B”的好评率低于85%`.
struct RuleFlag {
    var rate: String
    var comparison: FindingRule.Comparison
    var threshold: Threshold
    var names: [String]
    var positions: [Int] = []
}

/// What a form's rules say about one question: which rates a rule is about (a rate of 0 is
/// said only then), and the comparisons of the rate rules that fired on it.
struct QuestionRules {
    var rates: Set<String> = []
    var fired: [(rate: String, comparison: FindingRule.Comparison, threshold: Threshold)] = []

    init(form: Form, question: String, fired: Set<Int>) {
        for rule in form.findings where rule.group == nil {
            guard case .rate(let name, let id) = rule.measure, id == question else { continue }
            rates.insert(name)
            if fired.contains(rule.index) { self.fired.append((name, rule.comparison, rule.threshold)) }
        }
    }
}

extension Threshold {
    /// The threshold as a report says it, for a share: 三分之二, 一半, 85%, 12.5%; in English
    /// two thirds, half, 85%.
    func shareText(chinese: Bool) -> String {
        let named: [Threshold: (String, String)] = [
            Threshold(numerator: 1, denominator: 2): ("一半", "half"),
            Threshold(numerator: 1, denominator: 3): ("三分之一", "one third"),
            Threshold(numerator: 2, denominator: 3): ("三分之二", "two thirds"),
            Threshold(numerator: 1, denominator: 4): ("四分之一", "one quarter"),
            Threshold(numerator: 3, denominator: 4): ("四分之三", "three quarters"),
        ]
        let reduced = reducedFraction
        if let words = named[reduced] { return chinese ? words.0 : words.1 }
        var text = NumberText.decimal(value * 100)
        if text.hasSuffix(".0") { text.removeLast(2) }
        return text + "%"
    }

    private var reducedFraction: Threshold {
        func gcd(_ a: Int, _ b: Int) -> Int { b == 0 ? abs(a) : gcd(b, a % b) }
        let divisor = gcd(numerator, denominator)
        return divisor > 1 ? Threshold(numerator: numerator / divisor, denominator: denominator / divisor) : self
    }
}
