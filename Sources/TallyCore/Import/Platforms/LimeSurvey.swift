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
}
