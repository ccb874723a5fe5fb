/// FORMS.md: "where more than half of a question's non-missing answers in one file match no
/// option, the run stops with an error naming the likely fix" — numbered cells read against a
/// form of labels, a scale that is not the export's, a spreadsheet's `7.0`: figures of zeros
/// with exit 0 are the worst outcome. Counted per file (its parts add up), checked when the
/// file has been read.
struct AnswerMatchCheck: Sendable {
    /// Per cell of a ballot (a matrix has one per row): answers that were not missing, and
    /// those that could not be read (no option matched, not a number, out of range…).
    private(set) var answered: [Int]
    private(set) var invalid: [Int]
    /// Answers that matched no option and are whole numbers (a numbered export read as labels).
    private(set) var numericUnknown = 0
    private(set) var unknown = 0

    init(form: Form) {
        let cells = form.questions.reduce(0) { $0 + ($1.type == .matrix ? $1.rows.count : 1) }
        answered = Array(repeating: 0, count: cells)
        invalid = Array(repeating: 0, count: cells)
    }

    /// Counts a ballot's answers.
    mutating func add(_ ballot: Ballot) {
        for (cell, answer) in ballot.answers.enumerated() {
            switch answer {
            case .missing: continue
            case .invalid:
                answered[cell] += 1
                invalid[cell] += 1
            default: answered[cell] += 1
            }
        }
        for problem in ballot.problems {
            guard case .unknownAnswer = problem.reason else { continue }
            unknown += 1
            if ValueMatcher.wholeNumber(TextFolding.valueKey(problem.value)) != nil { numericUnknown += 1 }
        }
    }

    /// Adds another part of the same file.
    mutating func merge(_ other: AnswerMatchCheck) {
        for cell in answered.indices {
            answered[cell] += other.answered[cell]
            invalid[cell] += other.invalid[cell]
        }
        numericUnknown += other.numericUnknown
        unknown += other.unknown
    }

    /// Throws for the first question (in form order) most of whose answers in the file could not
    /// be read. A question needs at least `minimum` answers to be judged.
    func check(_ form: Form, file: String, numbered: Bool, minimum: Int = 5) throws(TallyError) {
        var cell = 0
        for question in form.questions {
            let count = question.type == .matrix ? question.rows.count : 1
            let answers = answered[cell..<(cell + count)].reduce(0, +)
            let bad = invalid[cell..<(cell + count)].reduce(0, +)
            cell += count
            guard answers >= minimum, bad * 2 > answers else { continue }
            let fix: String
            if question.type == .number || question.numericAnswers {
                fix = "check the question's min and max against the numbers the file holds"
            } else if numericUnknown * 2 > unknown, !numbered {
                fix = "the cells hold numbers: if they are option numbers (问卷星 按选项序号), pass --codes index; "
                    + "if they are codes, give the options those codes (code:) or aliases"
            } else if numbered {
                fix = "the cells are read as option numbers; if they hold labels, pass --codes labels"
            } else {
                fix = "check that the question's scale is the one the export used, or add the export's spellings as aliases"
            }
            throw .answersMatchNoOption(file: file, question: question.id, unmatched: bad, answered: answers, fix: fix)
        }
    }
}
