import Foundation
import Yams

/// `tally forms draft --from-form ID`: a built-in form fitted to an export without changing
/// what it measures. Every id, label, score, rate and rule stays; only `column:` (where a
/// question's text does not find its column) and `aliases:` (where the export spells an
/// option or a respondent group otherwise) are added, each with what it was matched from.
struct FormAdapter {
    let form: Form
    let table: ExportTable
    /// What was added, in words, for the file's heading comment and for the user.
    private(set) var notes: [String] = []

    init(form: Form, table: ExportTable) {
        self.form = form
        self.table = table
    }

    /// - Parameter text: the form's YAML, as written.
    mutating func adapt(_ text: String) throws(TallyError) -> String {
        var root: Node
        do {
            root = try composeYAML(text, file: form.id, what: "form")
        } catch {
            throw .form(error)
        }
        var matcher = ColumnMatcher(form: form, header: table.header, texts: table.texts)
        let map = matcher.build(numberedOverride: nil)
        let candidates = DraftQuestionReader(table: table).questions()
        var claimed = Set(map.bindings.compactMap { $0 }.flatMap(Self.columns))
        if let column = map.respondentColumn { claimed.insert(column) }

        for (q, question) in form.questions.enumerated() {
            if let binding = map.bindings[q] {
                // Options the export spells otherwise: an alias on the nearest option.
                for column in Self.valueColumns(binding, question) {
                    addAliases(for: question, values: table.values(column), in: &root)
                }
                continue
            }
            // No column found by its text: the export's question nearest in wording, not yet taken.
            let free = candidates.filter { !claimed.contains($0.columns[0]) && ($0.kind == .matrix) == (question.type == .matrix) }
            guard question.type != .matrix,
                let text = nearest(to: HeaderText.normalise(question.text), in: free.map { HeaderText.normalise($0.text) }),
                let candidate = free.first(where: { HeaderText.normalise($0.text) == text })
            else {
                notes.append("“\(question.text)”在导出文件中没有找到对应的列，请手工加 column:")
                continue
            }
            let header = table.header[candidate.columns[0]]
            claimed.insert(candidate.columns[0])
            set(["questions", q, "column"], to: Node(header), in: &root)
            notes.append("“\(question.text)”对应导出文件的列“\(header)”（column:）")
            if question.type == .single { addAliases(for: question, values: table.values(candidate.columns[0]), in: &root) }
        }
        if let respondents = form.respondents {
            var column = map.respondentColumn
            if column == nil {
                var writer = DraftWriter(table: table, questions: candidates)
                writer.guessRoles()
                if let guessed = writer.respondents {
                    column = candidates[guessed].columns[0]
                    set(["respondents", "column"], to: Node(table.header[column!]), in: &root)
                    notes.append("填答人类别取自列“\(table.header[column!])”")
                }
            }
            if let column { addGroupAliases(respondents, values: table.values(column), in: &root) }
        }
        do {
            return try Yams.serialize(node: root, allowUnicode: true)
        } catch {
            throw .invalidRequest("cannot write the adapted form (\(error))")
        }
    }

    static func columns(_ binding: ColumnMap.Binding) -> [Int] {
        switch binding {
        case .cell(let column): [column]
        case .perOption(let columns), .rows(let columns): columns.compactMap { $0 }
        }
    }

    /// Columns whose cells hold option labels: a single question's, a matrix's rows.
    static func valueColumns(_ binding: ColumnMap.Binding, _ question: Question) -> [Int] {
        switch (binding, question.type) {
        case (.cell(let column), .single): [column]
        case (.rows(let columns), .matrix) where !question.numericAnswers: columns.compactMap { $0 }
        default: []
        }
    }

    /// A value no option reads becomes an alias of the option nearest in spelling only when
    /// it is the export's spelling of that option: the option itself never appears in the
    /// column (比较好 written for every 较好). A stray value beside the option (one 很好 among
    /// 37 好) is a mistake on a ballot, which scoring lists as an invalid answer: no alias, a note.
    private mutating func addAliases(for question: Question, values: [String], in root: inout Node) {
        let matcher = ValueMatcher(options: question.options)
        let used = Set(values.compactMap { matcher.match(TextFolding.valueKey($0)) })
        for value in Set(values).sorted() where matcher.match(TextFolding.valueKey(value)) == nil {
            guard let label = matcher.nearestLabel(TextFolding.valueKey(value)),
                let option = question.options.firstIndex(where: { $0.label == label })
            else { continue }
            let count = values.filter { $0 == value }.count
            if used.contains(option) {
                notes.append("“\(question.text)”有\(count)份回答“\(value.prefix(12))”不是任何选项（“\(label)”另有回答），计分时列为无效答案；如是“\(label)”的另一写法，请加 aliases")
                continue
            }
            addAlias(value, toOption: label, of: question, in: &root)
            notes.append("“\(value)”读作“\(question.text)”的“\(label)”（aliases:；导出文件中没有写作“\(label)”的回答）")
        }
    }

    private mutating func addGroupAliases(_ respondents: Respondents, values: [String], in root: inout Node) {
        let matcher = ValueMatcher(options: respondents.groups.map(\.asOption))
        for value in Set(values).sorted() where matcher.match(TextFolding.valueKey(value)) == nil {
            guard let label = matcher.nearestLabel(TextFolding.valueKey(value)),
                let index = respondents.groups.firstIndex(where: { $0.label == label })
            else { continue }
            appendAlias(value, at: ["respondents", "groups", index], in: &root)
            notes.append("“\(value)”读作填答人类别“\(label)”（aliases:）")
        }
    }

    /// The alias goes where the option is written: in the question's `options`, or in its scale's.
    private func addAlias(_ alias: String, toOption label: String, of question: Question, in root: inout Node) {
        guard let q = form.questions.firstIndex(where: { $0.id == question.id }) else { return }
        let questionNode = root["questions"]?[q]
        if let options = questionNode?["options"]?.sequence, let index = options.firstIndex(where: { Self.label(of: $0) == label }) {
            appendAlias(alias, at: ["questions", q, "options", index], in: &root)
        } else if let scale = questionNode?["scale"]?.string, let options = root["scales"]?[scale]?["options"]?.sequence,
            let index = options.firstIndex(where: { Self.label(of: $0) == label })
        {
            appendAlias(alias, at: ["scales", scale, "options", index], in: &root)
        }
    }

    static func label(of option: Node) -> String? { option.string ?? option["label"]?.string }

    /// Adds `alias` to the option or group at `path` (a bare label becomes `{ label, aliases }`).
    private func appendAlias(_ alias: String, at path: [Any], in root: inout Node) {
        update(path, in: &root) { node in
            if let label = node.string {
                node = Node([(Node("label"), Node(label)), (Node("aliases"), Node([Node(alias)], .implicit, .flow))], .implicit, .flow)
                return
            }
            guard case .mapping(var mapping) = node else { return }
            var aliases = mapping["aliases"]?.sequence.map(Array.init) ?? []
            aliases.append(Node(alias))
            mapping["aliases"] = Node(aliases, .implicit, .flow)
            node = .mapping(mapping)
        }
    }

    private func set(_ path: [Any], to value: Node, in root: inout Node) {
        guard let key = path.last as? String else { return }
        update(Array(path.dropLast()), in: &root) { node in
            guard case .mapping(var mapping) = node else { return }
            mapping[key] = value
            node = .mapping(mapping)
        }
    }

    /// Changes the node at `path` (mapping keys as `String`, sequence positions as `Int`).
    private func update(_ path: [Any], in node: inout Node, _ change: (inout Node) -> Void) {
        guard let step = path.first else {
            change(&node)
            return
        }
        let rest = Array(path.dropFirst())
        switch (node, step) {
        case (.mapping(var mapping), let key as String):
            guard var child = mapping[key] else { return }
            update(rest, in: &child, change)
            mapping[key] = child
            node = .mapping(mapping)
        case (.sequence(var sequence), let index as Int) where sequence.indices.contains(index):
            var child = sequence[index]
            update(rest, in: &child, change)
            sequence[index] = child
            node = .sequence(sequence)
        default:
            return
        }
    }
}
