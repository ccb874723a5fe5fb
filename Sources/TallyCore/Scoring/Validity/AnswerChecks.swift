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

    /// What a per-option column's cell says (FORMS.md): chosen for `1`, `Y`, `Yes`, `是`,
    /// `True`, `√`, `✓` or the option's own label, code or alias; not chosen for `0`, `N`,
    /// `No`, `否`, `False`; missing when empty or a missing marker; in the column of the option
    /// coded `other`, any other value chooses it (as its fill-in); anything else is unknown —
    /// never a silent *chosen*. Compared case-insensitively; a form may add words (`import:`).
    struct PerOptionVocabulary: Sendable {
        enum Flag: Equatable { case chosen, notChosen, missing, unknown }

        private let chosen: Set<String>
        private let notChosen: Set<String>

        init(_ settings: ImportSettings) {
            chosen = Set((["1", "y", "yes", "是", "true", "√", "✓"] + settings.chosen).map(TextFolding.codeKey))
            notChosen = Set((["0", "n", "no", "否", "false"] + settings.notChosen).map(TextFolding.codeKey))
        }

        /// The flag of a cell (trimmed, width-folded) in the column of `option`.
        func flag(_ key: String, option: AnswerOption) -> Flag {
            if MissingMarker.isMissing(key) { return .missing }
            let folded = key.lowercased()
            if notChosen.contains(folded) { return .notChosen }
            if chosen.contains(folded) { return .chosen }
            let names = ([option.label] + option.aliases + (option.code.map { [$0] } ?? [])).map(TextFolding.codeKey)
            if names.contains(folded) || ValueMatcher.wholeNumber(key).map({ chosen.contains(String($0)) }) == true { return .chosen }
            // 腾讯问卷 writes the chosen option with its letter (`A.观光旅游`, `G.其他____`): chosen
            // when the rest names this option; the label of another option is unknown.
            if let rest = ValueMatcher.droppingOptionLetter(key), names.contains(TextFolding.codeKey(HeaderText.optionText(rest))) {
                return .chosen
            }
            if option.code.map(TextFolding.codeKey) == "other" { return .chosen }
            return .unknown
        }
    }
}
