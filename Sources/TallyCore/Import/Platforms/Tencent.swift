extension Platform {
    /// 腾讯问卷: every field quoted, a trailing comma, a column per option holding its text.
    static let tencent = Platform(
        shape: .tencent,
        recognition: Recognition(hasColumn: ["开始答题时间", "结束答题时间"], headerMarks: ["[选项填空]", "{fillblank-"]),
        headerForms: ["N.题干", "N.题干:行", "N.题干:选项"],
        multiSelectJoins: ["┋"],
        durationColumns: ["答题时长"],
        startEnd: [(start: "开始答题时间", end: "结束答题时间")])
}
