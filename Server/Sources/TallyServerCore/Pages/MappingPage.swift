import Foundation
import Hummingbird
import TallyCore
import TallyRender

/// The mapping view of one upload: its unknown group values and its columns, each with a
/// drop-down; the nearest guess preselected, applied only when the clerk submits.
extension TallyServer {
    struct MappingPage {
        struct Choice {
            var value: String
            var label: String
            var selected: Bool
        }
        struct Value {
            var number: Int
            var target: String
            /// The question it answers, or 填答人类别.
            var question: String
            var value: String
            var count: Int
            var choices: [Choice]
            var guessed: Bool
        }
        struct Question {
            var id: String
            var text: String
            var choices: [Choice]
        }
        struct Column {
            var index: Int
            var header: String
            var readsAs: String
            var choosable: Bool
            var choices: [Choice]
            var guessed: Bool
        }
        var campaign: Int64
        var upload: Int64
        var filename: String
        var unit: String
        var formTitle: String
        var error: String?
        var hasValues: Bool
        var values: [Value]
        var hasUnmatched: Bool
        var unmatched: [Question]
        var columns: [Column]
        var csrf: String
    }

    func mappingPage(_ request: Request, campaign id: Int64, upload uploadID: Int64, error: String? = nil, status: HTTPResponse.Status = .ok) throws -> Response {
        let (_, upload, reference, form) = try mappingContext(campaign: id, upload: uploadID)
        let report = try inspectReport(upload, form: form)
        let view = mappingView(upload, form: form, report: report)
        let groups = TallyService.groups(of: form)
        let values = view.values.enumerated().map { number, entry -> MappingPage.Value in
            if entry.target == "respondents" {
                return MappingPage.Value(
                    number: number + 1, target: entry.target, question: "填答人类别", value: entry.value, count: entry.count,
                    choices: [MappingPage.Choice(value: "", label: "不计入任何类别", selected: entry.suggestion == nil)]
                        + groups.map { MappingPage.Choice(value: "group:\($0.id)", label: $0.label, selected: entry.suggestion == "group:\($0.id)") },
                    guessed: entry.suggestion != nil)
            }
            let question = form.questions.first { $0.id == entry.target }
            return MappingPage.Value(
                number: number + 1, target: entry.target, question: question.map { "“\($0.text)”" } ?? "", value: entry.value, count: entry.count,
                choices: [MappingPage.Choice(value: "", label: "无效（不计入）", selected: entry.suggestion == nil)]
                    + TallyService.optionLabels(of: question).map { label in
                        MappingPage.Choice(value: "option:\(entry.target)/\(label)", label: label, selected: entry.suggestion == "option:\(entry.target)/\(label)")
                    },
                guessed: entry.suggestion != nil)
        }
        // Columns nothing reads, offered to a question; each question by its text.
        let free = view.columns.filter { $0.readsAs == nil && !$0.header.isEmpty }
        let unmatched = (view.unmatched ?? []).compactMap { reference -> MappingPage.Question? in
            let id = String(reference.dropFirst("question:".count))
            guard let question = form.questions.first(where: { $0.id == id }) else { return nil }
            return MappingPage.Question(
                id: id, text: question.text,
                choices: [MappingPage.Choice(value: "", label: "不读（这道题没有结果）", selected: true)]
                    + free.map { MappingPage.Choice(value: String($0.index), label: "第\($0.index)列“\($0.header)”", selected: false) })
        }
        let targets = Self.columnTargets(form)
        let columns = view.columns.map { entry -> MappingPage.Column in
            let role = report.roles[entry.index - 1]
            // A column read as nothing may take any question, row or option (or stay unread); one
            // read as an answer may be re-read as another (its question then asks for a column).
            let unread = entry.readsAs == nil
            let answers = Self.question(of: role) != nil
            let choosable = (unread || answers) && !entry.header.isEmpty
            let selected = unread ? entry.suggestion : entry.readsAs
            return MappingPage.Column(
                index: entry.index, header: entry.header, readsAs: ClerkWords.role(role, form: form), choosable: choosable,
                choices: choosable
                    ? (unread ? [MappingPage.Choice(value: "", label: "不读此列", selected: selected == nil)] : [])
                        + targets.map { MappingPage.Choice(value: $0.reference, label: $0.words, selected: selected == $0.reference) }
                    : [],
                guessed: unread && entry.suggestion != nil)
        }
        let page = MappingPage(
            campaign: id, upload: uploadID, filename: upload.filename, unit: upload.unit ?? "全部单位", formTitle: formTitle(reference), error: error,
            hasValues: !values.isEmpty, values: values, hasUnmatched: !unmatched.isEmpty, unmatched: unmatched, columns: columns,
            csrf: csrf(request) ?? "")
        return render("mapping", title: "逐列核对", page, request, status: status)
    }

    /// The page's fields as choices: `value-N`/`value-N-target`/`value-N-as` for values,
    /// `question-ID` (a column's number) and `column-N` (a question) for columns.
    static func mappingChoices(_ fields: [String: String]) -> MappingChoices {
        var values: [MappingChoices.Value] = []
        var columns: [MappingChoices.Column] = []
        for (key, chosen) in fields.sorted(by: { $0.key < $1.key }) where !chosen.isEmpty {
            if key.hasPrefix("value-"), key.hasSuffix("-as") {
                let stem = String(key.dropLast(3))
                if let value = fields[stem], let target = fields[stem + "-target"] { values.append(.init(target: target, value: value, readsAs: chosen)) }
            } else if key.hasPrefix("question-"), let index = Int(chosen) {
                columns.append(.init(index: index, readsAs: "question:" + key.dropFirst("question-".count)))
            } else if key.hasPrefix("column-"), let index = Int(key.dropFirst("column-".count)) {
                columns.append(.init(index: index, readsAs: chosen))
            }
        }
        return MappingChoices(columns: columns, values: values)
    }
}
