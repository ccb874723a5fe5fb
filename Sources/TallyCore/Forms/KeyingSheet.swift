import TallyCSV

/// The columns of a keying sheet for a form (`tally forms sheet`): a header row the form reads
/// back exactly, and what each column accepts, so keyed values cannot drift from the labels.
/// A ballot number first (票号, to find the paper ballot of a rejected row); the respondent's
/// category; the unit when the form has a unit column; then each single question a column of
/// its options, each multi-select a 1/0 column per option (`题干—选项`), each matrix a column
/// per row (`题干—行`) of its options or marks, a number a whole number, a text free.
package struct KeyingSheet: Sendable {
    package enum Accepts: Sendable, Equatable {
        case list([String])
        case wholeNumbers(minimum: Double, maximum: Double)
        case anything
    }

    package struct Column: Sendable, Equatable {
        package var header: String
        package var accepts: Accepts
    }

    package var columns: [Column]

    /// The column of ballot numbers: a platform column scoring passes over.
    package static let ballotNumber = "票号"

    package init(form: Form) {
        var columns = [Column(header: Self.ballotNumber, accepts: .anything)]
        /// The header a question is found by: its own column name, else its text.
        func header(_ alternatives: [String], _ text: String) -> String {
            alternatives.first { ColumnPosition.column($0) == nil } ?? text
        }
        if let respondents = form.respondents, respondents.question == nil {
            columns.append(Column(header: header(respondents.columns, "身份"), accepts: .list(respondents.groups.map(\.label))))
        }
        if let unit = form.unit {
            columns.append(Column(header: header(unit.columns, "单位"), accepts: .anything))
        }
        for question in form.questions {
            let options = question.options.map(\.label)
            switch question.type {
            case .single:
                let accepts: Accepts = question.id == form.respondents?.question ? .list(form.respondents!.groups.map(\.label)) : .list(options)
                columns.append(Column(header: header(question.columns, question.text), accepts: accepts))
            case .multi:
                for option in question.options {
                    columns.append(Column(header: header(option.columns, "\(question.text)—\(option.label)"), accepts: .list(["1", "0"])))
                }
            case .matrix:
                let accepts: Accepts =
                    question.numericAnswers ? .wholeNumbers(minimum: question.minimum ?? 0, maximum: question.maximum ?? 100) : .list(options)
                for row in question.rows {
                    columns.append(Column(header: header(row.columns, "\(question.text)—\(row.label)"), accepts: accepts))
                }
            case .number:
                columns.append(Column(
                    header: header(question.columns, question.text),
                    accepts: .wholeNumbers(minimum: question.minimum ?? 0, maximum: question.maximum ?? 1_000_000)))
            case .text:
                columns.append(Column(header: header(question.columns, question.text), accepts: .anything))
            }
        }
        self.columns = columns
    }

    /// The header row as CSV (UTF-8 with BOM, for Excel), to key into by hand.
    package var csvBytes: [UInt8] {
        var writer = CSVWriter()
        writer.append(columns.map(\.header))
        return writer.bytes
    }
}
