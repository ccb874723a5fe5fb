/// The validity rules of a form (FORMS.md `validity`, `required`, `limits`, `respondents.missing`),
/// resolved once per form, and how a ballot is judged by them: the one place that decides
/// whether a ballot counts (reasons in `Reasons.swift`; answer-level checks in
/// `AnswerChecks.swift`, the unit a row belongs to in `UnitAssignment.swift`, returned versus
/// issued in `VoidEvaluation.swift`, duplicate respondents kept last in `Duplicates.swift`).
struct BallotRules: Sendable {
    /// Per section, the indexes of its questions.
    let sectionQuestions: [[Int]]
    /// Per question, per option: its score when counted and scored, else `nil`.
    let optionScores: [[Double?]]
    /// Questions that must be answered, in form order.
    let required: [Int]
    /// Questions with matrix limits.
    let limited: [Int]
    /// Questions whose answers decide whether a ballot is blank (not text, not the identity question).
    let scoredForBlankness: [Int]
    /// Per question, its cells in a ballot's answers (a matrix has one per row).
    let cells: [Range<Int>]
    /// Per cell, its question.
    let questionOfCell: [Int]
    let groupRequired: Bool
    /// Attention checks: the cell of the question, and the option expected.
    let attention: [(cell: Int, option: Int, question: String)]
    /// Counter slots of ballots whose group is blank, and unknown (the same slot, the only
    /// one, for a form without respondents).
    let blankSlot: Int
    let unknownSlot: Int
    let unknownVoidsBallot: Bool

    init(form: Form) {
        sectionQuestions = form.sections.map { section in
            section.questions.map { id in form.questions.firstIndex { $0.id == id }! }
        }
        optionScores = form.questions.map { question in
            question.options.map { $0.counted ? $0.score : nil }
        }
        required = form.questions.indices.filter { q in
            form.questions[q].required || form.validity.requiredQuestions.contains(form.questions[q].id)
        }
        limited = form.questions.indices.filter { !form.questions[$0].limits.isEmpty }
        scoredForBlankness = form.questions.indices.filter { q in
            form.questions[q].type != .text && form.questions[q].id != form.respondents?.question
        }
        var cells: [Range<Int>] = []
        var questionOfCell: [Int] = []
        for (q, question) in form.questions.enumerated() {
            let count = question.type == .matrix ? question.rows.count : 1
            cells.append(questionOfCell.count..<(questionOfCell.count + count))
            questionOfCell += Array(repeating: q, count: count)
        }
        self.cells = cells
        self.questionOfCell = questionOfCell
        groupRequired = form.respondents?.missing == .invalid
        attention = form.validity.attention.compactMap { check in
            guard let q = form.questions.firstIndex(where: { $0.id == check.question }) else { return nil }
            return (cells[q].lowerBound, check.option, form.questions[q].text)
        }
        blankSlot = form.respondents?.groups.count ?? 0
        unknownSlot = form.respondents.map { $0.groups.count + 1 } ?? 0
        unknownVoidsBallot = form.validity.unknownAnswer == .invalidateBallot
    }
}


extension BallotRules {
    /// `nil` for a valid ballot, else the reason it is invalid.
    func verdict(
        _ ballot: Ballot, blank: Bool, form: Form, keepLastIDs: Set<BallotKey>?, seenIDs: inout Set<String>
    ) -> RejectionReason? {
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
        if groupRequired {
            if case .group = ballot.group {} else { return .groupMissing }
        }
        if blank {
            return form.validity.blankBallot == .invalid ? .blankBallot : nil
        }
        if isUnreadable(ballot) { return .nothingReadable }
        for check in attention where ballot.answers[check.cell] != .option(check.option) {
            return .attentionFailed(question: check.question)
        }
        for q in required where isMissing(q, ballot) {
            return .requiredMissing(question: form.questions[q].text)
        }
        if unknownVoidsBallot, let cell = ballot.answers.firstIndex(of: .invalid) {
            return .unknownAnswerVoidsBallot(question: form.questions[questionOfCell[cell]].text)
        }
        return nil
    }

    /// Every cell of question `q` (each row of a matrix) is unanswered.
    func isMissing(_ q: Int, _ ballot: Ballot) -> Bool {
        for cell in cells[q] where ballot.answers[cell] != .missing { return false }
        return true
    }

    /// Every scored question is empty (text questions and the identity question aside).
    func isBlank(_ ballot: Ballot) -> Bool {
        for q in scoredForBlankness where !isMissing(q, ballot) { return false }
        return true
    }

    /// Some scored question has an answer, but none that the form can read: every scored cell is
    /// empty or an unknown answer (a row of another questionnaire, or of tallies typed below the
    /// data). Such a row is no ballot anyone filled in for this form: invalid, never counted as valid.
    func isUnreadable(_ ballot: Ballot) -> Bool {
        for q in scoredForBlankness {
            for cell in cells[q] {
                switch ballot.answers[cell] {
                case .missing, .invalid: continue
                default: return false
                }
            }
        }
        return true
    }

    /// Voids a matrix on this ballot when it breaks one of the question's `limits`.
    func applyLimits(_ ballot: inout Ballot, form: Form) {
        for q in limited {
            let cells = cells[q]
            let rows = Array(ballot.answers[cells])
            guard !rows.allSatisfy({ $0 == .missing }) else { continue }
            let question = form.questions[q]
            for limit in question.limits {
                guard let broken = MatrixLimitCheck.broken(limit, rows: rows, question: question) else { continue }
                for cell in cells where ballot.answers[cell] != .missing { ballot.answers[cell] = .invalid }
                // The answers of this matrix are void on this ballot: one line says why.
                ballot.problems.append(
                    RejectedEntry(
                        file: ballot.file, row: ballot.row, line: ballot.line, column: question.text, value: "",
                        reason: .limitBroken(broken)))
                break
            }
        }
    }
}

/// Identifies a record across the files of a run.
struct BallotKey: Hashable, Sendable {
    var file: String
    var row: Int
}
