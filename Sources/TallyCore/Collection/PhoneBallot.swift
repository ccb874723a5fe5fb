import Foundation
import TallyCSV
import TallyStatistics

/// A form as a participant fills it on a phone with a 测评码: its questions in order, what each
/// accepts and its per-ballot rules as bounds a page can enforce; a submitted ballot checked
/// against them; and ballots written as rows of the form's keying sheet (`KeyingSheet`), the
/// shape the engine reads like any keyed file, so that a closed collection is scored, reported
/// and reproduced exactly as an upload is.
///
/// The respondent's category never comes from the ballot: it is the code's (a participant
/// cannot claim another), written in the sheet's category column.
public struct PhoneBallot: Sendable {
    /// One question as the page shows it.
    public struct Item: Sendable, Encodable, Equatable {
        public var id: String
        public var text: String
        /// `single`, `multi`, `matrix`, `number` or `text`.
        public var kind: String
        /// The options' labels in the form's order (a matrix's columns).
        public var options: [String]
        /// A matrix's rows (the people rated); empty otherwise.
        public var rows: [String]
        /// A matrix answered with a number per row (评分), or a number question.
        public var numeric: Bool
        public var minimum: Double?
        public var maximum: Double?
        /// A multi-select's most choices.
        public var maxChoices: Int?
        /// A matrix's per-ballot rules, each as a bound on the rows it counts.
        public var rules: [Rule]
    }

    /// A matrix rule (`limits`) for this ballot's rows: at most `maxRows` / at least `minRows`
    /// rows answered with `option` (or with a number at least `atLeast`, or below `below`);
    /// `sameAnswerEverywhere`: not one answer for every row.
    public struct Rule: Sendable, Encodable, Equatable {
        public var option: String?
        public var atLeast: Double?
        public var below: Double?
        public var maxRows: Int?
        public var minRows: Int?
        public var sameAnswerEverywhere: Bool
    }

    /// One question's answer as submitted (HTTP.md, `POST /api/v1/ballots`).
    public enum Answer: Sendable, Equatable, Codable {
        /// A single question's option label (or a number or text question's text).
        case option(String)
        /// A multi-select's labels.
        case options([String])
        /// A matrix: row label → option label, or the number given as text.
        case rows([String: String])
        /// A number question, or a number given where text was expected.
        case number(Double)

        public init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            if let text = try? container.decode(String.self) {
                self = .option(text)
            } else if let number = try? container.decode(Double.self) {
                self = .number(number)
            } else if let labels = try? container.decode([String].self) {
                self = .options(labels)
            } else if let rows = try? container.decode([String: RowValue].self) {
                self = .rows(rows.mapValues(\.text))
            } else {
                throw DecodingError.dataCorruptedError(in: container, debugDescription: "an answer is a label, a list of labels, an object of rows or a number")
            }
        }

        /// As the API takes it: a label, a list, an object of rows, a number.
        public func encode(to encoder: any Encoder) throws {
            var container = encoder.singleValueContainer()
            switch self {
            case .option(let text): try container.encode(text)
            case .options(let labels): try container.encode(labels)
            case .rows(let rows): try container.encode(rows)
            case .number(let value): try container.encode(value)
            }
        }

        /// A matrix cell: a label or a number.
        struct RowValue: Decodable {
            var text: String
            init(from decoder: any Decoder) throws {
                let container = try decoder.singleValueContainer()
                if let number = try? container.decode(Double.self) {
                    text = NumberText.plain(number)
                } else {
                    text = try container.decode(String.self)
                }
            }
        }
    }

    /// Why a submitted ballot is refused; the participant is told in words (`ClerkWords.ballot`).
    public enum Problem: Error, Sendable, Equatable {
        /// An answer to a question the form does not have.
        case unknownQuestion(id: String)
        /// An answer of the wrong shape for its question (a list for a single question…).
        case wrongShape(question: String)
        /// A label that is not one of the question's options (or a matrix row that is not one of its rows).
        case notAnOption(question: String, label: String)
        /// A row the matrix does not have.
        case unknownRow(question: String, row: String)
        /// A multi-select with more choices than it allows.
        case tooManyChoices(question: String, maximum: Int)
        /// A number that is not a number, or outside the question's bounds.
        case outOfRange(question: String, minimum: Double?, maximum: Double?)
        /// A matrix rule the ballot breaks.
        case limit(question: String, breach: LimitBreach)
        /// A text longer than `PhoneBallot.longestText` characters.
        case tooLong(question: String, maximum: Int)
    }

    /// The longest text answer taken (characters).
    public static let longestText = 2_000

    public let title: String
    /// A questionnaire (调查问卷) rather than an evaluation (测评票).
    public let survey: Bool
    /// The respondent categories' labels (the codes carry one); empty when the form has none.
    public let groups: [String]
    public let items: [Item]
    private let form: Form
    private let sheet: KeyingSheet

    public init(form: Form) {
        self.form = form
        sheet = KeyingSheet(form: form)
        title = form.title
        survey = form.kind == .survey
        groups = form.respondents?.groups.map(\.label) ?? []
        items = form.questions.filter { $0.id != form.respondents?.question }.map { question in
            Item(
                id: question.id, text: question.text, kind: question.type.rawValue, options: question.options.map(\.label),
                rows: question.rows.map(\.label), numeric: question.numericAnswers || question.type == .number,
                minimum: question.minimum, maximum: question.maximum, maxChoices: question.maxChoices,
                rules: question.type == .matrix ? question.limits.map { Self.rule($0, rows: question.rows.count) } : [])
        }
    }

    /// A limit as bounds on this ballot's rows: `max_share` s becomes the largest k of n rows
    /// with k/n ≤ s (the engine's own comparison, in whole numbers).
    static func rule(_ limit: MatrixLimit, rows n: Int) -> Rule {
        var rule = Rule(option: nil, atLeast: nil, below: nil, maxRows: limit.maxCount, minRows: limit.minCount, sameAnswerEverywhere: false)
        switch limit.subject {
        case .option(let label): rule.option = label
        case .atLeast(let bound): rule.atLeast = bound
        case .below(let bound): rule.below = bound
        case .sameAnswerEverywhere: rule.sameAnswerEverywhere = true
        }
        if let share = limit.maxShare {
            let byShare = (0...n).last { share.compare(k: $0, n: n) <= 0 } ?? 0
            rule.maxRows = min(rule.maxRows ?? byShare, byShare)
        }
        return rule
    }

    /// The first problem of a ballot, in the form's order of questions; `nil` when it may be
    /// stored. Unanswered questions are no problem (a paper ballot may leave them blank too);
    /// the matrix rules are the engine's (`MatrixLimitCheck`), so that a ballot the page takes
    /// is never voided when counted.
    public func problem(in answers: [String: Answer]) -> Problem? {
        for id in answers.keys.sorted() where !form.questions.contains(where: { $0.id == id && $0.id != form.respondents?.question }) {
            return .unknownQuestion(id: id)
        }
        for question in form.questions {
            guard let answer = answers[question.id] else { continue }
            if let problem = problem(answer, to: question) { return problem }
        }
        return nil
    }

    private func problem(_ answer: Answer, to question: Question) -> Problem? {
        let labels = question.options.map(\.label)
        switch (question.type, answer) {
        case (.single, .option(let label)):
            return labels.contains(label) ? nil : .notAnOption(question: question.text, label: label)
        case (.multi, .options(let chosen)):
            if let stray = chosen.first(where: { !labels.contains($0) }) { return .notAnOption(question: question.text, label: stray) }
            if let max = question.maxChoices, Set(chosen).count > max { return .tooManyChoices(question: question.text, maximum: max) }
            return nil
        case (.matrix, .rows(let given)):
            for row in given.keys.sorted() where !question.rows.contains(where: { $0.label == row }) {
                return .unknownRow(question: question.text, row: row)
            }
            var values: [AnswerValue] = []
            for row in question.rows {
                guard let text = given[row.label], !text.isEmpty else {
                    values.append(.missing)
                    continue
                }
                if question.numericAnswers {
                    guard let number = Double(text), number.isFinite, inRange(number, question) else {
                        return .outOfRange(question: question.text, minimum: question.minimum, maximum: question.maximum)
                    }
                    values.append(.number(number))
                } else {
                    guard let index = labels.firstIndex(of: text) else { return .notAnOption(question: question.text, label: text) }
                    values.append(.option(index))
                }
            }
            for limit in question.limits {
                if let breach = MatrixLimitCheck.broken(limit, rows: values, question: question) {
                    return .limit(question: question.text, breach: breach)
                }
            }
            return nil
        case (.number, .number(let value)):
            return value.isFinite && inRange(value, question) ? nil : .outOfRange(question: question.text, minimum: question.minimum, maximum: question.maximum)
        case (.number, .option(let text)):
            guard let value = Double(text.trimmingCharacters(in: .whitespaces)) else { return .outOfRange(question: question.text, minimum: question.minimum, maximum: question.maximum) }
            return problem(.number(value), to: question)
        case (.text, .option(let text)):
            return text.count > Self.longestText ? .tooLong(question: question.text, maximum: Self.longestText) : nil
        default:
            return .wrongShape(question: question.text)
        }
    }

    private func inRange(_ value: Double, _ question: Question) -> Bool {
        (question.minimum.map { value >= $0 } ?? true) && (question.maximum.map { value <= $0 } ?? true)
    }

    /// The keying sheet's header row.
    public var header: [String] { sheet.columns.map(\.header) }

    /// One stored ballot as a row of the keying sheet: `number` in 票号, the category's label in
    /// the respondents column, the unit's name in a unit column, each answer where the sheet
    /// has its column (a multi-select's options `1`/`0` once it was answered); unanswered empty.
    /// The ballot is assumed checked (`problem(in:)` was `nil`).
    public func row(number: Int, group: String?, unit: String, answers: [String: Answer]) -> [String] {
        var cells = [String(number)]
        if form.respondents != nil, form.respondents?.question == nil { cells.append(group ?? "") }
        if form.unit != nil { cells.append(unit) }
        for question in form.questions {
            let answer = answers[question.id]
            switch question.type {
            case .single:
                if question.id == form.respondents?.question {
                    cells.append(group ?? "")
                } else if case .option(let label) = answer {
                    cells.append(label)
                } else {
                    cells.append("")
                }
            case .multi:
                let chosen: [String]? = if case .options(let labels) = answer { labels } else { nil }
                for option in question.options { cells.append(chosen.map { $0.contains(option.label) ? "1" : "0" } ?? "") }
            case .matrix:
                let given: [String: String] = if case .rows(let rows) = answer { rows } else { [:] }
                for row in question.rows { cells.append(given[row.label] ?? "") }
            case .number:
                switch answer {
                case .number(let value): cells.append(NumberText.plain(value))
                case .option(let text): cells.append(text.trimmingCharacters(in: .whitespaces))
                default: cells.append("")
                }
            case .text:
                if case .option(let text) = answer { cells.append(text) } else { cells.append("") }
            }
        }
        return cells
    }

    /// A response file of stored ballots, in the order given (their random ids' order, never
    /// their arrival), numbered 1, 2, …: UTF-8 CSV with the keying sheet's header.
    public func responseFile(unit: String, ballots: [(group: String?, answers: [String: Answer])]) -> [UInt8] {
        var writer = CSVWriter()
        writer.append(header)
        for (index, ballot) in ballots.enumerated() {
            writer.append(row(number: index + 1, group: ballot.group, unit: unit, answers: ballot.answers))
        }
        return writer.bytes
    }
}
