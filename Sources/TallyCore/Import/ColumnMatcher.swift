import Foundation

/// Builds a `ColumnMap` from a header row (FORMS.md, "Import: how a CSV column finds its question").
struct ColumnMatcher {
    let form: Form
    let header: [String]
    private let trimmed: [String]
    private let normalised: [String]
    private var claimed: [ColumnRole?]
    private var ambiguous: [(header: String, columns: [Int])] = []

    /// Question texts a platform gives in a row of their own (Qualtrics' second row), matched
    /// like headers; normalised.
    private let texts: [String]?

    init(form: Form, header: [String], texts: [String]? = nil) {
        self.form = form
        self.header = header
        trimmed = header.map { TextFolding.trim(TextFolding.foldWidth($0)) }
        normalised = header.map(HeaderText.normalise)
        self.texts = texts.map { $0.map(HeaderText.normalise) }
        claimed = Array(repeating: nil, count: header.count)
    }

    /// The unclaimed column named by one of `alternatives`: compared exactly, then normalised.
    /// Two columns with the same name are recorded as ambiguous (which one holds the answers?).
    private mutating func find(_ alternatives: [String]) -> Int? {
        for alternative in alternatives {
            if let position = ColumnPosition.column(alternative) {
                if position < header.count, claimed[position] == nil { return position }
                continue
            }
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
            if let texts, let index = texts.indices.first(where: { claimed[$0] == nil && texts[$0] == normal }) {
                return index
            }
            // KoboToolbox and ODK write `group/question`: the last part names the question.
            if let index = trimmed.indices.first(where: { claimed[$0] == nil && Self.lastPathPart(trimmed[$0]) == exact }) {
                return index
            }
        }
        return nil
    }

    /// The first pair of start and end timestamp columns a platform writes.
    private static func startEnd(in headers: [String]) -> (Int, Int)? {
        for pair in Platforms.startEnd {
            if let start = headers.firstIndex(of: pair.start), let end = headers.firstIndex(of: pair.end) { return (start, end) }
        }
        return nil
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
        let text = TextFolding.trim(TextFolding.foldWidth(stem))
        // `3(选项)`: a question number alone, as some exports write per-option columns.
        if text.count <= 3, let number = Int(text), number > 0 { return number }
        let (number, rest) = HeaderText.dropLeadingNumber(text)
        return rest.isEmpty ? number : nil
    }

    private func subMatch(_ sub: String, in items: [AnswerOption]) -> Int? {
        let matcher = ValueMatcher(options: items)
        let key = TextFolding.valueKey(HeaderText.optionText(sub))
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

    /// Maps every column, in phases: the special columns a form or platform names, then
    /// questions by column, id or text, then matrix rows and per-option columns in composite
    /// headers, then `第N题(…)` groups by their items; what is left is unmatched.
    mutating func build(numberedOverride: Bool?) -> ColumnMap {
        var bindings: [ColumnMap.Binding?] = Array(repeating: nil, count: form.questions.count)
        var special = findSpecialColumns()
        var numbers = matchDirectly(&bindings)
        learnNumbersOfComposites(&numbers)
        let pending = matchComposites(&bindings, numbers: numbers)
        matchNumberedGroups(pending, &bindings)
        let stemConflicts = matchCascades(&bindings)
        matchBareRows(&bindings)
        claimFillIns()
        // The respondent group asked as a question.
        if let respondents = form.respondents, let id = respondents.question,
            let q = form.questions.firstIndex(where: { $0.id == id }), case .cell(let index) = bindings[q]
        {
            special.respondent = index
        }
        let numberedHeaders = header.contains { h in
            let t = TextFolding.trim(TextFolding.foldWidth(h))
            return t.hasPrefix("第") && t.contains("题(")
        }
        var map = ColumnMap(
            header: header, bindings: bindings, roles: claimed.map { $0 ?? .ignored },
            respondentColumn: special.respondent, unitColumn: special.unit, idColumn: special.id,
            duration: special.duration, completionColumn: special.completion, numbered: numberedOverride ?? numberedHeaders,
            shape: Platforms.recognise(trimmed, numberedHeaders: numberedHeaders), unmatched: unmatched(bindings),
            ambiguous: ambiguous)
        map.unboundColumns = unboundColumns(bindings)
        map.duplicateHeaders = duplicateHeaders()
        map.stemConflicts = stemConflicts
        return map
    }

    /// Phase 7: columns left unclaimed that look like a question's or an option's.
    private func unboundColumns(_ bindings: [ColumnMap.Binding?]) -> [(column: Int, header: String, nearest: String?)] {
        let texts = form.questions.map(\.text)
        var result: [(Int, String, String?)] = []
        // Once, not per column: a file of 20,000 columns would make these loops quadratic.
        let groupFound = claimed.contains { $0 == .respondentGroup }
        let stems = form.questions.filter { [.matrix, .multi].contains($0.type) }.map { (HeaderText.normalise($0.text), $0) }
        for index in header.indices where claimed[index] == nil && !trimmed[index].isEmpty {
            let composites = HeaderText.composites(header[index])
            // `题干:选项` whose stem names a matrix or multi-select: the nearest row or option.
            if let (question, sub) = composites.lazy.compactMap({ composite -> (Question, String)? in
                let stem = HeaderText.normalise(composite.stem)
                guard let question = stems.first(where: { $0.0 == stem })?.1 else { return nil }
                return (question, composite.sub)
            }).first {
                let items = question.type == .matrix ? question.rows : question.options
                result.append((index + 1, header[index], nearest(to: sub, in: items.map(\.label)).map { "\(question.text)—\($0)" }))
                continue
            }
            let text = HeaderText.normalise(header[index])
            // A column that asks who answered, while the form's respondents column was not found.
            if form.respondents.map({ !$0.columns.isEmpty }) == true, !groupFound,
                FilePart.identityWords.contains(where: text.contains)
            {
                result.append((index + 1, header[index], "respondents.column"))
                continue
            }
            let numbered = HeaderText.dropLeadingNumber(trimmed[index]).number != nil
                || composites.contains { bareNumber($0.stem) != nil }
            // A bare label right after a matrix's row columns (问卷星 writes the other rows so).
            let afterMatrix = index > 0 && { if case .matrixRow = claimed[index - 1] { return true } else { return false } }()
            guard numbered || afterMatrix else { continue }
            // The nearest question only when it shares most of the text (else it would mislead).
            let near = text.isEmpty ? nil : nearest(to: text, in: texts).flatMap { candidate in
                editDistance(text, HeaderText.normalise(candidate)) * 2 <= max(text.count, candidate.count) ? candidate : nil
            }
            result.append((index + 1, header[index], near))
        }
        return result
    }

    /// Non-empty headers that several columns share.
    private func duplicateHeaders() -> [(header: String, columns: [Int])] {
        var columns: [String: [Int]] = [:]
        var order: [String] = []
        for (index, text) in trimmed.enumerated() where !text.isEmpty {
            if columns[text] == nil { order.append(text) }
            columns[text, default: []].append(index + 1)
        }
        return order.compactMap { text in columns[text]!.count > 1 ? (text, columns[text]!) : nil }
    }

    /// Columns that are not answers: unit, respondent group, respondent id, duration, completion.
    private struct SpecialColumns {
        var unit: Int?
        var respondent: Int?
        var id: Int?
        var duration: DurationSource?
        var completion: Int?
    }

    /// Phase 1: the special columns, named explicitly by the form or by the platforms.
    private mutating func findSpecialColumns() -> SpecialColumns {
        var special = SpecialColumns()
        if let unit = form.unit, let index = find(unit.columns) {
            special.unit = index
            claimed[index] = .unit
        }
        if let respondents = form.respondents, !respondents.columns.isEmpty, let index = find(respondents.columns) {
            special.respondent = index
            claimed[index] = .respondentGroup
        }
        if let duplicate = form.validity.duplicateRespondent, let index = find(duplicate.columns) {
            special.id = index
            claimed[index] = .respondentID
        }
        if let index = find(form.validity.durationColumns + Platforms.durationColumns) {
            special.duration = .column(index)
            claimed[index] = .duration
        } else if let (start, end) = Self.startEnd(in: trimmed) {
            special.duration = .startEnd(start: start, end: end)
            claimed[start] = .duration
            claimed[end] = .duration
        }
        if let index = trimmed.firstIndex(where: { Platforms.completionColumns.contains($0.lowercased()) }), claimed[index] == nil {
            special.completion = index
            claimed[index] = .completion
        }
        return special
    }

    /// Phase 2: each question by its `column:` alternatives, its id or its text; matrix rows
    /// and options that name their own columns. Returns the question numbers the matched
    /// headers carry (`5、…` → 5).
    private mutating func matchDirectly(_ bindings: inout [ColumnMap.Binding?]) -> [Int: String] {
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
        return numbers
    }

    /// Phase 3: numbers of questions that appear only in composite headers (`5、题干—行`).
    private func learnNumbersOfComposites(_ numbers: inout [Int: String]) {
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
    }

    /// Phase 4: composite headers, matrix rows and per-option multi-select columns. Returns
    /// the composites whose stem is only a number no question was found for (`第N题(…)`).
    private mutating func matchComposites(
        _ bindings: inout [ColumnMap.Binding?], numbers: [Int: String]
    ) -> [Int: [(column: Int, sub: String)]] {
        var pendingByNumber: [Int: [(column: Int, sub: String)]] = [:]
        var index = 0
        while index < header.count {
            defer { index += 1 }
            guard claimed[index] == nil, !HeaderText.isFillInColumn(header[index]) else { continue }
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
        return pendingByNumber
    }

    /// Phase 5: `第N题(…)` groups whose N names no known question go to the one question all
    /// their items belong to.
    private mutating func matchNumberedGroups(
        _ pendingByNumber: [Int: [(column: Int, sub: String)]], _ bindings: inout [ColumnMap.Binding?]
    ) {
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
    }

    /// The sub-items of a cascading drop-down's columns (腾讯问卷: `3.题干:一级分类`, `:二级分类`, `:请选择`).
    static let cascadeLevels = ["一级分类", "二级分类", "三级分类", "四级分类", "一级", "二级", "三级", "请选择", "省", "市", "区", "省份", "城市", "区县"]

    /// Phase 5b: a single question with no column, whose text is the stem of a cascading
    /// drop-down's columns, reads the first level (`一级分类`, else the group's first column);
    /// the other levels are claimed as such. A stem that is the text of two questions binds
    /// neither and is returned, to stop the run naming both.
    private mutating func matchCascades(_ bindings: inout [ColumnMap.Binding?]) -> [(header: String, column: Int, questions: [String])] {
        var groups: [(stem: String, columns: [(column: Int, level: String)])] = []
        for index in header.indices where claimed[index] == nil {
            guard let composite = HeaderText.composites(header[index]).first(where: { $0.separator == ":" && Self.cascadeLevels.contains(TextFolding.trim($0.sub)) })
            else { continue }
            let stem = HeaderText.normalise(composite.stem)
            guard !stem.isEmpty else { continue }
            if let g = groups.firstIndex(where: { $0.stem == stem }) {
                groups[g].columns.append((index, TextFolding.trim(composite.sub)))
            } else {
                groups.append((stem, [(index, TextFolding.trim(composite.sub))]))
            }
        }
        var conflicts: [(header: String, column: Int, questions: [String])] = []
        for group in groups {
            let named = form.questions.indices.filter { q in
                form.questions[q].type != .matrix && form.questions[q].type != .multi && HeaderText.normalise(form.questions[q].text) == group.stem
            }
            let unbound = named.filter { bindings[$0] == nil }
            if unbound.count > 1 {
                let first = group.columns[0].column
                conflicts.append((header[first], first + 1, unbound.map { form.questions[$0].id }))
                continue
            }
            guard let q = unbound.first else { continue }
            let first = group.columns.first(where: { $0.level == "一级分类" || $0.level == "一级" })?.column ?? group.columns[0].column
            bindings[q] = .cell(first)
            claimed[first] = .question(form.questions[q].id)
            for (column, _) in group.columns where column != first { claimed[column] = .cascadeLevel(question: form.questions[q].id) }
        }
        return conflicts
    }

    /// Phase 5c: a bare column whose header is a row of the form's matrix (Microsoft Forms
    /// writes each statement of a rating block so, without its stem). Bound only when one
    /// matrix has that row free, or when the column before it is a row of the matrix it names;
    /// otherwise it is left unbound (and said so).
    private mutating func matchBareRows(_ bindings: inout [ColumnMap.Binding?]) {
        let matrices = form.questions.indices.filter { form.questions[$0].type == .matrix }
        guard !matrices.isEmpty else { return }
        // Each row's names normalised once (not once per column).
        var names: [Int: [Set<String>]] = [:]
        for q in matrices { names[q] = form.questions[q].rows.map { Set(([$0.label] + $0.aliases).map(HeaderText.normalise)) } }
        for index in header.indices where claimed[index] == nil && !normalised[index].isEmpty {
            var candidates: [(q: Int, row: Int)] = []
            for q in matrices {
                let rows = form.questions[q].rows
                var bound: [Int?] = Array(repeating: nil, count: rows.count)
                if case .rows(let existing) = bindings[q] { bound = existing }
                if let r = rows.indices.first(where: { r in bound[r] == nil && names[q]![r].contains(normalised[index]) }) {
                    candidates.append((q, r))
                }
            }
            var chosen = candidates.count == 1 ? candidates.first : nil
            if candidates.count > 1, index > 0, case .matrixRow(let id, _) = claimed[index - 1] {
                let beside = candidates.filter { form.questions[$0.q].id == id }
                if beside.count == 1 { chosen = beside[0] }
            }
            if let chosen { _ = bind(index, item: chosen.row, of: chosen.q, &bindings) }
        }
    }

    /// Phase 5d: 腾讯问卷's `…[选项填空]` columns hold what was written in the blank of the
    /// option (or question) in the column before: fill-in text, not an answer.
    private mutating func claimFillIns() {
        for index in header.indices.dropFirst() where claimed[index] == nil && HeaderText.isFillInColumn(header[index]) {
            switch claimed[index - 1] {
            case .question(let id), .option(let id, _), .cascadeLevel(let id), .superseded(let id): claimed[index] = .fillIn(question: id)
            case .fillIn(let id): claimed[index] = .fillIn(question: id)
            default: break
            }
        }
    }

    /// Phase 6: the questions no column was found for, with what was tried.
    private func unmatched(_ bindings: [ColumnMap.Binding?]) -> [ColumnMap.Unmatched] {
        form.questions.indices.filter { bindings[$0] == nil }.map { q in
            let question = form.questions[q]
            var tried = ["id '\(question.id)'", "text '\(question.text)'"]
            if !question.columns.isEmpty {
                tried.insert("column \(question.columns.map { "'\(ColumnPosition.display($0))'" }.joined(separator: " or "))", at: 0)
            }
            if question.type == .matrix { tried.append("row headers such as '\(question.text)—\(question.rows[0].label)'") }
            return ColumnMap.Unmatched(question: question.id, tried: tried.joined(separator: ", "))
        }
    }
}
