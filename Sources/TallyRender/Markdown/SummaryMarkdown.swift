import TallyCore

/// `summary.md`: every unit side by side — ballots, 收回率, index, grade, rank, main problem.
public struct SummaryMarkdown {
    public let document: ResultsDocument

    public init(document: ResultsDocument) { self.document = document }

    private var zh: Bool { (document.units.first?.form.language ?? .zh) == .zh }

    /// The units side by side.
    func table() -> ReportTable {
        let header = zh
            ? ["单位", "测评表", "发出", "收回", "有效", "无效", "收回率", "综合得分", "等次", "排名", "主要问题"]
            : ["Unit", "Form", "Issued", "Returned", "Valid", "Invalid", "Returned rate", "Index", "Grade", "Rank", "Main problem"]
        let rows = document.units.map { unit -> [String] in
            let b = unit.ballots
            var cells = [unit.unit, unit.form.title, b.issued.map(String.init) ?? "—", String(b.rows), String(b.valid), String(b.invalid),
                NumberText.percent(b.returnedRate?.value)]
            if let void = unit.void {
                // The reason already ends in 测评无效: said once.
                cells += ["—", "—", "—", ResultsPhrases().void(void, language: unit.form.language)]
            } else {
                let problem = unit.findings.first { $0.kind == .problem }?.text ?? (zh ? "无" : "none")
                cells += [NumberText.decimal(unit.index), unit.grade ?? "—", unit.rank.map(String.init) ?? "—", problem]
            }
            return cells
        }
        return ReportTable(
            header: header, rows: rows, numeric: [false, false, true, true, true, true, true, true, false, true, false])
    }

    func notes() -> [String] {
        var notes: [String] = []
        let void = document.units.filter { $0.void != nil }.map(\.unit)
        let ranked = document.units.contains { $0.rank != nil }
        if zh {
            if ranked { notes.append("注：排名在使用同一测评表的单位之间按综合得分（保留一位小数）由高到低排列，得分相同的并列。") }
            if !void.isEmpty { notes.append("注：\(void.joined(separator: "、"))收回票数多于发出票数，测评无效，应重新组织测评，不参与排名。") }
            if document.unassigned.rows > 0 {
                notes.append("注：另有\(document.unassigned.rows)条答卷所填单位为空或不在本次测评的单位之列，未计入任何单位。")
            }
        } else {
            if ranked { notes.append("Note: Units are ranked among those on the same form by index (one decimal), highest first; equal indexes share a rank.") }
            if !void.isEmpty { notes.append("Note: \(void.joined(separator: ", ")): more ballots returned than issued; the evaluation is void and not ranked.") }
            if document.unassigned.rows > 0 {
                notes.append("Note: \(document.unassigned.rows) responses name no unit of this campaign; see _unassigned/rejected.csv.")
            }
        }
        return notes
    }

    public func render() -> String {
        let title = document.campaign ?? (zh ? "测评" : "Evaluation")
        var text = "# " + MarkdownEscaping.inline(zh ? "\(title)：测评结果汇总" : "\(title): summary") + "\n\n"
        let blocks: [ReportBlock] = [.table(table())] + notes().map { .paragraph(lead: nil, text: $0) }
        text += MarkdownRenderer.render(ReportSection(language: zh ? "zh" : "en", blocks: blocks))
        return text
    }
}
