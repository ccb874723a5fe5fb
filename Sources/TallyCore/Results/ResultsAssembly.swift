/// One unit to make results for: its counters and what the run knows of it.
package struct UnitCounts: Sendable {
    package var tally: UnitTally
    package var form: Form
    /// Ballots issued (发出), when known.
    package var issued: Int?
    /// How the ballots were collected, in words (a campaign's `method`).
    package var method: String?
    /// Who did the work (a campaign's `team`, `--team`).
    package var team: String?

    package init(tally: UnitTally, form: Form, issued: Int? = nil, method: String? = nil, team: String? = nil) {
        self.tally = tally
        self.form = form
        self.issued = issued
        self.method = method
        self.team = team
    }
}

/// The one step from counters to results, shared by `Tally.score`, `Tally.merge` and
/// `Tally.run`: every unit's figures (side by side), the change against a baseline, the
/// findings its form's rules fire, and ranks among units of the same form.
package enum ResultsAssembly {
    package static func document(
        _ units: [UnitCounts], baseline: Baseline? = nil, campaign: String?, unassigned: UnassignedRows, inputs: [InputFile]
    ) -> ResultsDocument {
        var results = units.concurrentMap { UnitResult(tally: $0.tally, form: $0.form, issued: $0.issued, method: $0.method, team: $0.team) }
        baseline?.apply(to: &results)
        for index in results.indices { results[index].findings = FindingEvaluator(unit: results[index]).evaluate() }
        rankUnits(&results)
        return ResultsDocument(campaign: campaign, units: results, unassigned: unassigned, inputs: inputs)
    }
}
