import TallyStatistics

/// Everything counted for one unit: ballots, their validity, and every answer.
package struct UnitTally: Sendable {
    package var unit: String
    package var formID: String
    /// Records read for this unit (valid + invalid).
    package var rows = 0
    package var valid = 0
    package var invalid = 0
    /// Valid blank ballots counted as 弃权 (`blank_ballot: abstain`); included in `valid`.
    package var abstain = 0
    /// Valid ballots per counter slot: one per respondent group, then the ballots whose group
    /// is blank and those whose group is unknown (a form without respondents: one slot).
    package var groupBallots: [Int]
    /// Ballots read (valid or not) whose group cell named no group, by the cell's value
    /// (trimmed): for the `unknown_group` warning.
    package var unknownGroups: [String: Int] = [:]
    /// Validity rules that could not apply to this unit's files and were skipped on request
    /// (`--skip-rule`), by name (`min_seconds`, `incomplete`, `duplicate_respondent`).
    package var skippedRules: Set<String> = []
    /// Answer counters of every question and matrix row, by group.
    private(set) var counters: CounterStore
    /// Per question, its first cell in `counters` (a matrix has one cell per row).
    private let firstCell: [Int]

    /// Per question, per row (one entry for a question that is not a matrix): the counters
    /// by group, read out of the flat store.
    package var questions: [[CellTally]] {
        firstCell.indices.map { q in
            let end = q + 1 < firstCell.count ? firstCell[q + 1] : counters.cellCount
            return (firstCell[q]..<end).map { cell in
                CellTally(groups: (0..<counters.groupSlots).map { counters.counter(cell: cell, group: $0) })
            }
        }
    }
    /// Rejected ballots and answers, in reading order (those `listing` keeps).
    package var rejected: [RejectedEntry] = []
    /// Which rejected entries are kept in `rejected`.
    package var listing = ImportOptions.RejectedListing.all
    /// Invalid ballots per reason code.
    package var invalidReasons: [String: Int] = [:]
    /// Per section: item scores of the ballots that answered every item, for Cronbach's alpha.
    package var sections: [ItemCovariance]
    /// What the validity rules and sections need of the form, resolved once (not per ballot).
    private let plan: BallotRules
    var seenIDs: Set<String> = []
    /// Scores of the ballot being added, per section (reused between ballots).
    private var scratch: [Double] = []

    init(unit: String, form: Form) {
        self.unit = unit
        formID = form.id
        let slots = form.respondents?.slotCount ?? 1
        groupBallots = Array(repeating: 0, count: slots)
        plan = BallotRules(form: form)
        sections = form.sections.map { section in
            ItemCovariance(items: section.questions.reduce(0) { count, id in
                let question = form.question(id)!
                return count + (question.type == .matrix ? question.rows.count : 1)
            })
        }
        var firstCell: [Int] = []
        var optionCounts: [Int] = []
        for question in form.questions {
            firstCell.append(optionCounts.count)
            let cells = question.type == .matrix ? question.rows.count : 1
            optionCounts += Array(repeating: question.options.count, count: cells)
        }
        self.firstCell = firstCell
        counters = CounterStore(optionCounts: optionCounts, groupSlots: slots)
    }

    /// Adds the counts of another tally of the same unit and form, read after this one
    /// (its rejected entries follow this one's).
    ///
    /// Every counter adds, so merging is exact; respondent ids seen are united.
    package mutating func merge(_ other: UnitTally) {
        precondition(other.formID == formID && other.firstCell == firstCell)
        rows += other.rows
        valid += other.valid
        invalid += other.invalid
        abstain += other.abstain
        for g in groupBallots.indices { groupBallots[g] += other.groupBallots[g] }
        counters.merge(other.counters)
        rejected += other.rejected
        invalidReasons.merge(other.invalidReasons, uniquingKeysWith: +)
        for s in sections.indices { sections[s].merge(other.sections[s]) }
        seenIDs.formUnion(other.seenIDs)
        unknownGroups.merge(other.unknownGroups, uniquingKeysWith: +)
        skippedRules.formUnion(other.skippedRules)
    }

    /// Replaces the counter of question `q`, row `r`, group `g` (reading results.json back);
    /// `false` when it does not fit the form.
    mutating func setCounter(_ counter: AnswerCounter, question q: Int, row r: Int, group g: Int) -> Bool {
        counters.set(counter, cell: firstCell[q] + r, group: g)
    }

    /// Moves the rows and lines of every rejected entry down (a later part of a file).
    mutating func shiftPositions(rows: Int, lines: Int) {
        guard rows != 0 || lines != 0 else { return }
        rejected = rejected.map { $0.shifted(rows: rows, lines: lines) }
    }

    /// Counts a ballot that is invalid before its answers are read (a malformed row, a unit problem).
    mutating func reject(_ entry: RejectedEntry) {
        rows += 1
        invalid += 1
        invalidReasons[entry.reason.code, default: 0] += 1
        list(entry)
    }

    /// Lists a row that is no ballot (`NonBallotRow`) in `rejected`, counting it nowhere.
    mutating func listNonBallot(_ entry: RejectedEntry) {
        list(entry)
    }

    /// Keeps a rejected entry in `rejected`, if `listing` keeps it.
    private mutating func list(_ entry: RejectedEntry) {
        if listing.keeps(entry) { rejected.append(entry) }
    }

    /// Judges a ballot by the form's validity rules and counts it.
    ///
    /// - Returns: the reason the ballot is invalid, or `nil`, and whether it is a blank one
    ///   counted as 弃权 (for the ledger). `ballot` is left as counted (a matrix its limits
    ///   voided is invalid there).
    @discardableResult
    mutating func add(_ ballot: inout Ballot, form: Form, keepLastIDs: Set<BallotKey>?) -> (reason: RejectionReason?, abstain: Bool) {
        rows += 1
        if let cell = ballot.unknownGroupCell { unknownGroups[cell, default: 0] += 1 }
        let blank = plan.isBlank(ballot)
        if let reason = plan.verdict(ballot, blank: blank, form: form, keepLastIDs: keepLastIDs, seenIDs: &seenIDs) {
            invalid += 1
            invalidReasons[reason.code, default: 0] += 1
            list(RejectedEntry(file: ballot.file, row: ballot.row, line: ballot.line, column: "", value: "", reason: reason))
            return (reason, false)
        }
        valid += 1
        let group: Int
        switch ballot.group {
        case .group(let index): group = index
        case .missing: group = plan.blankSlot
        case .unknown: group = plan.unknownSlot
        }
        groupBallots[group] += 1
        if blank {
            abstain += 1
            return (nil, true)
        }
        if !plan.limited.isEmpty { plan.applyLimits(&ballot, form: form) }
        if !ballot.problems.isEmpty && listing == .all { rejected += ballot.problems }
        addToSections(ballot)
        for (cell, answer) in ballot.answers.enumerated() { counters.add(answer, cell: cell, group: group) }
        return (nil, false)
    }

    /// Adds the ballot's scores to each section whose every item it answered with a counted, scored option.
    private mutating func addToSections(_ ballot: Ballot) {
        sections: for (s, questions) in plan.sectionQuestions.enumerated() {
            scratch.removeAll(keepingCapacity: true)
            for q in questions {
                for cell in plan.cells[q] {
                    let score: Double
                    switch ballot.answers[cell] {
                    case .option(let index):
                        guard let known = plan.optionScores[q][index] else { continue sections }
                        score = known
                    case .number(let number): score = number
                    default: continue sections
                    }
                    scratch.append(score)
                }
            }
            sections[s].add(scratch)
        }
    }
}
