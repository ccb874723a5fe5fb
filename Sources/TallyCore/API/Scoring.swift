/// The library calls behind `tally score`, `tally run`, `tally merge` and `tally inspect`.
public enum Tally {
    /// Scores response files against a form: every unit in them (or `unit`), with results and findings.
    ///
    /// - Parameters:
    ///   - unit: the unit's name when the form has no unit column (default: the first file's base
    ///     name); with a unit column, the one unit to score.
    ///   - issued: ballots issued (发出), for 收回率; only for a single unit.
    ///   - baseline: an earlier round's results, to add the change of every rate and of the index.
    ///   - words: who did the work, the inspection's methods and how the ballots were
    ///     collected, for the methods paragraph.
    ///   - title: the work's title (results.json `campaign`), when said.
    /// - Returns: the results document; a unit with more ballots than issued is marked void in it.
    public static func score(
        form: Form, files: [String], unit: String? = nil, issued: Int? = nil, options: ImportOptions = ImportOptions(),
        baseline: Baseline? = nil, words: ReportWords = ReportWords(), title: String? = nil
    ) throws(TallyError) -> ResultsDocument {
        let outcome = try TallyEngine.run(TallyRequest(form: form, files: files, unit: unit, options: options))
        if let empty = outcome.inputs.first(where: { $0.records == 0 }) { throw .noResponses(file: empty.path) }
        if issued != nil && outcome.units.count > 1 {
            throw .invalidRequest(
                "--issued applies to a single unit, but the files hold \(outcome.units.count) units; "
                    + "use --unit to pick one, or a campaign file with an issued count per unit")
        }
        var document = ResultsAssembly.document(
            outcome.units.map { UnitCounts(tally: $0, form: form, issued: issued, words: words) }, baseline: baseline, campaign: title,
            unassigned: outcome.unassigned, inputs: outcome.inputs)
        document.ledger = outcome.ledger
        return document
    }
}
