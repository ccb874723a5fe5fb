import TallyStatistics

/// Everything counted for one unit: ballots, their validity, and every answer.
public struct UnitTally: Sendable {
    public var unit: String
    public var formID: String
    /// Records read for this unit (valid + invalid).
    public var rows = 0
    public var valid = 0
    public var invalid = 0
    /// Valid blank ballots counted as 弃权 (`blank_ballot: abstain`); included in `valid`.
    public var abstain = 0
    /// Valid ballots per respondent group; the last entry counts ballots with no group.
    public var groupBallots: [Int]
    /// Per question, per row (one entry for a question that is not a matrix).
    public var questions: [[CellTally]]
    /// Rejected ballots and answers, in reading order.
    public var rejected: [RejectedEntry] = []
    /// Invalid ballots per reason code.
    public var invalidReasons: [String: Int] = [:]
    /// Per section: item scores of the ballots that answered every item, for Cronbach's alpha.
    public var sections: [ItemCovariance]
    /// Per section, the indexes of its questions in the form (resolved once, not per ballot).
    private let sectionQuestions: [[Int]]
    var seenIDs: Set<String> = []

    init(unit: String, form: Form) {
        self.unit = unit
        formID = form.id
        let groupCount = form.respondents?.groups.count ?? 0
        groupBallots = Array(repeating: 0, count: groupCount + 1)
        sectionQuestions = form.sections.map { section in
            section.questions.map { id in form.questions.firstIndex { $0.id == id }! }
        }
        sections = form.sections.map { section in
            ItemCovariance(items: section.questions.reduce(0) { count, id in
                let question = form.question(id)!
                return count + (question.type == .matrix ? question.rows.count : 1)
            })
        }
        questions = form.questions.map { question in
            let cells = question.type == .matrix ? question.rows.count : 1
            let optionCount = question.options.count
            return Array(repeating: CellTally(optionCount: optionCount, groupCount: groupCount), count: cells)
        }
    }

    /// Counts a ballot that is invalid before its answers are read (a malformed row, a unit problem).
    mutating func reject(_ entry: RejectedEntry) {
        rows += 1
        invalid += 1
        invalidReasons[entry.reason.code, default: 0] += 1
        rejected.append(entry)
    }

    /// Judges a ballot by the form's validity rules and counts it.
    mutating func add(_ ballot: Ballot, form: Form, keepLastIDs: Set<BallotKey>?) {
        rows += 1
        let blank = isBlank(ballot, form: form)
        if let reason = verdict(ballot, blank: blank, form: form, keepLastIDs: keepLastIDs) {
            invalid += 1
            invalidReasons[reason.code, default: 0] += 1
            rejected.append(
                RejectedEntry(file: ballot.file, row: ballot.row, line: ballot.line, column: "", value: "", reason: reason))
            return
        }
        valid += 1
        let group: Int
        if case .group(let index) = ballot.group { group = index } else { group = groupBallots.count - 1 }
        groupBallots[group] += 1
        if blank {
            abstain += 1
            return
        }
        var ballot = ballot
        applyLimits(&ballot, form: form)
        rejected += ballot.problems
        addToSections(ballot, form: form)
        for (q, answer) in ballot.answers.enumerated() {
            if case .rows(let rows) = answer {
                for (r, value) in rows.enumerated() { questions[q][r].add(value, group: group) }
            } else if form.questions[q].type == .matrix {
                // A matrix whose columns are absent (allowed missing): every row is missing.
                for r in questions[q].indices { questions[q][r].add(.missing, group: group) }
            } else {
                questions[q][0].add(answer, group: group)
            }
        }
    }

    /// Voids a matrix on this ballot when it breaks one of the question's `limits`.
    private func applyLimits(_ ballot: inout Ballot, form: Form) {
        for (q, question) in form.questions.enumerated() where !question.limits.isEmpty {
            guard case .rows(let rows) = ballot.answers[q], !rows.allSatisfy({ $0 == .missing }) else { continue }
            for limit in question.limits {
                guard let broken = MatrixLimitCheck.broken(limit, rows: rows, question: question) else { continue }
                let reason = RejectionReason.limitBroken(broken)
                ballot.answers[q] = .rows(rows.map { $0 == .missing ? .missing : .invalid(reason) })
                // The answers of this matrix are void on this ballot: one line says why.
                ballot.problems.append(
                    RejectedEntry(file: ballot.file, row: ballot.row, line: ballot.line, column: question.text, value: "", reason: reason))
                break
            }
        }
    }

    /// Adds the ballot's scores to each section whose every item it answered with a counted, scored option.
    private mutating func addToSections(_ ballot: Ballot, form: Form) {
        sections: for (s, questions) in sectionQuestions.enumerated() {
            var scores: [Double] = []
            for q in questions {
                let question = form.questions[q]
                let values: [AnswerValue]
                if case .rows(let rows) = ballot.answers[q] { values = rows } else { values = [ballot.answers[q]] }
                for value in values {
                    switch value {
                    case .option(let index):
                        guard question.options[index].counted, let score = question.options[index].score else { continue sections }
                        scores.append(score)
                    case .number(let number):
                        scores.append(number)
                    default:
                        continue sections
                    }
                }
            }
            sections[s].add(scores)
        }
    }

    /// `nil` for a valid ballot, else the reason it is invalid.
    private mutating func verdict(_ ballot: Ballot, blank: Bool, form: Form, keepLastIDs: Set<BallotKey>?) -> RejectionReason? {
        if let id = ballot.respondentID {
            if let keepLastIDs {
                if !keepLastIDs.contains(BallotKey(file: ballot.file, row: ballot.row)) { return .duplicateRespondent }
            } else if !seenIDs.insert(id).inserted {
                return .duplicateRespondent
            }
        }
        if ballot.incomplete && form.validity.incomplete == .invalid { return .incomplete }
        if let minimum = form.validity.minSeconds, let seconds = ballot.seconds, seconds < minimum {
            return .tooFast(seconds: seconds, minimum: minimum)
        }
        if let respondents = form.respondents, respondents.missing == .invalid {
            if case .group = ballot.group {} else { return .groupMissing }
        }
        if blank {
            return form.validity.blankBallot == .invalid ? .blankBallot : nil
        }
        for (q, question) in form.questions.enumerated()
        where question.required || form.validity.requiredQuestions.contains(question.id) {
            if ballot.answers[q].isMissing { return .requiredMissing(question: question.text) }
        }
        if form.validity.unknownAnswer == .invalidateBallot {
            for (q, answer) in ballot.answers.enumerated() {
                let bad: Bool
                if case .rows(let rows) = answer { bad = rows.contains { $0.isInvalid } } else { bad = answer.isInvalid }
                if bad { return .unknownAnswerVoidsBallot(question: form.questions[q].text) }
            }
        }
        return nil
    }

    /// Every scored question is empty (text questions and the identity question aside).
    private func isBlank(_ ballot: Ballot, form: Form) -> Bool {
        for (q, question) in form.questions.enumerated() {
            if question.type == .text || question.id == form.respondents?.question { continue }
            if !ballot.answers[q].isMissing { return false }
        }
        return true
    }
}

/// Identifies a record across the files of a run.
struct BallotKey: Hashable, Sendable {
    var file: String
    var row: Int
}
