/// What differs between two versions of a form, as a clerk is told before moving a campaign
/// from one to the other: question by question (matched by id), and whether the rules that turn
/// answers into figures and sentences changed.
public struct FormComparison: Sendable, Equatable {
    /// One question's change.
    public struct Change: Sendable, Equatable {
        public enum Kind: Sendable, Equatable {
            /// In the new version only.
            case added
            /// In the old version only.
            case removed
            /// Its text was `from`.
            case reworded(from: String)
            /// Its kind (single, multi, matrix, number, text) changed.
            case retyped
            /// Its options' labels were `from`, are `to`.
            case options(from: [String], to: [String])
            /// The same labels, scored or counted differently (a figure may change).
            case scores
            /// A matrix's rows (the people or items rated) were `from`, are `to`.
            case rows(from: [String], to: [String])
            /// Required, weight, limits, bounds or a per-ballot maximum changed.
            case rules
        }

        /// The question's text (the new version's, unless removed).
        public var question: String
        public var kind: Kind
    }

    /// Question changes, in the new version's order, removed questions last.
    public var changes: [Change]
    /// The respondent groups or their weights, rates, index, grades, suppression, findings or
    /// validity rules differ.
    public var rulesChanged: Bool

    /// `true` when the versions would score every file alike.
    public var isEmpty: Bool { changes.isEmpty && !rulesChanged }

    /// Compares `old` with `new`. Identical forms give no change.
    public init(from old: Form, to new: Form) {
        var changes: [Change] = []
        for question in new.questions {
            guard let before = old.question(question.id) else {
                changes.append(Change(question: question.text, kind: .added))
                continue
            }
            changes += Self.changes(of: question, from: before)
        }
        for question in old.questions where new.question(question.id) == nil {
            changes.append(Change(question: question.text, kind: .removed))
        }
        self.changes = changes
        rulesChanged = Self.rules(of: old) != Self.rules(of: new)
    }

    private static func changes(of question: Question, from before: Question) -> [Change] {
        var changes: [Change] = []
        func add(_ kind: Change.Kind) { changes.append(Change(question: question.text, kind: kind)) }
        if before.text != question.text { add(.reworded(from: before.text)) }
        if before.type != question.type || before.numericAnswers != question.numericAnswers { add(.retyped) }
        let labels = (before.options.map(\.label), question.options.map(\.label))
        if labels.0 != labels.1 {
            add(.options(from: labels.0, to: labels.1))
        } else if before.options.map(scoring) != question.options.map(scoring) {
            add(.scores)
        }
        if before.rows.map(\.label) != question.rows.map(\.label) {
            add(.rows(from: before.rows.map(\.label), to: question.rows.map(\.label)))
        }
        if before.required != question.required || before.weight != question.weight || before.maxChoices != question.maxChoices
            || before.limits != question.limits || before.minimum != question.minimum || before.maximum != question.maximum
            || before.trim != question.trim
        {
            add(.rules)
        }
        return changes
    }

    /// What of an option enters a figure besides its label.
    private static func scoring(_ option: AnswerOption) -> String { "\(option.score.map { "\($0)" } ?? "-")/\(option.counted)" }

    /// The form's figure-making rules as text, positions in the file left out (moving a rule
    /// down a line changes nothing). Reflection of plain values: every field is in it.
    private static func rules(of form: Form) -> String {
        let findings = form.findings.map { rule in
            [
                "\(rule.measure)", rule.comparison.rawValue, "\(rule.threshold)", rule.group ?? "", "\(rule.anyRow)", rule.kind.rawValue,
                rule.text, rule.title ?? "", rule.cite ?? "",
            ].joined(separator: "\u{1F}")
        }
        let groups = form.respondents.map { "\($0.groups)|\($0.missing)|\($0.blankLabel)|\($0.unknownLabel)" } ?? ""
        return [groups, "\(form.rubric)", "\(form.validity)", "\(form.sections)", "\(form.report)"].joined(separator: "\u{1E}")
            + findings.joined(separator: "\u{1E}")
    }
}
