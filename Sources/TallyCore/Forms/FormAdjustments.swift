import Yams

/// Choices a user made about how one file's columns and values are read, written into a copy of
/// the form as the keys FORMS.md defines, so that the copy alone reproduces them: a question
/// given a column (`column:`, the header tried before the question's other alternatives), a
/// respondent group or an answer option given another spelling (`aliases:`). The web app keeps
/// a campaign's choices as this value and writes the adjusted copy into the campaign's folder.
public struct FormAdjustments: Sendable, Codable, Equatable {
    /// A question read from the column with this header; with `row`, one row of a matrix; with
    /// `option`, one option of a multi-select written as its own column.
    public struct Column: Sendable, Codable, Equatable {
        public var question: String
        public var row: String?
        public var option: String?
        public var header: String

        public init(question: String, row: String? = nil, option: String? = nil, header: String) {
            self.question = question
            self.row = row
            self.option = option
            self.header = header
        }
    }

    /// A value that means a group (`target` is `respondents`) or an option of a question
    /// (`target` is its id; an option of a named scale takes the alias for every question on it).
    public struct Alias: Sendable, Codable, Equatable {
        public var target: String
        /// The group's id, or the option's label.
        public var meaning: String
        public var value: String

        public init(target: String, meaning: String, value: String) {
            self.target = target
            self.meaning = meaning
            self.value = value
        }
    }

    public var columns: [Column] = []
    public var aliases: [Alias] = []

    public init(columns: [Column] = [], aliases: [Alias] = []) {
        self.columns = columns
        self.aliases = aliases
    }

    public var isEmpty: Bool { columns.isEmpty && aliases.isEmpty }

    /// `yaml` (a form's text) with these choices written in; checked by parsing it again.
    /// Comments are not kept (the copy is written by a program); an empty set of choices returns
    /// the text unchanged. Throws a `FormError` when a choice names a question, group or option
    /// the form does not have.
    public func apply(to yaml: String, file: String) throws(FormError) -> String {
        guard !isEmpty else { return yaml }
        let form = try FormLoader.parse(yaml, file: file)
        var root = try composeYAML(yaml, file: file, what: "form")
        func fail(_ message: String) -> FormError { FormError(message, key: "", at: SourcePosition(file: file, line: 1, column: 1)) }
        for column in columns {
            guard let index = form.questions.firstIndex(where: { $0.id == column.question }) else { throw fail("no question '\(column.question)'") }
            let question = form.questions[index]
            if let row = column.row {
                guard let rowIndex = question.rows.firstIndex(where: { $0.label == row }) else { throw fail("no row '\(row)' of question '\(question.id)'") }
                root = Self.editing(root, ["questions"]) { questions in
                    Self.editingItem(questions, index) { item in
                        Self.editing(item, ["rows"]) { rows in Self.editingItem(rows, rowIndex) { Self.prependingColumn(column.header, to: $0) } }
                    }
                }
            } else if let option = column.option {
                guard let optionIndex = question.options.firstIndex(where: { $0.label == option }) else {
                    throw fail("no option '\(option)' of question '\(question.id)'")
                }
                if let scale = question.scaleName {
                    root = Self.editing(root, ["scales", scale, "options"]) { options in Self.editingItem(options, optionIndex) { Self.prependingColumn(column.header, to: $0) } }
                } else {
                    root = Self.editing(root, ["questions"]) { questions in
                        Self.editingItem(questions, index) { item in
                            Self.editing(item, ["options"]) { options in Self.editingItem(options, optionIndex) { Self.prependingColumn(column.header, to: $0) } }
                        }
                    }
                }
            } else {
                root = Self.editing(root, ["questions"]) { questions in Self.editingItem(questions, index) { Self.prependingColumn(column.header, to: $0) } }
            }
        }
        for alias in aliases {
            if alias.target == "respondents" {
                guard let index = form.respondents?.groups.firstIndex(where: { $0.id == alias.meaning }) else { throw fail("no group '\(alias.meaning)'") }
                root = Self.editing(root, ["respondents", "groups"]) { groups in Self.editingItem(groups, index) { Self.addingAlias(alias.value, to: $0) } }
                continue
            }
            guard let question = form.questions.first(where: { $0.id == alias.target }),
                let option = question.options.firstIndex(where: { $0.label == alias.meaning })
            else { throw fail("no option '\(alias.meaning)' of question '\(alias.target)'") }
            if let scale = question.scaleName {
                root = Self.editing(root, ["scales", scale, "options"]) { options in Self.editingItem(options, option) { Self.addingAlias(alias.value, to: $0) } }
            } else if let index = form.questions.firstIndex(where: { $0.id == alias.target }) {
                root = Self.editing(root, ["questions"]) { questions in
                    Self.editingItem(questions, index) { question in
                        Self.editing(question, ["options"]) { options in Self.editingItem(options, option) { Self.addingAlias(alias.value, to: $0) } }
                    }
                }
            }
        }
        let text: String
        do {
            text = try Yams.serialize(node: root, allowUnicode: true)
        } catch {
            throw fail("the adjusted form cannot be written (\(error))")
        }
        _ = try FormLoader.parse(text, file: file)
        return text
    }

    /// `node` with the value at `path` (mapping keys) replaced by `change`'s; unchanged when the
    /// path is not there.
    static func editing(_ node: Node, _ path: [String], _ change: (Node) -> Node) -> Node {
        guard let key = path.first else { return change(node) }
        guard var mapping = node.mapping, let child = mapping[key] else { return node }
        mapping[key] = editing(child, Array(path.dropFirst()), change)
        return .mapping(mapping)
    }

    /// A sequence with its item at `index` replaced by `change`'s.
    static func editingItem(_ node: Node, _ index: Int, _ change: (Node) -> Node) -> Node {
        guard var sequence = node.sequence, index < sequence.count else { return node }
        sequence[index] = change(sequence[index])
        return .sequence(sequence)
    }

    /// A question, row or option (a plain label, or a mapping) whose `column:` alternatives start
    /// with `header`, the others kept after it.
    static func prependingColumn(_ header: String, to node: Node) -> Node {
        var mapping = node.mapping ?? Node.Mapping([(Node("label"), node)], .implicit, .flow)
        let existing: [Node] = mapping["column"].map { $0.sequence.map(Array.init) ?? [$0] } ?? []
        mapping["column"] = .sequence(Node.Sequence([Node(header)] + existing.filter { $0.string != header }, .implicit, .flow))
        return .mapping(mapping)
    }

    /// An option or group (a plain label, or a mapping) with `value` among its aliases.
    static func addingAlias(_ value: String, to node: Node) -> Node {
        var mapping: Node.Mapping
        if let existing = node.mapping {
            mapping = existing
        } else {
            mapping = Node.Mapping([(Node("label"), node)], .implicit, .flow)
        }
        var aliases: [Node] = mapping["aliases"]?.sequence.map(Array.init) ?? []
        if !aliases.contains(where: { $0.string == value }) { aliases.append(Node(value)) }
        mapping["aliases"] = .sequence(Node.Sequence(aliases, .implicit, .flow))
        return .mapping(mapping)
    }
}
