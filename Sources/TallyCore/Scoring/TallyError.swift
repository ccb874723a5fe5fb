import TallyCSV

/// Why a run stopped. Each case names the file and line or row, and what to do.
public enum TallyError: Error, Sendable, CustomStringConvertible {
    case csv(CSVError)
    case form(FormError)
    /// Questions of the form that no column of a file maps to.
    case missingColumns(file: String, questions: [(id: String, tried: String)], headers: [String])
    /// The form names a unit column that the file does not have.
    case missingUnitColumn(file: String, tried: [String])
    /// Two columns carry the same question's header: which one holds the answers is unknown.
    case ambiguousColumn(file: String, header: String, columns: [Int])
    /// A cascading drop-down's column whose stem is the text of several questions.
    case ambiguousStem(file: String, header: String, column: Int, questions: [String])
    /// A file has a header row and no responses.
    case noResponses(file: String)
    /// A file was given twice.
    case duplicateFile(String)
    /// More ballots returned than issued: the evaluation is void.
    case moreBallotsThanIssued(unit: String, returned: Int, issued: Int)
    /// A validity rule of the form cannot apply to a file: it lacks the column the rule needs.
    case ruleCannotApply(file: String, rule: String, needs: String, fix: String)
    /// The respondents column the form names is not in a file.
    case missingRespondentsColumn(file: String, tried: [String], nearest: String?)
    /// Most of a question's answers in a file match no option (numbered cells against labels…).
    case answersMatchNoOption(file: String, question: String, unmatched: Int, answered: Int, fix: String)
    /// A message that names its own place (`录入.xlsx: error: …`), printed as it is.
    case located(String)
    /// Anything else about the request.
    case invalidRequest(String)

    public var description: String {
        switch self {
        case .csv(let error): return error.description
        case .form(let error): return error.description
        case .missingColumns(let file, let questions, let headers):
            var lines = ["\(file):1: error: \(questions.count == 1 ? "a question has" : "\(questions.count) questions have") no column in this file"]
            for question in questions { lines.append("  question '\(question.id)': tried \(question.tried)") }
            lines.append("  headers: \(headers.map { "'\($0)'" }.joined(separator: ", "))")
            lines.append(
                "  add 'column:' to the question in the form, or pass --allow-missing-columns to score without it")
            return lines.joined(separator: "\n")
        case .missingUnitColumn(let file, let tried):
            return "\(file):1: error: the form reads the unit from column \(tried.map { "'\($0)'" }.joined(separator: " or ")), "
                + "which this file does not have; fix 'unit.column' in the form, or pass --unit"
        case .ambiguousColumn(let file, let header, let columns):
            return "\(file):1: error: columns \(columns.map(String.init).joined(separator: " and ")) are both named '\(header)'; "
                + "rename one in the file, or name the right one in the form by its position: column: { index: N }"
        case .ambiguousStem(let file, let header, let column, let questions):
            return "\(file):1: error: column \(column) '\(header)' is a cascading choice whose question text is the text of "
                + "questions \(questions.map { "'\($0)'" }.joined(separator: " and ")); which one it answers is unknown: "
                + "give the right question 'column:' with this header"
        case .noResponses(let file):
            return "\(file):1: error: the file has a header row but no responses; check that it is the right export"
        case .duplicateFile(let file):
            return "\(file): error: the file is given twice; each ballot must be counted once"
        case .moreBallotsThanIssued(let unit, let returned, let issued):
            return "error: \(unit): \(returned) ballots returned but \(issued) issued; the evaluation is void "
                + "(收回票数多于发出票数，测评无效). Check the files and the issued count"
        case .ruleCannotApply(let file, let rule, let needs, let fix):
            return "\(file):1: error: the form's rule validity.\(rule) needs \(needs), which this file does not have; "
                + "\(fix), or pass --skip-rule \(rule) to score without it (the report will say it was not applied)"
        case .missingRespondentsColumn(let file, let tried, let nearest):
            return "\(file):1: error: the form reads respondent groups from column \(tried.map { "'\($0)'" }.joined(separator: " or ")), "
                + "which this file does not have" + (nearest.map { " (did you mean '\($0)'?)" } ?? "")
                + "; correct respondents.column in the form, or pass --allow-missing-columns to score with every ballot in no group"
        case .answersMatchNoOption(let file, let question, let unmatched, let answered, let fix):
            return "\(file): error: \(unmatched) of the \(answered) answers to question '\(question)' match none of its options, "
                + "so its figures would be wrong and nothing was scored; \(fix)"
        case .located(let message):
            return message
        case .invalidRequest(let message):
            return "error: \(message)"
        }
    }
}
