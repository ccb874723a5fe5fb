import TallyCore

/// What the overview says of ballots counted in no group (未填写类别, 类别无法识别), of a unit
/// with no weighting possible, and of validity rules that were not applied.
enum NoGroupSentences {
    /// Valid ballots of unknown and of blank group, and the unknown values as written.
    private static func noGroup(_ unit: UnitResult, _ respondents: Respondents) -> (unknown: Int, blank: Int, values: [String]) {
        let count = { (label: String) in unit.respondents.first { $0.label == label }?.count ?? 0 }
        let values = unit.warnings.first { $0.code == .unknownGroup }?.items.map(\.value) ?? []
        return (count(respondents.unknownLabel), count(respondents.blankLabel), values)
    }

    static func chinese(_ unit: UnitResult, paper: String, measure: String) -> String {
        guard let respondents = unit.form.respondents else { return skipped(unit) }
        var text = ""
        let (unknown, blank, values) = noGroup(unit, respondents)
        if unknown > 0 {
            let written = values.isEmpty ? "" : "（填写为\(values.map { "“\($0)”" }.joined())）"
            text += "另有\(unknown)\(measure)\(paper)的填答人类别无法识别\(written)，未计入分类统计。"
        }
        if blank > 0 { text += "另有\(blank)\(measure)\(paper)未填写填答人类别，未计入分类统计。" }
        if unit.noWeighting { text += "由于没有一\(measure)\(paper)的填答人类别可以识别，无法按类别加权，以下得分均未加权。" }
        return text + skipped(unit)
    }

    static func english(_ unit: UnitResult) -> String {
        guard let respondents = unit.form.respondents else { return skippedEnglish(unit) }
        var text = ""
        let (unknown, blank, values) = noGroup(unit, respondents)
        if unknown > 0 {
            text += " \(unknown) more named a group the form does not have (\(values.map { "'\($0)'" }.joined(separator: ", "))) and are in no group."
        }
        if blank > 0 { text += " \(blank) more gave no group and are in no group." }
        if unit.noWeighting { text += " No ballot has a known group, so no figure is weighted by group." }
        return text + skippedEnglish(unit)
    }

    private static func skipped(_ unit: UnitResult) -> String {
        unit.warnings.filter { $0.code == .ruleSkipped }.compactMap(\.items.first?.value).map { rule in
            "本次未按“\(ruleName(rule))”检查测评票（答卷中\(lacking(rule))）。"
        }.joined()
    }

    private static func skippedEnglish(_ unit: UnitResult) -> String {
        unit.warnings.filter { $0.code == .ruleSkipped }.compactMap(\.items.first?.value).map { rule in
            " Ballots were not checked against validity.\(rule) (the files lack what it needs)."
        }.joined()
    }

    private static func ruleName(_ rule: String) -> String {
        switch rule {
        case "min_seconds": "答题用时不得过短"
        case "incomplete": "未完成的答卷无效"
        case "duplicate_respondent": "同一填答人不得重复提交"
        default: rule
        }
    }

    private static func lacking(_ rule: String) -> String {
        switch rule {
        case "min_seconds": "没有答题时长"
        case "incomplete": "没有标记答卷是否完成的列"
        case "duplicate_respondent": "没有填答人编号"
        default: "缺少所需的列"
        }
    }
}
