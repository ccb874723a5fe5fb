import TallyCore

/// A printable ballot for a form (`tally forms ballot`), in the usual layout of a 民主测评票:
/// title, unit, instructions, the respondent's category as boxes, then the questions — single
/// questions on one scale side by side in one table (a row each, a □ under each option), each
/// matrix a table of its rows, a multi-select's options each with a □, number matrices with a
/// blank column for the mark, and lines for written opinions — and 请勿填写姓名 at the end.
/// Built as a `ReportSection`, so the same renderers make the DOCX and the HTML.
package enum BallotSection {
    static let box = "□"

    package static func build(_ form: Form, unit: String?) -> ReportSection {
        let survey = form.kind == .survey
        var blocks: [ReportBlock] = [.heading(level: 2, text: form.title)]
        blocks.append(.paragraph(lead: survey ? "被调查单位：" : "被测评单位：", text: unit ?? "____________________"))
        let rules = BallotInstructions.rules(form, marking: "请在所选答案对应的“□”内划“√”；除注明可多选的题目外，每题只选一项。")
        blocks.append(.paragraph(lead: "填写说明：", text: ""))
        blocks.append(.list(rules))
        if let respondents = form.respondents {
            let boxes = respondents.groups.map { "\(box)\($0.label)" }.joined(separator: "　")
            blocks.append(.paragraph(lead: survey ? "您的身份：" : "测评人身份：", text: boxes))
        }

        var number = 0
        var pending: [Question] = []  // single questions on one set of options, shown as one table
        func flush() {
            guard let first = pending.first else { return }
            let options = first.options.map(\.label)
            let rows = pending.map { question -> [String] in
                number += 1
                return ["\(number). \(question.text)"] + Array(repeating: box, count: options.count)
            }
            blocks.append(.table(ReportTable(header: [survey ? "题目" : "测评项目"] + options, rows: rows, numeric: [false] + options.map { _ in false })))
            pending = []
        }
        for question in form.questions {
            if question.id == form.respondents?.question { continue }
            switch question.type {
            case .single:
                if let first = pending.first, first.options.map(\.label) != question.options.map(\.label) { flush() }
                pending.append(question)
            case .matrix:
                flush()
                number += 1
                blocks.append(.paragraph(lead: "\(number). \(question.text)", text: ""))
                if question.numericAnswers {
                    let range = question.minimum.flatMap { low in question.maximum.map { "（\(NumberText.plain(low))～\(NumberText.plain($0))分）" } } ?? ""
                    blocks.append(.table(ReportTable(
                        header: [survey ? "题目" : "测评对象", "评分\(range)"], rows: question.rows.map { [$0.label, ""] }, numeric: [false, false])))
                } else {
                    let options = question.options.map(\.label)
                    blocks.append(.table(ReportTable(
                        header: [survey ? "题目" : "测评对象"] + options,
                        rows: question.rows.map { [$0.label] + Array(repeating: box, count: options.count) },
                        numeric: [false] + options.map { _ in false })))
                }
            case .multi:
                flush()
                number += 1
                let saysMulti = question.text.contains("多选")
                let hint = question.maxChoices.map { saysMulti ? "（最多选\($0)项）" : "（可多选，最多选\($0)项）" } ?? (saysMulti ? "" : "（可多选）")
                blocks.append(.paragraph(lead: "\(number). \(question.text)\(hint)", text: ""))
                // An option a line: a box never parts from its label at a line's end.
                for option in question.options { blocks.append(.paragraph(lead: nil, text: "\(box) \(option.label)")) }
            case .number:
                flush()
                number += 1
                blocks.append(.paragraph(lead: "\(number). \(question.text)", text: ""))
                blocks.append(.paragraph(lead: nil, text: "________"))
            case .text:
                flush()
                number += 1
                blocks.append(.paragraph(lead: "\(number). \(question.text)", text: ""))
                for _ in 0..<3 { blocks.append(.paragraph(lead: nil, text: String(repeating: "_", count: 40))) }
            }
        }
        flush()
        blocks.append(.paragraph(lead: nil, text: "（请勿填写姓名）"))
        return ReportSection(language: form.language.rawValue, blocks: blocks)
    }
}
