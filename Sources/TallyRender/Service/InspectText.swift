import TallyCore

/// The text `tally inspect` prints, and the words the web app shows for each column.
public enum InspectText {
    public static func render(_ report: InspectReport, form: Form?) -> String {
        var lines = [report.file]
        lines.append("  encoding:  \(report.format.encoding.displayName)")
        lines.append("  delimiter: \(report.format.delimiter.name)")
        lines.append("  shape:     \(report.shape.displayName)\(report.numbered ? ", cells read as option numbers" : "") (\(report.shapeReason))")
        lines.append("  records:   \(report.records) (the header's row\(report.headerRows == 1 ? "" : "s") not counted)")
        lines.append("  columns:   \(report.header.count)")
        let width = String(report.header.count).count
        for (index, header) in report.header.enumerated() {
            let number = String(index + 1)
            let padded = String(repeating: " ", count: width - number.count) + number
            let role = form == nil ? "" : "  ->  " + describe(report.roles[index], form: form!)
            lines.append("    \(padded)  \(header.isEmpty ? "(empty header)" : header)\(role)")
        }
        if form != nil {
            let ignored = report.roles.filter { $0 == .ignored }.count
            lines.append("  ignored columns: \(ignored)")
            for missing in report.unmatched {
                lines.append("  no column for question '\(missing.question)': tried \(missing.tried)")
            }
            let phrases = ResultsPhrases()
            for warning in report.warnings { lines.append("  warning: " + phrases.warning(warning)) }
            if let stop = report.stop {
                lines.append("  scoring this file as it is would stop:")
                lines += "\(stop)".split(separator: "\n").map { "    " + $0 }
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    public static func describe(_ role: ColumnRole, form: Form) -> String {
        switch role {
        case .question(let id): "question \(id)"
        case .matrixRow(let id, let row): "question \(id), row \(row)"
        case .option(let id, let option): "question \(id), option \(option)"
        case .respondentGroup: "respondent group"
        case .unit: "unit"
        case .respondentID: "respondent id (duplicates)"
        case .duration: "duration"
        case .completion: "completion (empty: unfinished)"
        case .ignored: "ignored"
        case .superseded(let id): "ignored (question \(id) is read from its per-option columns)"
        }
    }
}
