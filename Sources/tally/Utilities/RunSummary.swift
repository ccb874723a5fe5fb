import ArgumentParser
import TallyCore
import TallyRender

/// The end of `score` and `run` on standard error: every warning in full (never silenced),
/// then one honest line (unless `--quiet`): rows read, valid and invalid ballots, answers
/// rejected and where they are listed, and how many warnings.
enum RunSummary {
    /// Prints the warnings and the summary; with `strict`, any warning is exit status 1.
    static func finish(_ document: ResultsDocument, rejectedIn folder: String?, quiet: Bool, strict: Bool) throws {
        let phrases = ResultsPhrases()
        let warnings = document.warnings
        for warning in warnings { Diagnostics.error("warning: " + phrases.warning(warning)) }
        if !quiet {
            Diagnostics.note(line(document, rejectedIn: folder, warnings: warnings.count))
        }
        if strict && !warnings.isEmpty {
            Diagnostics.error("error: \(warnings.count) warning\(warnings.count == 1 ? "" : "s") and --strict: exit status 1")
            throw ExitCode.failure
        }
    }

    static func line(_ document: ResultsDocument, rejectedIn folder: String?, warnings: Int) -> String {
        let units = document.units
        let rows = units.reduce(0) { $0 + $1.ballots.rows } + document.unassigned.rows
        let valid = units.reduce(0) { $0 + $1.ballots.valid }
        let invalid = units.reduce(0) { $0 + $1.ballots.invalid }
        let answers = units.reduce(0) { $0 + $1.rejected.filter { !$0.column.isEmpty }.count }
        var text = "summary: \(rows) rows read, \(valid) valid ballots, \(invalid) invalid"
        if document.unassigned.rows > 0 { text += ", \(document.unassigned.rows) of no unit" }
        text += "; \(answers) answer\(answers == 1 ? "" : "s") rejected"
        if invalid + answers + document.unassigned.rows > 0 {
            text += folder.map { " (each listed in \($0)/<unit>/rejected.csv)" } ?? " (listed in rejected.csv with --out DIR)"
        }
        text += "; \(warnings == 0 ? "no" : String(warnings)) warning\(warnings == 1 ? "" : "s")\(warnings > 0 ? " (above)" : "")."
        return text
    }
}
