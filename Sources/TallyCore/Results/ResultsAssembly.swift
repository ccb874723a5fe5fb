/// One unit to make results for: its counters and what the run knows of it.
package struct UnitCounts: Sendable {
    package var tally: UnitTally
    package var form: Form
    /// Ballots issued (发出), when known.
    package var issued: Int?
    /// The user's words for the report: team, methods, how the ballots were collected.
    package var words: ReportWords

    package init(tally: UnitTally, form: Form, issued: Int? = nil, words: ReportWords = ReportWords()) {
        self.tally = tally
        self.form = form
        self.issued = issued
        self.words = words
    }
}

/// What the user says about the work, for the report's methods paragraph (CLI.md: `team`,
/// `methods`, a unit's `method`; `score --team --methods --method`). Nothing is built in: a
/// report without `team` has a methods sentence without a subject.
public struct ReportWords: Sendable, Equatable {
    /// Who did the work (`县委第二巡察组`).
    public var team: String?
    /// The inspection's methods, in the report's order (听取汇报, 查阅资料, 个别谈话, 民主测评…).
    public var methods: [String]
    /// How this unit's ballots were collected (`现场发放纸质测评票`).
    public var method: String?

    public init(team: String? = nil, methods: [String] = [], method: String? = nil) {
        self.team = team
        self.methods = methods
        self.method = method
    }
}

/// The one step from counters to results, shared by `Tally.score`, `Tally.merge` and
/// `Tally.run`: every unit's figures (side by side), the change against a baseline, the
/// findings its form's rules fire, and ranks among units of the same form.
package enum ResultsAssembly {
    package static func document(
        _ units: [UnitCounts], baseline: Baseline? = nil, campaign: String?, unassigned: UnassignedRows, inputs: [InputFile]
    ) -> ResultsDocument {
        var results = units.concurrentMap { UnitResult(tally: $0.tally, form: $0.form, issued: $0.issued, words: $0.words) }
        baseline?.apply(to: &results)
        for index in results.indices { results[index].findings = FindingEvaluator(unit: results[index]).evaluate() }
        rankUnits(&results)
        return ResultsDocument(campaign: campaign, units: results, unassigned: unassigned, inputs: inputs)
    }
}
