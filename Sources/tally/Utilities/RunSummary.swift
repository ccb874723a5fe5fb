import ArgumentParser
import TallyCore
import TallyRender

/// The end of `score` and `run` on standard error: every warning in full (never silenced),
/// then one honest line (unless `--quiet`): rows read, valid and invalid ballots, answers
/// rejected and where they are listed, and how many warnings.
enum RunSummary {
    /// Prints the warnings and the summary; with `strict`, any warning is exit status 1.
    ///
    /// - Parameter rejectedFiles: the rejected.csv files written (paths as the user reads them),
    ///   or `nil` when nothing was written (no `--out`).
    /// - Parameter printed: warnings the command has printed already (`run`'s rows of no unit, a
    ///   report without a placeholder, a void unit): counted with the results' own, so that the
    ///   summary never says "no warnings" below a warning.
    static func finish(_ document: ResultsDocument, rejectedFiles: [String]?, quiet: Bool, strict: Bool, printed: Int = 0) throws {
        let phrases = ResultsPhrases()
        let warnings = document.warnings
        for warning in warnings { Diagnostics.error("warning: " + phrases.warning(warning)) }
        let count = warnings.count + printed
        if !quiet {
            Diagnostics.note(line(document, rejectedFiles: rejectedFiles, warnings: count))
        }
        if strict && count > 0 {
            Diagnostics.error("error: \(count) warning\(count == 1 ? "" : "s") and --strict: exit status 1")
            throw ExitCode.failure
        }
    }

    static func line(_ document: ResultsDocument, rejectedFiles: [String]?, warnings: Int) -> String {
        let units = document.units
        let rows = units.reduce(0) { $0 + $1.ballots.rows } + document.unassigned.rows
        let valid = units.reduce(0) { $0 + $1.ballots.valid }
        let invalid = units.reduce(0) { $0 + $1.ballots.invalid }
        let answers = units.reduce(0) { $0 + $1.rejected.filter { !$0.column.isEmpty }.count }
        var text = "summary: \(rows) rows read, \(valid) valid ballots, \(invalid) invalid"
        if document.unassigned.rows > 0 { text += ", \(document.unassigned.rows) of no unit" }
        let nonBallot = document.inputs.reduce(0) { $0 + $1.nonBallotRows }
        if nonBallot > 0 { text += ", \(nonBallot) tally row\(nonBallot == 1 ? "" : "s") below the data not counted (非答卷行, listed)" }
        text += "; \(answers) answer\(answers == 1 ? "" : "s") rejected"
        if invalid + answers + document.unassigned.rows > 0 {
            text += listedIn(rejectedFiles)
        }
        text += "; \(warnings == 0 ? "no" : String(warnings)) warning\(warnings == 1 ? "" : "s")\(warnings > 0 ? " (above)" : "")."
        return text
    }

    /// Where the rejected ballots and answers are listed: the files themselves, never a pattern.
    static func listedIn(_ files: [String]?) -> String {
        guard let files else { return " (listed in rejected.csv with --out DIR)" }
        switch files.count {
        case 0: return " (no rejected.csv was written: add csv to --format to list them)"
        case 1: return " (listed in \(files[0]))"
        case 2...3: return " (listed in " + files.joined(separator: ", ") + ")"
        default: return " (listed in \(files[0]) and \(files.count - 1) other rejected.csv files)"
        }
    }

    /// The rejected.csv files among `files` that list something (more than their header row),
    /// as paths under `folder` (no doubled slash).
    static func rejectedFiles(_ files: [(path: String, bytes: [UInt8])], in folder: String) -> [String] {
        files.filter { ($0.path == "rejected.csv" || $0.path.hasSuffix("/rejected.csv")) && $0.bytes.filter { $0 == 0x0A }.count > 1 }
            .map { OutputPath.join(folder, $0.path) }
    }
}

/// Paths as they are printed for people.
enum OutputPath {
    /// `out/` + `县司法局/rejected.csv` → `out/县司法局/rejected.csv` (never `out//…`).
    static func join(_ folder: String, _ path: String) -> String {
        var base = folder
        while base.count > 1 && base.hasSuffix("/") { base.removeLast() }
        return base == "/" ? "/" + path : base + "/" + path
    }
}
