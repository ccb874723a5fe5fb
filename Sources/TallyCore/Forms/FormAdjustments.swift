import Yams

/// Choices a user made about how one file's columns and values are read, written into a copy of
/// the form as the keys FORMS.md defines, so that the copy alone reproduces them: a question
/// given a column (`column:`, the header tried before the question's other alternatives), a
/// respondent group or an answer option given another spelling (`aliases:`). The web app keeps
/// a campaign's choices as this value and writes the adjusted copy into the campaign's folder.
public struct FormAdjustments: Sendable, Codable, Equatable {
    /// A question read from the column with this header.
    public struct Column: Sendable, Codable, Equatable {
        public var question: String
        public var header: String

        public init(question: String, header: String) {
            self.question = question
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
            root = Self.editing(root, ["questions"]) { questions in
                Self.editingItem(questions, index) { question in
                    guard var mapping = question.mapping else { return question }
                    let existing: [Node] = mapping["column"].map { $0.sequence.map(Array.init) ?? [$0] } ?? []
                    let kept = existing.filter { $0.string != column.header }
                    mapping["column"] = .sequence(Node.Sequence([Node(column.header)] + kept, .implicit, .flow))
                    return .mapping(mapping)
                }
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
