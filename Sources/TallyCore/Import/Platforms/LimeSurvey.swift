extension Platform {
    /// LimeSurvey (question codes): answers are codes, found through a form's `column:` and `aliases`.
    static let limeSurvey = Platform(
        shape: .limeSurvey,
        recognition: .hasColumn(any: ["submitdate"], alongside: ["lastpage", "startlanguage"]),
        headerForms: ["Q1", "Q3[SQ001]", "Q4[other]"],
        missingMarkers: ["N/A", "n/a"],
        multiSelectJoins: ["Y in a column per option"],
        durationColumns: ["interviewtime"],
        completionColumns: ["submitdate"])

    /// LimeSurvey, "full question text" headings and full answer texts (`Response ID, Date
    /// submitted, Last page…`, `N - question [sub-question]`); an empty `Date submitted` is an
    /// unfinished response.
    static let limeSurveyFullText = Platform(
        shape: .limeSurvey,
        recognition: .hasColumn(any: ["Response ID"], alongside: ["Date submitted", "Last page"]),
        headerForms: ["N - question", "N - question [sub-question]"],
        missingMarkers: ["N/A"],
        multiSelectJoins: ["Yes/No in a column per option"],
        completionColumns: ["date submitted"])
}
