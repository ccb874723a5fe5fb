extension Platform {
    /// 问卷网 All_Data_Readable: `答卷编号`, `答题时长`, matrix rows as `Q2_题干_行`.
    static let wenjuanwang = Platform(
        shape: .wenjuanwang,
        recognition: .hasColumn(any: ["答卷编号"], alongside: ["答题时长", "开始时间", "提交时间"]),
        headerForms: ["Q1_题干", "Q2_题干_行"],
        multiSelectJoins: ["┋"],
        durationColumns: ["答题时长"],
        startEnd: [(start: "开始时间", end: "提交时间"), (start: "开始答题时间", end: "提交答卷时间")])
}
