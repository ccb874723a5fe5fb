import TallyCSV
import TallyWorkbook

/// Why a run stopped. Each case names the file and line or row, and what to do.
public enum TallyError: Error, Sendable, CustomStringConvertible {
    case csv(CSVError)
    case form(FormError)
    /// Questions of the form that no column of a file maps to, each with the unread header
    /// nearest its text (`第8列“…”` material: the column number and header), and, when another
    /// built-in form finds more of its questions in the file, that form.
    case missingColumns(
        file: String, questions: [(id: String, tried: String, nearest: (column: Int, header: String)?)], headers: [String],
        betterForm: BetterForm? = nil)
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
    /// A file given as responses that is something else: a Word document, a PDF, an image, a zip.
    case notResponses(file: String, kind: FileKind)
    /// A message that names its own place (`录入.xlsx: error: …`), printed as it is.
    case located(String)
    /// Anything else about the request.
    case invalidRequest(String)

    /// A built-in form that finds more of its questions in a file than the form given.
    public struct BetterForm: Sendable, Equatable {
        public var id: String
        public var title: String
        /// Questions of that form with a column in the file, and all its questions.
        public var found: Int
        public var questions: Int
    }

    public var description: String {
        switch self {
        case .csv(let error): return error.description
        case .form(let error): return error.description
        case .missingColumns(let file, let questions, let headers, let betterForm):
            var lines = ["\(file):1: error: \(questions.count == 1 ? "a question has" : "\(questions.count) questions have") no column in this file"]
            for question in questions {
                lines.append("  question '\(question.id)': tried \(question.tried)")
                if let nearest = question.nearest {
                    lines.append("    nearest header: column \(nearest.column) '\(nearest.header)' (if it is this question: column: '\(nearest.header)')")
                }
            }
            lines.append("  headers: \(headers.map { "'\($0)'" }.joined(separator: ", "))")
            if let betterForm {
                lines.append(
                    "  this file fits the built-in form '\(betterForm.id)' (\(betterForm.title)) better: \(betterForm.found) of its "
                        + "\(betterForm.questions) questions have a column here; if that is the questionnaire, pass --form \(betterForm.id)")
            }
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
        case .notResponses(let file, let kind):
            let what: String
            switch kind {
            case .wordDocument: what = "a Word document"
            case .slides: what = "a PowerPoint file"
            case .pdf: what = "a PDF"
            case .image: what = "an image"
            case .oldOffice:
                return "\(file): error: this is an old-format Office file (.xls or .doc), which tally does not read: "
                    + "open it in Excel or WPS and save it as .xlsx (Excel workbook) or CSV UTF-8, then give that file"
            case .zip:
                return "\(file): error: this is a zip archive, not a response file: unpack it and give the CSV or .xlsx "
                    + "files inside (a campaign folder: tally run its campaign.yaml)"
            case .empty, .text, .workbook: what = "not a response file"
            }
            return "\(file): error: this is \(what), not a response file: give the survey platform's export (CSV or .xlsx) "
                + "or the keying sheet (tally forms sheet FORM makes one; paper ballots are keyed into it)"
        case .located(let message):
            return message
        case .invalidRequest(let message):
            return "error: \(message)"
        }
    }
}
