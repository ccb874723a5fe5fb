extension Platform {
    /// 金数据: metadata such as 提交人, 填写时长 after the answers.
    static let jinshuju = Platform(
        shape: .jinshuju,
        recognition: .hasColumn(any: ["填写时长", "提交人", "填写设备", "测评时长"]),
        headerForms: ["题干", "题干（行）"],
        multiSelectJoins: ["，", "其他：…"],
        durationColumns: ["填写时长", "测评时长"],
        startEnd: [(start: "开始填写时间", end: "提交时间"), (start: "开始时间", end: "提交时间")])
}
