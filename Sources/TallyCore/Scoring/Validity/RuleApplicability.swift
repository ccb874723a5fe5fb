/// Whether a form's validity rules can apply to a file (FORMS.md, "Nothing is silently
/// dropped"): `min_seconds` needs a duration column, an explicit `incomplete` a completion
/// marker, `duplicate_respondent` its id column. A rule that cannot apply stops the run,
/// unless the user skips it (`--skip-rule`): then it is returned, to be said in the results.
enum RuleApplicability {
    /// The rules skipped for this file.
    static func check(_ form: Form, _ map: ColumnMap, file: String, skip: Set<String>) throws(TallyError) -> Set<String> {
        var skipped: Set<String> = []
        func cannotApply(_ rule: String, needs: String, fix: String) throws(TallyError) {
            guard skip.contains(rule) else { throw .ruleCannotApply(file: file, rule: rule, needs: needs, fix: fix) }
            skipped.insert(rule)
        }
        if form.validity.minSeconds != nil, map.duration == nil {
            try cannotApply(
                "min_seconds", needs: "a column of durations (所用时间, 答题时长, 填写时长…) or start and end times",
                fix: "name the file's duration column with 'duration_column:' under validity")
        }
        if form.validity.incompleteIsExplicit, map.completionColumn == nil {
            try cannotApply(
                "incomplete", needs: "a column that marks unfinished responses (LimeSurvey's submitdate)",
                fix: "export the file with that column, or delete 'incomplete:' from the form's validity")
        }
        if let duplicate = form.validity.duplicateRespondent, map.idColumn == nil {
            try cannotApply(
                "duplicate_respondent", needs: "its respondent id column (\(duplicate.columns.map { "'\($0)'" }.joined(separator: " or ")))",
                fix: "set duplicate_respondent.column to the header of the file's id column")
        }
        return skipped
    }
}
