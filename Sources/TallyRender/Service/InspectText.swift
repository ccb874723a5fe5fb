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
            if !report.nonBallotRows.isEmpty {
                let rows = report.nonBallotRows.prefix(20).map(String.init).joined(separator: ", ")
                lines.append("  非答卷行 (tally rows, not ballots; listed in rejected.csv, counted nowhere): row\(report.nonBallotRows.count == 1 ? "" : "s") \(rows)\(report.nonBallotRows.count > 20 ? ", …" : "")")
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
        case .fillIn(let id): "fill-in text of question \(id) (kept, not counted)"
        case .cascadeLevel(let id): "ignored (a lower level of question \(id)'s cascading choice; its first level is read)"
        }
    }
}
