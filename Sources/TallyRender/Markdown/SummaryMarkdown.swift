import TallyCore

/// `summary.md`: every unit side by side — ballots, 收回率, index, grade, rank, main problem.
public struct SummaryMarkdown {
    public let document: ResultsDocument

    public init(document: ResultsDocument) { self.document = document }

    private var zh: Bool { (document.units.first?.form.language ?? .zh) == .zh }

    public func render() -> String {
        var out: [String] = []
        let title = document.campaign.map(MarkdownEscaping.inline) ?? (zh ? "测评" : "Evaluation")
        out.append(zh ? "# \(title)：测评结果汇总" : "# \(title): summary")
        out.append("")
        if zh {
            out.append("| 单位 | 测评表 | 发出 | 收回 | 有效 | 无效 | 收回率 | 综合得分 | 等次 | 排名 | 主要问题 |")
        } else {
            out.append("| Unit | Form | Issued | Returned | Valid | Invalid | Returned rate | Index | Grade | Rank | Main problem |")
        }
        out.append("|---|---|---:|---:|---:|---:|---:|---:|---|---:|---|")
        for unit in document.units {
            let b = unit.ballots
            var cells = [
                MarkdownEscaping.inline(unit.unit), MarkdownEscaping.inline(unit.form.title), b.issued.map(String.init) ?? "—",
                String(b.rows), String(b.valid), String(b.invalid), NumberText.percent(b.returnedRate?.value),
            ]
            if let void = unit.void {
                cells += ["—", "—", "—", "**\(zh ? "测评无效" : "void")**：" + MarkdownEscaping.inline(void)]
            } else {
                let problem = unit.findings.first { $0.kind == .problem }.map { MarkdownEscaping.inline($0.text) } ?? (zh ? "未触发问题规则" : "none")
                cells += [NumberText.decimal(unit.index), unit.grade.map(MarkdownEscaping.inline) ?? "—", unit.rank.map(String.init) ?? "—", problem]
            }
            out.append("| " + cells.joined(separator: " | ") + " |")
        }
        out.append("")
        var notes: [String] = []
        if zh {
            notes.append("排名在使用同一测评表的单位之间按综合得分（保留一位小数）由高到低排列，得分相同的并列。")
            let void = document.units.filter { $0.void != nil }.map(\.unit)
            if !void.isEmpty { notes.append("\(void.joined(separator: "、"))收回票数多于发出票数，测评无效，应重新组织测评，不参与排名。") }
            if document.unassigned.rows > 0 {
                notes.append("另有\(document.unassigned.rows)条答卷所填单位为空或不在本次巡查范围内，未计入任何单位，明细见 _unassigned/rejected.csv。")
            }
        } else {
            notes.append("Units are ranked among those on the same form by index (one decimal), highest first; equal indexes share a rank.")
            let void = document.units.filter { $0.void != nil }.map(\.unit)
            if !void.isEmpty { notes.append("\(void.joined(separator: ", ")): more ballots returned than issued; the evaluation is void and not ranked.") }
            if document.unassigned.rows > 0 {
                notes.append("\(document.unassigned.rows) responses name no unit of this campaign; see _unassigned/rejected.csv.")
            }
        }
        for note in notes {
            out.append((zh ? "注：" : "Note: ") + note)
            out.append("")
        }
        return out.joined(separator: "\n")
    }
}
