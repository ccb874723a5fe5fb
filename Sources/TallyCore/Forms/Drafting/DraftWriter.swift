import Foundation

/// Writes a drafted form as YAML a user reads and corrects: every guess marked `# 请核对: …`
/// saying what was guessed from what.
struct DraftWriter {
    var table: ExportTable
    var questions: [DraftQuestion]
    /// Questions (by index) that get `column:` because their text alone does not find them.
    var needsColumn: Set<Int> = []
    /// The question that says who answered (身份), written as `respondents`.
    var respondents: Int?
    /// The question that names the unit a ballot is about, written as `unit`.
    var unit: Int?
    var headerRows: Int?

    // MARK: guesses about the whole form

    /// Words that name a respondent-category question.
    static let respondentWords = ["身份", "类别", "岗位", "职务", "层级", "人员类型", "您是", "工作单位性质", "所属类别"]
    static let unitWords = ["被测评单位", "测评单位", "所在单位", "单位名称", "被评议单位", "评价的单位", "评议的单位", "测评对象单位"]

    /// Respondent categories in their customary order (leaders first); others follow in the
    /// order they first appear.
    static let groupOrder = [
        "班子成员", "领导班子成员", "县级领导", "中层干部", "中层正职", "中层副职", "中层正副职", "一般干部", "一般干警", "干警", "干部职工", "职工",
        "服务对象", "企业人员", "律师", "人大代表", "政协委员", "普通群众", "群众", "其他",
    ]

    /// Finds the respondents and unit questions among single questions with few values.
    mutating func guessRoles() {
        for (index, question) in questions.enumerated() where question.kind == .single && question.scale == nil {
            let few = (2...8).contains(question.options.count)
            if respondents == nil, few, Self.respondentWords.contains(where: question.text.contains) {
                respondents = index
                let known = Self.groupOrder.filter(question.options.contains)
                questions[index].options = known + question.options.filter { !known.contains($0) }
            } else if unit == nil, (1...60).contains(question.options.count),
                Self.unitWords.contains(where: question.text.contains) || ["单位", "部门"].contains(question.text)
            {
                unit = index
            }
        }
    }

    /// Short ids from the question texts: words of inspection forms, else the first Latin
    /// words, else `q` and the question's position; unique.
    mutating func assignIDs() {
        let words: [(String, String)] = [
            ("身份", "identity"), ("类别", "category"), ("总体评价", "overall"), ("总体满意", "overall"), ("政治建设", "politics"),
            ("党风廉政", "integrity"), ("纪律作风", "discipline"), ("履职尽责", "performance"), ("班子成员", "cadres"),
            ("主要问题", "problems"), ("突出问题", "problems"), ("意见", "advice"), ("建议", "advice"), ("选人用人", "selection"),
            ("满意", "satisfaction"), ("性别", "gender"), ("年龄", "age"), ("年级", "grade"), ("专业", "major"), ("学历", "education"),
            ("顽瘴痼疾", "chronic-ills"), ("作风", "conduct"), ("廉洁", "clean"), ("安全", "safety"), ("服务", "service"), ("执法", "enforcement"),
        ]
        var taken: Set<String> = []
        for index in questions.indices {
            let text = questions[index].text
            var base = words.first { text.contains($0.0) }?.1
            if base == nil {
                let latin = text.lowercased().split { !($0.isASCII && ($0.isLetter || $0.isNumber)) }.prefix(3).joined(separator: "-")
                if !latin.isEmpty, text.unicodeScalars.filter({ $0.value > 0x2E80 }).isEmpty { base = String(latin.prefix(24)) }
            }
            var id = base ?? "q\(index + 1)"
            if let number = Int(id.prefix(1)), number >= 0 { id = "q-" + id }
            var candidate = id
            var counter = 2
            while taken.contains(candidate) {
                candidate = "\(id)-\(counter)"
                counter += 1
            }
            taken.insert(candidate)
            questions[index].id = candidate
        }
    }

    var isEvaluation: Bool { questions.contains { $0.scale?.evaluation == true && $0.kind != .multi } }

    // MARK: YAML

    static func scalar(_ text: String) -> String { YAMLText.scalar(text) }

    static func list(_ items: [String]) -> String { "[" + items.map(scalar).joined(separator: ", ") + "]" }

    /// Scale names in the form, each known scale once (two spellings of one scale get `-2`).
    func scaleNames() -> [(name: String, scale: KnownScale)] {
        var result: [(String, KnownScale)] = []
        for question in questions {
            guard let scale = question.scale, scale.scores != nil || scale.numeric else { continue }
            if result.contains(where: { $0.1.labels == scale.labels }) { continue }
            var name = scale.name
            var counter = 2
            while result.contains(where: { $0.0 == name }) {
                name = "\(scale.name)-\(counter)"
                counter += 1
            }
            result.append((name, scale))
        }
        return result
    }

    func yaml(formTitle: String) -> String {
        var out: [String] = []
        func comment(_ text: String, indent: String = "") {
            out.append("\(indent)# 请核对: " + text.replacingOccurrences(of: "\r", with: " ").replacingOccurrences(of: "\n", with: " "))
        }
        out.append("# 由 `tally forms draft` 从 \(table.files.joined(separator: "、")) 起草。")
        out.append("# 标有“请核对”的每一处都是从导出文件推测的：逐条核对、改正后删去该注释，再用 `tally forms check` 检查。")
        out.append("id: draft-\(table.digest)")
        comment("标题取自文件名，请改为问卷的正式名称")
        out.append("title: \(Self.scalar(formTitle))")
        comment(isEvaluation ? "选项属于民主测评量表（好/较好…、优秀/称职…），按测评表起草" : "未见民主测评量表，按问卷调查起草")
        out.append("kind: \(isEvaluation ? "evaluation" : "survey")")
        out.append("language: zh")
        // Chosen/not-chosen words the scorer does not know by itself, as the export writes them.
        var chosen: [String] = []
        var notChosen: [String] = []
        for question in questions where question.perOption {
            for column in question.columns {
                for value in table.values(column) where !DraftQuestionReader.scorerKnows.contains(value.lowercased()) {
                    if DraftQuestionReader.chosenWords.contains(value.lowercased()), !chosen.contains(value) { chosen.append(value) }
                    if DraftQuestionReader.notChosenWords.contains(value.lowercased()), !notChosen.contains(value) { notChosen.append(value) }
                }
            }
        }
        var settings: [String] = []
        if let headerRows, headerRows > 1 { settings.append("header_rows: \(headerRows)") }
        if !chosen.isEmpty { settings.append("chosen: \(Self.list(chosen))") }
        if !notChosen.isEmpty { settings.append("not_chosen: \(Self.list(notChosen))") }
        if !settings.isEmpty { out.append("import: { " + settings.joined(separator: ", ") + " }") }

        let scales = scaleNames()
        if !scales.isEmpty {
            out.append("")
            out.append("scales:")
            for (name, scale) in scales {
                out.append("  \(name):")
                out.append("    options:")
                for (label, score) in zip(scale.labels, scale.scores ?? []) {
                    out.append("      - { label: \(Self.scalar(label)), score: \(NumberText.plain(score)) }")
                }
                // Don't-know answers seen with this scale, out of every base.
                var extra: [String] = []
                for question in questions where question.scale?.labels == scale.labels {
                    for option in question.options where KnownScale.dontKnow.contains(option) && !extra.contains(option) { extra.append(option) }
                }
                for label in extra { out.append("      - { label: \(Self.scalar(label)), counted: false }") }
            }
        }

        if let respondents {
            let question = questions[respondents]
            out.append("")
            comment("“\(table.header[question.columns[0]])”一列看作填答人类别（\(question.options.count)种），各类权重相同")
            out.append("respondents:")
            out.append("  column: \(Self.scalar(table.header[question.columns[0]]))")
            out.append("  groups:")
            for (index, label) in question.options.enumerated() {
                out.append("    - { id: g\(index + 1), label: \(Self.scalar(label)), weight: 1 }")
            }
        }
        if let unit {
            let question = questions[unit]
            out.append("")
            comment("“\(table.header[question.columns[0]])”一列看作被测评单位（\(question.options.count)个）")
            out.append("unit:")
            out.append("  column: \(Self.scalar(table.header[question.columns[0]]))")
        }

        out.append("")
        out.append("questions:")
        let names = Dictionary(scales.map { ($0.scale.labels, $0.name) }, uniquingKeysWith: { a, _ in a })
        for (index, question) in questions.enumerated() where index != respondents && index != unit {
            for guess in question.guesses { comment(guess, indent: "  ") }
            out.append("  - id: \(Self.scalar(question.id))")
            out.append("    text: \(Self.scalar(question.text))")
            if question.kind != .single { out.append("    type: \(question.kind.rawValue)") }
            if needsColumn.contains(index) {
                out.append("    column: \(Self.scalar(table.header[question.columns[0]]))")
            }
            if question.kind == .matrix { out.append("    rows: \(Self.list(question.rows))") }
            if question.numericAnswers && question.kind == .matrix { out.append("    answer: { type: number }") }
            if question.kind == .single || question.kind == .matrix, !question.numericAnswers {
                if let scale = question.scale, let name = names[scale.labels] {
                    out.append("    scale: \(name)")
                    if scale.numeric {
                        out.append("    weight: 0   # 请核对: \(scale.labels.first!)～\(scale.labels.last!)分量表，不计入百分制综合得分")
                    }
                } else {
                    out.append("    options: \(Self.list(question.options))")
                }
            }
            if question.kind == .multi {
                let options = question.options.map { option in
                    option == question.otherOption ? "{ label: \(Self.scalar(option)), code: other }" : Self.scalar(option)
                }
                out.append("    options: [" + options.joined(separator: ", ") + "]")
            }
        }

        // The customary rates of the scales used, each name once.
        var rates: [(String, [String])] = []
        for (_, scale) in scales where !scale.numeric {
            for rate in scale.rates where !rates.contains(where: { $0.0 == rate.name }) { rates.append((rate.name, rate.options)) }
        }
        let indexed = questions.enumerated().contains { index, question in
            index != respondents && index != unit && !question.numericAnswers && question.scale?.scores != nil && question.scale?.numeric == false
        }
        out.append("")
        out.append("rubric:")
        if !rates.isEmpty {
            out.append("  rates:")
            for (name, options) in rates { out.append("    \(name): { options: \(Self.list(options)) }") }
        }
        if indexed {
            comment("综合得分为各计分题平均得分的等权平均（百分制）；题目权重可用 weight 调整", indent: "  ")
            out.append("  index: weighted_mean")
        } else {
            out.append("  index: none")
        }

        out.append("")
        out.append("# 问题认定规则（findings）写在这里，例如：")
        if let (rate, question) = firstRate(rates) {
            out.append("# findings:")
            out.append("#   - when: { rate: \(rate), question: \(question), below: 0.85 }")
            out.append("#     kind: problem")
            out.append("#     title: 总体评价有待提升")
            out.append("#     text: “{question}”一项\(rate){value}，低于85%。")
        } else {
            out.append("# findings:")
            out.append("#   - when: { mean: 某题id, below: 60 }")
            out.append("#     kind: problem")
            out.append("#     text: “{question}”平均得分{value}分，低于60分。")
        }
        return out.joined(separator: "\n") + "\n"
    }

    /// The first rate and a question it applies to, for the example rule.
    private func firstRate(_ rates: [(String, [String])]) -> (String, String)? {
        for (index, question) in questions.enumerated() where index != respondents && index != unit && question.kind == .single {
            if let rate = rates.first(where: { Set($0.1).isSubset(of: Set(question.options)) }) { return (rate.0, question.id) }
        }
        return nil
    }
}
