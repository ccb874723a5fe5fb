extension Platform {
    /// Microsoft Forms (its own download, or the same saved from Excel): `ID, Start time,
    /// Completion time, Email, Name` (`开始时间, 完成时间, 电子邮件, 名称` in Chinese), then one
    /// column per question by its text; each statement of a rating (Likert) block is a bare
    /// column whose header is the statement alone, found as a row of the form's matrix.
    static let microsoftForms = Platform(
        shape: .microsoftForms,
        recognition: .hasColumn(any: ["Completion time", "完成时间"], alongside: ["Start time", "开始时间"]),
        headerForms: ["题干", "行 (a rating block's statement, without its stem)"],
        multiSelectJoins: [";"],
        startEnd: [(start: "Start time", end: "Completion time"), (start: "开始时间", end: "完成时间")])
}
