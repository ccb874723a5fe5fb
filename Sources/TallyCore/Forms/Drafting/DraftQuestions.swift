/// What a drafted form says about one question, before it is written as YAML.
struct DraftQuestion {
    enum Kind: String { case single, multi, matrix, number, text }

    var id = ""
    var text: String
    var kind: Kind
    /// The export's columns for this question, in order.
    var columns: [Int]
    /// Options as the export spells them, in the scale's order (or first appearance).
    var options: [String] = []
    /// The matrix's rows, or a multi-select's per-option columns' labels.
    var rows: [String] = []
    /// The known scale the options follow, when one does.
    var scale: KnownScale?
    /// The answers are numbers (a number question, or a matrix of marks).
    var numericAnswers = false
    /// One column per option (a multi-select written as 0/1 columns).
    var perOption = false
    /// The option whose column holds an “other, please say” text (`code: other`).
    var otherOption: String?
    /// What was guessed from what, for the `# 请核对` comment.
    var guesses: [String] = []
}

/// Reads an export's columns into questions: columns grouped by question number, by a shared
/// stem (`题干—行`, `题干[行]`) or, after such a stem, by bare row labels (问卷星); then the
/// type of each from its shape and its values.
struct DraftQuestionReader {
    let table: ExportTable

    /// Cells that mark an option chosen or not in one-column-per-option exports, lower case;
    /// the scorer knows the first ones, a form's `import:` names the others.
    static let chosenWords = ["1", "y", "yes", "是", "true", "√", "✓", "选中", "已选", "☑", "ja", "oui"]
    static let notChosenWords = ["0", "n", "no", "否", "false", "未选中", "未选", "nein", "non"]
    static let scorerKnows: Set<String> = ["1", "y", "yes", "是", "true", "√", "✓", "0", "n", "no", "否", "false"]
    /// Sub-items that hold an “other, please say” text, lower case.
    static let otherTexts: Set<String> = [
        "other", "others", "其他", "其它", "其他(请注明)", "其它(请注明)", "其他(请填写)", "sonstiges", "sonstige", "andere", "autre", "otro",
    ]

    /// Columns every platform writes around the answers (ids, times, sources, IP addresses…).
    static var metadata: Set<String> {
        var names: Set<String> = [
            "序号", "编号", "票号", "ID", "id", "提交答卷时间", "提交时间", "所用时间", "答题时长", "填写时长", "答题用时", "来源", "来源详情",
            "来自IP", "IP", "IP地址", "开始时间", "结束时间", "总分", "用户ID", "昵称", "微信昵称", "填写设备", "浏览器", "操作系统", "地理位置",
            "Response ID", "Date submitted", "Last page", "Start language", "Date started", "Date last action", "Seed", "Total time",
            "seed", "lastpage", "startlanguage", "startdate", "datestamp", "ipaddr", "refurl", "submitdate", "interviewtime",
            // Qualtrics
            "StartDate", "EndDate", "Status", "IPAddress", "Progress", "Duration (in seconds)", "Finished", "RecordedDate", "ResponseId",
            "RecipientLastName", "RecipientFirstName", "RecipientEmail", "ExternalReference", "LocationLatitude", "LocationLongitude",
            "DistributionChannel", "UserLanguage",
            // KoboToolbox
            "start", "end", "today", "deviceid", "_id", "_uuid", "_submission_time", "_index", "_status", "_validation_status",
            "_submitted_by", "__version__", "meta/instanceID", "_notes", "_tags",
            // 腾讯问卷, 金数据, 问卷网, Google Forms
            "开始答题时间", "结束答题时间", "地理位置国家和地区", "自定义字段", "用户类型", "用户标识", "提交人", "修改时间", "答卷编号", "Timestamp", "时间戳记",
        ]
        for platform in Platforms.all {
            let test = platform.recognition
            names.formUnion(test.startsWith + test.firstColumn + test.hasColumn + test.alongside + test.twoOf + platform.durationColumns)
            names.formUnion(platform.completionColumns)
            for pair in platform.startEnd { names.formUnion([pair.start, pair.end]) }
        }
        return names
    }

    struct Column {
        var index: Int
        var number: Int?
        /// The header without its number.
        var text: String
        var stem: String?
        var sub: String?
        /// Every stem + sub-item reading of the header, most likely first.
        var readings: [(stem: String, sub: String)] = []
    }

    func columns() -> [Column] {
        let metadata = Self.metadata
        let lowered = Set(metadata.map { $0.lowercased() })
        var result: [Column] = []
        for (index, header) in table.header.enumerated() {
            let folded = TextFolding.trim(TextFolding.foldWidth(header))
            if folded.isEmpty || metadata.contains(folded) || lowered.contains(folded.lowercased()) { continue }
            // Qualtrics: the second header row holds the question text.
            let shown = table.texts.map { index < $0.count && !$0[index].isEmpty ? TextFolding.trim(TextFolding.foldWidth($0[index])) : folded } ?? folded
            let (number, rest) = HeaderText.dropLeadingNumber(shown)
            let text = Self.withoutMarks(rest.isEmpty ? shown : rest)
            var column = Column(index: index, number: number, text: text)
            // A stem and its sub-item: `题干—行` (问卷星, and two header rows joined) before
            // brackets, which a label may hold itself (`Datenbank(schema)`).
            let composites = HeaderText.composites(text)
            column.readings = (composites.filter { $0.separator == "—" } + composites.filter { $0.separator != "—" })
                .map { (Self.withoutMarks($0.stem), $0.sub) }
            if let first = column.readings.first { (column.stem, column.sub) = (first.stem, first.sub) }
            result.append(column)
        }
        return result
    }

    /// An answer without the text 问卷星 adds to an “other” option (`其他〖…〗`).
    static func withoutOtherText(_ value: String) -> String {
        let trimmed = TextFolding.trim(value)
        guard trimmed.hasSuffix("〗"), let open = trimmed.firstIndex(of: "〖") else { return trimmed }
        return TextFolding.trim(String(trimmed[..<open]))
    }

    /// A header's text without trailing `*`, `:` and blanks.
    static func withoutMarks(_ text: String) -> String {
        var text = TextFolding.trim(text)
        while let last = text.last, "*:：".contains(last) { text = TextFolding.trim(String(text.dropLast())) }
        return text
    }

    /// Columns grouped into questions, in the export's order.
    func groups() -> [[Column]] {
        var groups: [[Column]] = []
        for var column in columns() {
            // Read the header as the group's stem when it can be.
            if let stem = groups.last?.first?.stem, let reading = column.readings.first(where: { $0.stem == stem }) {
                (column.stem, column.sub) = (reading.stem, reading.sub)
            }
            if var last = groups.last, let first = last.first, belongs(column, after: last, first: first) {
                last.append(column)
                groups[groups.count - 1] = last
            } else {
                groups.append([column])
            }
        }
        return groups
    }

    private func belongs(_ column: Column, after group: [Column], first: Column) -> Bool {
        guard let previous = group.last, column.index == previous.index + 1 else { return false }
        if let number = column.number, number == first.number { return true }
        if let stem = column.stem, stem == first.stem { return true }
        // 问卷星: `7、题干—第一行` then the other rows bare.
        if first.stem != nil, column.number == nil, column.stem == nil, table.platform.shape == .wjxText || table.platform.shape == .generic,
            first.number != nil
        {
            return true
        }
        return false
    }

    /// The questions of the export, typed.
    func questions() -> [DraftQuestion] {
        var result: [DraftQuestion] = []
        for question in groups().compactMap({ group in group.count == 1 ? single(group[0]) : composite(group) }) {
            // KoboToolbox writes a multi-select twice: its choices joined in one column
            // (`eval/problems`), then one 0/1 column per choice (`eval/problems/study`). One
            // question: the joined column's, with the choices in the columns' order (scoring
            // reads the per-choice columns and shows the joined one as superseded).
            if question.kind == .multi, question.perOption, let last = result.last, last.kind == .multi, !last.perOption,
                last.columns.count == 1, let first = question.columns.first, first == last.columns[0] + 1,
                HeaderText.normalise(last.text) == HeaderText.normalise(question.text)
            {
                var joined = last
                joined.options = question.rows.isEmpty ? question.options : question.rows
                joined.otherOption = question.otherOption ?? last.otherOption
                joined.guesses.append("同一多选题另有每个选项一列（\(question.columns.count)列），计分时读这些列")
                result[result.count - 1] = joined
                continue
            }
            result.append(question)
        }
        return result
    }

    /// Joins of a multi-select's choices in one cell: 问卷星's ┋ first, then the platform's own
    /// (`, ` Google Forms, `，` 金数据, a space KoboToolbox), then `|` and `;`. Never `、` or a
    /// comma on their own: answers hold them in their text.
    private func joins() -> [String] {
        var joins = ["┋"]
        if table.platform.shape != .generic {
            joins += table.platform.multiSelectJoins.filter { ["|", ";", "；", ", ", "，", " "].contains($0) }
        }
        return joins + ["|", "；", ";"].filter { !joins.contains($0) }
    }

    /// Whether `join` splits the values into choices that recur: at least two cells joined,
    /// and every part of a joined cell also found in some other cell.
    private func splits(_ values: [String], by join: String) -> Bool {
        let joined = values.filter { $0.contains(join) }
        guard joined.count >= 2 || (joined.count == 1 && values.count <= 3) else { return false }
        var seen: [String: Int] = [:]
        for value in values { for part in Set(value.components(separatedBy: join).map(Self.withoutOtherText)) { seen[part, default: 0] += 1 } }
        let parts = joined.flatMap { $0.components(separatedBy: join).map(Self.withoutOtherText) }
        return parts.filter { seen[$0, default: 0] >= 2 }.count * 10 >= parts.count * 8
    }

    /// One column: a single, multi, number or text question.
    private func single(_ column: Column) -> DraftQuestion? {
        let values = table.values(column.index)
        var question = DraftQuestion(text: column.text, kind: .single, columns: [column.index])
        guard !values.isEmpty else {
            question.kind = .text
            question.guesses.append("该列没有任何回答，按文本题列出")
            return question
        }
        let distinct = Array(Set(values))
        // A question that asks for free answers (意见建议) is text whatever they hold.
        let asks = ["意见", "建议", "请填写", "请说明", "请注明", "其他问题", "text", "comment", "文本", "填空"].contains {
            column.text.lowercased().contains($0)
        }
        if asks && KnownScale.match(distinct) == nil {
            question.kind = .text
            question.guesses.append("文本题：题目征求意见，\(values.count)份回答中有\(distinct.count)种不同内容")
            return question
        }
        let joins = joins()
        let saysMulti = column.text.contains("多选") || column.text.lowercased().contains("select all")
        if let join = joins.first(where: { splits(values, by: $0) }) ?? (saysMulti ? "┋" : nil) {
            question.kind = .multi
            var seen: [String] = []
            for value in values {
                for part in value.components(separatedBy: join).map(Self.withoutOtherText) where !part.isEmpty && !seen.contains(part) {
                    seen.append(part)
                }
            }
            question.options = seen
            let multiple = values.filter { $0.contains(join) }.count
            question.guesses.append(
                multiple > 0
                    ? "多选题：\(multiple)份回答用“\(join)”连接了多个选项；选项按首次出现的顺序"
                    : "多选题：题目注明多选（导出文件中没有人选多项）；选项按首次出现的顺序")
            return question
        }
        let numbers = values.compactMap { Double($0) }
        if numbers.count == values.count {
            let wholeAndSmall = numbers.allSatisfy { $0 == $0.rounded() && $0 >= 0 && $0 <= 10 }
            if !wholeAndSmall || distinct.count > 11 {
                question.kind = .number
                question.numericAnswers = true
                question.guesses.append("数字题：所有回答都是数字（\(NumberText.plain(numbers.min()!))～\(NumberText.plain(numbers.max()!))）")
                return question
            }
        }
        // Free answers: many different ones, or long ones most of which differ.
        let long = distinct.filter { $0.count > 16 }.count
        if distinct.count > max(15, values.count / 3) || (long * 2 >= distinct.count && distinct.count * 5 > values.count) {
            question.kind = .text
            question.guesses.append("文本题：\(values.count)份回答中有\(distinct.count)种不同内容")
            return question
        }
        fillOptions(&question, values: values)
        return question
    }

    /// Options from the values: a known scale's (all of it, so unchosen options count 0), the
    /// don't-know answers after it; else as the export spells them, in order of first appearance.
    private func fillOptions(_ question: inout DraftQuestion, values: [String]) {
        var firstSeen: [String] = []
        var counts: [String: Int] = [:]
        for value in values.map(Self.withoutOtherText) {
            if counts[value] == nil { firstSeen.append(value) }
            counts[value, default: 0] += 1
        }
        // A known scale fits when the answers outside it are a few stray ones (a mistyped 很好):
        // at most 2% of the answers, and fewer kinds than the scale's own.
        var scale = KnownScale.match(firstSeen)
        var strays: [String] = []
        if scale == nil {
            let common = firstSeen.filter { counts[$0]! * 50 > values.count || KnownScale.dontKnow.contains($0) }
            if let fit = KnownScale.match(common) {
                let outside = firstSeen.filter { !fit.labels.contains($0) && !KnownScale.dontKnow.contains($0) }
                if outside.map({ counts[$0]! }).reduce(0, +) * 50 <= values.count && outside.count < fit.labels.count {
                    scale = fit
                    strays = outside
                }
            }
        }
        if let scale {
            question.scale = scale
            question.options = scale.labels + firstSeen.filter { KnownScale.dontKnow.contains($0) }
            let said = scale.numeric ? "\(scale.labels.first!)～\(scale.labels.last!)分" : scale.labels.joined(separator: "/")
            question.guesses.append("选项按“\(said)”量表排序\(scale.scores != nil ? "并计分" : "")")
            if !strays.isEmpty {
                let shown = strays.prefix(3).map { "“\($0.prefix(10))”" }.joined(separator: "")
                question.guesses.append("另有\(strays.map { counts[$0]! }.reduce(0, +))份回答\(shown)不在量表中，计分时列为无效答案")
            }
        } else {
            question.options = firstSeen
            question.guesses.append("选项未对应已知量表，按首次出现的顺序（共\(firstSeen.count)个）")
        }
    }

    /// Several columns: a matrix (one column per row) or a multi-select (one column per option).
    private func composite(_ group: [Column]) -> DraftQuestion? {
        let first = group[0]
        var subs = group.enumerated().map { index, column -> String in
            if let sub = column.sub, column.stem == first.stem { return sub }
            return index == 0 ? (column.sub ?? column.text) : column.text
        }
        var columns = group
        // LimeSurvey's `题干` then `题干 [Other]`: the question is the first column; the other
        // columns hold the “other” text.
        if first.sub == nil || first.stem == nil {
            if group.dropFirst().allSatisfy({ Self.otherTexts.contains(($0.sub ?? "").lowercased()) }) {
                var question = single(first)
                question?.guesses.append("“\(group.dropFirst().map { table.header[$0.index] }.joined(separator: "”“"))”是“其他”的填写内容，未列为题目")
                return question
            }
        }
        let stem = first.stem ?? first.text
        // One column per option: flags in every column but an “other” one, which may hold its text.
        let isOther = { (sub: String) in Self.otherTexts.contains(sub.lowercased()) }
        let flagged = zip(columns, subs).filter { !isOther($0.1) }.allSatisfy { isFlagColumn($0.0) }
        if flagged, zip(columns, subs).contains(where: { !isOther($0.1) }) {
            var question = DraftQuestion(text: stem, kind: .multi, columns: columns.map(\.index))
            question.perOption = true
            question.options = subs
            question.otherOption = zip(columns, subs).first { isOther($0.1) && !isFlagColumn($0.0) }?.1
            let words = Set(columns.flatMap { table.values($0.index).map { $0.lowercased() } })
            question.guesses.append("多选题：每个选项一列，单元格为选中标记（\(words.filter { Self.chosenWords.contains($0) || Self.notChosenWords.contains($0) }.sorted().joined(separator: "/"))）")
            if let other = question.otherOption { question.guesses.append("“\(other)”一列填写的内容算作选了该项") }
            return question
        }
        // A matrix: a row whose answers are free text (“other, please say”) is left out.
        var kept: [(Column, String)] = []
        var dropped: [String] = []
        let all = Set(columns.flatMap { table.values($0.index) })
        for (column, sub) in zip(columns, subs) {
            let own = Set(table.values(column.index))
            let others = all.subtracting(Set(columns.filter { $0.index != column.index }.flatMap { table.values($0.index) }))
            if own.count > 2, own.intersection(others).count * 2 > own.count { dropped.append(sub) } else { kept.append((column, sub)) }
        }
        columns = kept.map(\.0)
        subs = kept.map(\.1)
        guard !columns.isEmpty else { return nil }
        var question = DraftQuestion(text: stem, kind: .matrix, columns: columns.map(\.index))
        if !dropped.isEmpty { question.guesses.append("“\(dropped.joined(separator: "”“"))”一列是填写内容，未列为矩阵行") }
        question.rows = subs
        let values = columns.flatMap { table.values($0.index) }
        let numbers = values.compactMap { Double($0) }
        if !values.isEmpty, numbers.count == values.count, numbers.contains(where: { $0 > 10 || $0 != $0.rounded() }) {
            question.numericAnswers = true
            question.guesses.append("矩阵题（\(subs.count)行），回答为数字（\(NumberText.plain(numbers.min()!))～\(NumberText.plain(numbers.max()!))），按分值统计")
            return question
        }
        fillOptions(&question, values: values)
        question.guesses.insert("矩阵题：\(subs.count)列同属“\(stem)”，每列一行", at: 0)
        return question
    }

    private func isFlagColumn(_ column: Column) -> Bool {
        let values = Set(table.values(column.index).map { $0.lowercased() })
        let own: Set<String> = [(column.sub ?? "").lowercased(), column.text.lowercased()]
        return values.isSubset(of: Set(Self.chosenWords + Self.notChosenWords).union(own))
    }
}
