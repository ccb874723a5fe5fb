import TallyCSV

/// One answer as read from a record, before validity rules.
enum AnswerValue: Equatable, Sendable {
    case missing
    /// A problem with the answer (unknown option, out of range, too many choices).
    case invalid(RejectionReason)
    case option(Int)
    /// Multi-select: chosen option indexes, ascending.
    case options([Int])
    case number(Double)
    case text(String)
    /// Matrix: one value per row (`.missing`, `.invalid`, `.option` or `.number`).
    case rows([AnswerValue])

    var isMissing: Bool {
        switch self {
        case .missing: true
        case .rows(let rows): rows.allSatisfy { $0 == .missing }
        default: false
        }
    }

    var isInvalid: Bool {
        if case .invalid = self { return true }
        return false
    }
}

/// A record read against a form: each question's answer, the respondent's group and unit.
struct Ballot {
    enum GroupValue: Equatable { case group(Int), missing, unknown }

    var file: String
    var row: Int
    var line: Int
    var unitCell: String?
    var group: GroupValue
    var respondentID: String?
    /// Seconds the respondent took, when the file says.
    var seconds: Double?
    /// The platform marks the response unfinished.
    var incomplete = false
    var answers: [AnswerValue]
    /// Answer-level problems, with the column and value, for `rejected.csv`.
    var problems: [RejectedEntry]
}

/// Reads records into ballots with a `ColumnMap`.
struct BallotReader {
    let form: Form
    let map: ColumnMap
    let file: String
    private let matchers: [ValueMatcher]
    private let rowMatchers: [ValueMatcher?]
    private let groupMatcher: ValueMatcher?

    init(form: Form, map: ColumnMap, file: String) {
        self.form = form
        self.map = map
        self.file = file
        matchers = form.questions.map { ValueMatcher(options: $0.options) }
        rowMatchers = form.questions.map { $0.type == .matrix ? ValueMatcher(options: $0.rows) : nil }
        groupMatcher = form.respondents.map { ValueMatcher(options: $0.groups.map(\.asOption)) }
    }

    func read(_ record: CSVRecord) -> Ballot {
        var ballot = Ballot(
            file: file, row: record.row, line: record.line, unitCell: nil, group: .missing, respondentID: nil,
            answers: [], problems: [])
        let fields = record.fields
        if let column = map.unitColumn { ballot.unitCell = TextFolding.valueKey(fields[column]) }
        ballot.seconds = map.duration?.seconds(fields)
        if let column = map.completionColumn { ballot.incomplete = TextFolding.valueKey(fields[column]).isEmpty }
        if let column = map.idColumn {
            let id = TextFolding.valueKey(fields[column])
            ballot.respondentID = id.isEmpty ? nil : id
        }
        if let column = map.respondentColumn, let groupMatcher {
            let key = TextFolding.valueKey(fields[column])
            if MissingMarker.isMissing(key) {
                ballot.group = .missing
            } else if let index = groupMatcher.match(key, numbered: map.numbered) {
                ballot.group = .group(index)
            } else {
                ballot.group = .unknown
            }
        }
        for (q, question) in form.questions.enumerated() {
            guard let binding = map.bindings[q] else {
                ballot.answers.append(.missing)
                continue
            }
            let value = read(question, q, binding, fields, &ballot)
            ballot.answers.append(value)
        }
        return ballot
    }

    private func problem(_ ballot: inout Ballot, column: Int, reason: RejectionReason, _ fields: [String]) {
        ballot.problems.append(
            RejectedEntry(
                file: file, row: ballot.row, line: ballot.line, column: map.header[column], value: fields[column],
                reason: reason))
    }

    private func read(
        _ question: Question, _ q: Int, _ binding: ColumnMap.Binding, _ fields: [String], _ ballot: inout Ballot
    ) -> AnswerValue {
        switch (question.type, binding) {
        case (.single, .cell(let column)):
            let key = TextFolding.valueKey(fields[column])
            if MissingMarker.isMissing(key) { return .missing }
            if let option = matchers[q].match(key, numbered: map.numbered) { return .option(option) }
            problem(&ballot, column: column, reason: .unknownAnswer, fields)
            return .invalid(.unknownAnswer)
        case (.number, .cell(let column)):
            return number(fields[column], question, column, fields, &ballot)
        case (.text, .cell(let column)):
            let text = TextFolding.trim(fields[column])
            return MissingMarker.isMissing(TextFolding.valueKey(text)) ? .missing : .text(text)
        case (.multi, .cell(let column)):
            let key = TextFolding.valueKey(fields[column])
            if MissingMarker.isMissing(key) { return .missing }
            let selection = MultiSelectReader(matcher: matchers[q]).read(fields[column], numbered: map.numbered)
            if !selection.unknown.isEmpty {
                problem(&ballot, column: column, reason: .unknownAnswer, fields)
                return .invalid(.unknownAnswer)
            }
            return choices(selection.chosen, question, column, fields, &ballot)
        case (.multi, .perOption(let columns)):
            var chosen: [Int] = []
            var anyPresent = false
            for (o, column) in columns.enumerated() {
                guard let column else { continue }
                let key = TextFolding.valueKey(fields[column])
                if MissingMarker.isMissing(key) { continue }
                anyPresent = true
                if ["0", "N", "n", "否", "FALSE", "false"].contains(key) { continue }
                chosen.append(o)
            }
            if !anyPresent { return .missing }
            let last = columns.compactMap { $0 }.first ?? 0
            return choices(chosen, question, last, fields, &ballot, emptyIsMissing: true)
        case (.matrix, .rows(let columns)):
            var rows: [AnswerValue] = []
            for (r, column) in columns.enumerated() {
                guard let column else {
                    rows.append(.missing)
                    continue
                }
                if question.numericAnswers {
                    rows.append(number(fields[column], question, column, fields, &ballot))
                    continue
                }
                let key = TextFolding.valueKey(fields[column])
                if MissingMarker.isMissing(key) {
                    rows.append(.missing)
                } else if let option = matchers[q].match(key, numbered: map.numbered) {
                    rows.append(.option(option))
                } else {
                    problem(&ballot, column: column, reason: .unknownAnswer, fields)
                    rows.append(.invalid(.unknownAnswer))
                }
                _ = r
            }
            return .rows(rows)
        default:
            return .missing
        }
    }

    private func choices(
        _ chosen: [Int], _ question: Question, _ column: Int, _ fields: [String], _ ballot: inout Ballot,
        emptyIsMissing: Bool = false
    ) -> AnswerValue {
        if chosen.isEmpty && emptyIsMissing { return .missing }
        if let max = question.maxChoices, chosen.count > max {
            problem(&ballot, column: column, reason: .tooManyChoices(max: max), fields)
            return .invalid(.tooManyChoices(max: max))
        }
        return .options(chosen)
    }

    private func number(
        _ cell: String, _ question: Question, _ column: Int, _ fields: [String], _ ballot: inout Ballot
    ) -> AnswerValue {
        var key = TextFolding.valueKey(cell)
        if MissingMarker.isMissing(key) { return .missing }
        if key.hasSuffix("分") { key = TextFolding.trim(String(key.dropLast())) }
        guard let value = Double(key), value.isFinite else {
            problem(&ballot, column: column, reason: .notANumber, fields)
            return .invalid(.notANumber)
        }
        if let min = question.minimum, value < min {
            problem(&ballot, column: column, reason: .outOfRange, fields)
            return .invalid(.outOfRange)
        }
        if let max = question.maximum, value > max {
            problem(&ballot, column: column, reason: .outOfRange, fields)
            return .invalid(.outOfRange)
        }
        return .number(value)
    }
}
