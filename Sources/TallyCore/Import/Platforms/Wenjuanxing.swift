extension Platform {
    /// 问卷星, 按选项文本: labels in cells.
    static let wenjuanxingText = Platform(
        shape: .wjxText,
        recognition: .startsWith(["序号", "提交答卷时间", "所用时间", "来源", "来源详情", "来自IP"]),
        headerForms: ["N、题干", "题干—行 then bare row labels"],
        missingMarkers: ["(跳过)", "(空)"],
        multiSelectJoins: ["┋"],
        durationColumns: ["所用时间"])

    /// 问卷星, 按选项序号: option numbers in cells, `第N题(…)` columns. Recognised like the text
    /// download, told apart by its `第N题(…)` headers.
    static let wenjuanxingNumbered = Platform(
        shape: .wjxNumbered,
        recognition: .startsWith(["序号", "提交答卷时间", "所用时间", "来源", "来源详情", "来自IP"]),
        headerForms: ["N、题干", "第N题(选项)", "第N题(行)"],
        missingMarkers: ["-2", "-3"],
        multiSelectJoins: ["┋"],
        durationColumns: ["所用时间"])
}
