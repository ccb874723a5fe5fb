/// Whether one answer counts: a number within the question's bounds, no more choices than it
/// allows, and what a per-option column's cell says (FORMS.md `min`, `max`, `max_choices`,
/// per-option columns). An answer that matches no option is `unknownAnswer` (`ValueMatcher`).
enum AnswerChecks {
    /// `outOfRange` for a number below `min` or above `max`, else `nil`.
    static func number(_ value: Double, _ question: Question) -> CellProblem? {
        if let min = question.minimum, value < min { return .outOfRange }
        if let max = question.maximum, value > max { return .outOfRange }
        return nil
    }

    /// `tooManyChoices` for more options chosen than `max_choices`, else `nil`.
    static func choices(_ count: Int, _ question: Question) -> CellProblem? {
        if let max = question.maxChoices, count > max { return .tooManyChoices(max: max) }
        return nil
    }

    /// A per-option column's cell that means "not chosen"; any other non-missing cell means chosen.
    static func isNotChosen(_ key: String) -> Bool { notChosen.contains(key) }

    private static let notChosen: Set<String> = ["0", "N", "n", "否", "FALSE", "false"]
}
