import Foundation

/// Which survey platform a file's header looks like it came from.
public enum ExportShape: String, Sendable, Codable {
    /// 问卷星, 按选项文本 (`序号,提交答卷时间,所用时间,来源,来源详情,来自IP`, labels in cells).
    case wjxText = "wjx-text"
    /// 问卷星, 按选项序号 (option numbers, `第N题(…)` columns).
    case wjxNumbered = "wjx-numbered"
    /// 腾讯问卷 (`编号,开始答题时间,结束答题时间,答题时长`, `N.题干:行`).
    case tencent = "tencent"
    /// 金数据 (metadata such as 提交人, 填写时长 after the answers).
    case jinshuju = "jinshuju"
    /// LimeSurvey (`id,submitdate,lastpage,startlanguage`, question codes).
    case limeSurvey = "limesurvey"
    /// KoboToolbox or ODK (`_uuid`, `_submission_time`, `group/question` paths).
    case kobo = "kobo"
    /// Google Forms (`Timestamp` / `时间戳记` first, `题干 [行]`).
    case googleForms = "google-forms"
    /// Anything else: a sheet keyed in by hand, or an export matched by header text.
    case generic = "generic"

    /// The name shown to people.
    public var displayName: String {
        switch self {
        case .wjxText: "问卷星 (按选项文本)"
        case .wjxNumbered: "问卷星 (按选项序号)"
        case .tencent: "腾讯问卷"
        case .jinshuju: "金数据"
        case .limeSurvey: "LimeSurvey"
        case .kobo: "KoboToolbox / ODK"
        case .googleForms: "Google Forms"
        case .generic: "generic (header text)"
        }
    }
}

/// How one column of a response file is read.
public enum ColumnRole: Sendable, Equatable {
    /// The whole answer of a question (single, number, text, or a multi-select joined in one cell).
    case question(String)
    /// One row of a matrix.
    case matrixRow(question: String, row: String)
    /// One option of a multi-select written as its own column.
    case option(question: String, option: String)
    case respondentGroup
    case unit
    case respondentID
    case duration
    /// Empty for unfinished responses (LimeSurvey's `submitdate`).
    case completion
    /// Matches nothing in the form.
    case ignored
    /// A joined multi-select cell whose per-option columns are read instead.
    case superseded(question: String)
}

/// How a response file's columns map onto a form's questions.
package struct ColumnMap: Sendable {
    /// How a question's answer is read from a record.
    package enum Binding: Sendable, Equatable {
        /// One cell.
        case cell(Int)
        /// A multi-select with one column per option (`nil` where an option has no column).
        case perOption([Int?])
        /// A matrix with one column per row (`nil` where a row has no column).
        case rows([Int?])
    }

    package var header: [String]
    /// Per form question, in form order; `nil` for a question with no column.
    package var bindings: [Binding?]
    package var roles: [ColumnRole]
    package var respondentColumn: Int?
    package var unitColumn: Int?
    package var idColumn: Int?
    /// How long the respondent took: one column of durations, or start and end times.
    package var duration: DurationSource?
    /// A column that is empty for unfinished responses (LimeSurvey's `submitdate`).
    package var completionColumn: Int?
    /// Cells hold option numbers (问卷星 按选项序号, or `--codes index`).
    package var numbered: Bool
    package var shape: ExportShape
    /// Questions that found no column, with what was tried.
    package var unmatched: [(question: String, tried: String)]
    /// Headers that name a question (or the group, unit or id column) more than once:
    /// the header text and the 1-based column numbers.
    package var ambiguous: [(header: String, columns: [Int])]
}

/// Builds a `ColumnMap` from a header row (FORMS.md, "Import: how a CSV column finds its question").
struct ColumnMatcher {
    let form: Form
    let header: [String]
    private let trimmed: [String]
    private let normalised: [String]
    private var claimed: [ColumnRole?]
    private var ambiguous: [(header: String, columns: [Int])] = []

    init(form: Form, header: [String]) {
        self.form = form
        self.header = header
        trimmed = header.map { TextFolding.trim(TextFolding.foldWidth($0)) }
        normalised = header.map(HeaderText.normalise)
        claimed = Array(repeating: nil, count: header.count)
    }

    /// The unclaimed column named by one of `alternatives`: compared exactly, then normalised.
    /// Two columns with the same name are recorded as ambiguous (which one holds the answers?).
    private mutating func find(_ alternatives: [String]) -> Int? {
        for alternative in alternatives {
            let exact = TextFolding.trim(TextFolding.foldWidth(alternative))
            let exactMatches = trimmed.indices.filter { claimed[$0] == nil && trimmed[$0] == exact }
            if let index = exactMatches.first {
                if exactMatches.count > 1 { ambiguous.append((header[index], exactMatches.map { $0 + 1 })) }
                return index
            }
            let normal = HeaderText.normalise(alternative)
            guard !normal.isEmpty else { continue }
            let matches = normalised.indices.filter { claimed[$0] == nil && normalised[$0] == normal }
            if let index = matches.first {
                if matches.count > 1 { ambiguous.append((header[index], matches.map { $0 + 1 })) }
                return index
            }
            // KoboToolbox and ODK write `group/question`: the last part names the question.
            if let index = trimmed.indices.first(where: { claimed[$0] == nil && Self.lastPathPart(trimmed[$0]) == exact }) {
                return index
            }
        }
        return nil
    }

    /// Which platform wrote a header, from the metadata columns each one adds.
    static func shape(of headers: [String], numberedHeaders: Bool) -> ExportShape {
        let set = Set(headers)
        if Array(headers.prefix(6)) == ["序号", "提交答卷时间", "所用时间", "来源", "来源详情", "来自IP"] {
            return numberedHeaders ? .wjxNumbered : .wjxText
        }
        if set.contains("开始答题时间") || set.contains("结束答题时间") { return .tencent }
        if set.contains("submitdate") && (set.contains("lastpage") || set.contains("startlanguage")) { return .limeSurvey }
        if set.contains("_uuid") || set.contains("_submission_time") { return .kobo }
        if headers.first == "Timestamp" || headers.first == "时间戳记" { return .googleForms }
        if set.contains("填写时长") || set.contains("提交人") || set.contains("填写设备") { return .jinshuju }
        return .generic
    }

    /// The part after the last `/` of a header that has one (`eval/overall` → `overall`).
    static func lastPathPart(_ header: String) -> String? {
        guard let slash = header.lastIndex(of: "/") else { return nil }
        return String(header[header.index(after: slash)...])
    }

    /// Whether a stem (the part of a composite header before the row or option) names `question`.
    private func stemNames(_ stem: String, _ question: Question, numbers: [Int: String]) -> Bool {
        let folded = TextFolding.trim(TextFolding.foldWidth(stem))
        let names = [question.id] + question.columns.map { TextFolding.trim(TextFolding.foldWidth($0)) }
        if names.contains(folded) || Self.lastPathPart(folded).map(names.contains) == true {
            return true
        }
        let (number, rest) = HeaderText.dropLeadingNumber(folded)
        if rest.isEmpty, let number { return numbers[number] == question.id }
        let normal = HeaderText.normalise(stem)
        return !normal.isEmpty
            && (normal == HeaderText.normalise(question.text) || question.columns.map(HeaderText.normalise).contains(normal))
    }

    /// The number reference of a stem written only as a number (`第5题`, `5`, `Q5`).
    private func bareNumber(_ stem: String) -> Int? {
        let (number, rest) = HeaderText.dropLeadingNumber(TextFolding.trim(TextFolding.foldWidth(stem)))
        return rest.isEmpty ? number : nil
    }

    private func subMatch(_ sub: String, in items: [AnswerOption]) -> Int? {
        let matcher = ValueMatcher(options: items)
        let key = TextFolding.valueKey(sub)
        if let index = matcher.match(key) { return index }
        let (_, rest) = HeaderText.dropLeadingNumber(key)
        if let index = matcher.match(rest) { return index }
        return items.firstIndex { item in item.columns.contains { TextFolding.valueKey($0) == key } }
    }

    /// What a composite header's sub-item names: a matrix's rows, a multi-select's options.
    private func subItems(of question: Question) -> [AnswerOption] {
        switch question.type {
        case .matrix: question.rows
        case .multi: question.options
        case .single, .number, .text: []
        }
    }

    /// Binds `column` to row or option `item` of question `q`: a matrix row, or a per-option
    /// column (which supersedes a joined multi-select cell). `false` when the item has a column.
    private mutating func bind(_ column: Int, item: Int, of q: Int, _ bindings: inout [ColumnMap.Binding?]) -> Bool {
        let question = form.questions[q]
        if question.type == .matrix {
            var rows: [Int?]
            if case .rows(let existing) = bindings[q] { rows = existing } else { rows = Array(repeating: nil, count: question.rows.count) }
            guard rows[item] == nil else { return false }
            rows[item] = column
            claimed[column] = .matrixRow(question: question.id, row: question.rows[item].label)
            bindings[q] = .rows(rows)
        } else {
            var perOption: [Int?]
            if case .perOption(let existing) = bindings[q] {
                perOption = existing
            } else {
                perOption = Array(repeating: nil, count: question.options.count)
            }
            guard perOption[item] == nil else { return false }
            if case .cell(let joined) = bindings[q] { claimed[joined] = .superseded(question: question.id) }
            perOption[item] = column
            claimed[column] = .option(question: question.id, option: question.options[item].label)
            bindings[q] = .perOption(perOption)
        }
        return true
    }

    mutating func build(numberedOverride: Bool?) -> ColumnMap {
        var bindings: [ColumnMap.Binding?] = Array(repeating: nil, count: form.questions.count)
        var unmatched: [(String, String)] = []

        // Special columns first: they are named explicitly.
        var unitColumn: Int?
        if let unit = form.unit, let index = find(unit.columns) {
            unitColumn = index
            claimed[index] = .unit
        }
        var respondentColumn: Int?
        if let respondents = form.respondents, !respondents.columns.isEmpty, let index = find(respondents.columns) {
            respondentColumn = index
            claimed[index] = .respondentGroup
        }
        var idColumn: Int?
        if let duplicate = form.validity.duplicateRespondent, let index = find(duplicate.columns) {
            idColumn = index
            claimed[index] = .respondentID
        }
        var duration: DurationSource?
        let durationNames = form.validity.durationColumns + DurationSource.platformColumns
        if let index = find(durationNames) {
            duration = .column(index)
            claimed[index] = .duration
        } else if let start = trimmed.firstIndex(of: "start"), let end = trimmed.firstIndex(of: "end") {
            duration = .startEnd(start: start, end: end)
            claimed[start] = .duration
            claimed[end] = .duration
        }
        var completionColumn: Int?
        if let index = trimmed.firstIndex(where: { $0.lowercased() == "submitdate" }), claimed[index] == nil {
            completionColumn = index
            claimed[index] = .completion
        }

        // Direct matches: explicit column, id, normalised text.
        var numbers: [Int: String] = [:]
        for (q, question) in form.questions.enumerated() {
            if question.type == .matrix {
                var rows: [Int?] = Array(repeating: nil, count: question.rows.count)
                for (r, row) in question.rows.enumerated() where !row.columns.isEmpty {
                    if let index = find(row.columns) {
                        rows[r] = index
                        claimed[index] = .matrixRow(question: question.id, row: row.label)
                    }
                }
                if rows.contains(where: { $0 != nil }) { bindings[q] = .rows(rows) }
                continue
            }
            if question.type == .multi {
                var perOption: [Int?] = Array(repeating: nil, count: question.options.count)
                for (o, option) in question.options.enumerated() where !option.columns.isEmpty {
                    if let index = find(option.columns) {
                        perOption[o] = index
                        claimed[index] = .option(question: question.id, option: option.label)
                    }
                }
                if perOption.contains(where: { $0 != nil }) {
                    bindings[q] = .perOption(perOption)
                    continue
                }
            }
            guard let index = find(question.columns + [question.id, question.text]) else { continue }
            bindings[q] = .cell(index)
            claimed[index] = .question(question.id)
            if let number = HeaderText.dropLeadingNumber(trimmed[index]).number { numbers[number] = question.id }
        }
        // Numbers of questions that appear only in composite headers (`5、题干—行`).
        for index in header.indices where claimed[index] == nil {
            guard let number = HeaderText.dropLeadingNumber(trimmed[index]).number, numbers[number] == nil else { continue }
            for composite in HeaderText.composites(header[index]) {
                let stem = HeaderText.normalise(composite.stem)
                if let question = form.questions.first(where: { HeaderText.normalise($0.text) == stem }) {
                    numbers[number] = question.id
                    break
                }
            }
        }

        // Composite headers: matrix rows and per-option multi-select columns.
        var pendingByNumber: [Int: [(column: Int, sub: String)]] = [:]
        var index = 0
        while index < header.count {
            defer { index += 1 }
            guard claimed[index] == nil else { continue }
            var bound = false
            for composite in HeaderText.composites(header[index]) {
                guard
                    let q = form.questions.indices.first(where: {
                        [.matrix, .multi].contains(form.questions[$0].type)
                            && stemNames(composite.stem, form.questions[$0], numbers: numbers)
                    })
                else { continue }
                let question = form.questions[q]
                guard let item = subMatch(composite.sub, in: subItems(of: question)), bind(index, item: item, of: q, &bindings)
                else { continue }
                // 问卷星 writes `题干—行1` and then the other rows as bare labels.
                while question.type == .matrix, index + 1 < header.count, claimed[index + 1] == nil,
                    let row = subMatch(trimmed[index + 1], in: question.rows), bind(index + 1, item: row, of: q, &bindings)
                {
                    index += 1
                }
                bound = true
                break
            }
            if !bound, let composite = HeaderText.composites(header[index]).first(where: { bareNumber($0.stem) != nil }) {
                pendingByNumber[bareNumber(composite.stem)!, default: []].append((index, composite.sub))
            }
        }
        // `第N题(…)` groups whose N names no known question: the one question all the subs belong to.
        for number in pendingByNumber.keys.sorted() {
            let items = pendingByNumber[number]!
            let candidates = form.questions.indices.filter { q in
                let question = form.questions[q]
                guard bindings[q] == nil || { if case .cell = bindings[q] { return question.type == .multi } else { return false } }()
                else { return false }
                let choices = subItems(of: question)
                return !choices.isEmpty && items.allSatisfy { subMatch($0.sub, in: choices) != nil }
            }
            guard candidates.count == 1 else { continue }
            let q = candidates[0]
            let choices = subItems(of: form.questions[q])
            for item in items { _ = bind(item.column, item: subMatch(item.sub, in: choices)!, of: q, &bindings) }
        }

        // The respondent group asked as a question.
        if let respondents = form.respondents, let id = respondents.question,
            let q = form.questions.firstIndex(where: { $0.id == id }), case .cell(let index) = bindings[q]
        {
            respondentColumn = index
        }

        for (q, question) in form.questions.enumerated() where bindings[q] == nil {
            var tried = ["id '\(question.id)'", "text '\(question.text)'"]
            if !question.columns.isEmpty { tried.insert("column \(question.columns.map { "'\($0)'" }.joined(separator: " or "))", at: 0) }
            if question.type == .matrix { tried.append("row headers such as '\(question.text)—\(question.rows[0].label)'") }
            unmatched.append((question.id, tried.joined(separator: ", ")))
        }

        let numberedHeaders = header.contains { h in
            let t = TextFolding.trim(TextFolding.foldWidth(h))
            return t.hasPrefix("第") && t.contains("题(")
        }
        let numbered = numberedOverride ?? numberedHeaders
        let shape = Self.shape(of: trimmed, numberedHeaders: numberedHeaders)
        return ColumnMap(
            header: header, bindings: bindings, roles: claimed.map { $0 ?? .ignored },
            respondentColumn: respondentColumn, unitColumn: unitColumn, idColumn: idColumn,
            duration: duration, completionColumn: completionColumn, numbered: numbered, shape: shape, unmatched: unmatched, ambiguous: ambiguous)
    }
}
