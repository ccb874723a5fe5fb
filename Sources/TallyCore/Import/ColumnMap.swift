import Foundation

/// How one column of a response file is read.
public enum ColumnRole: Sendable, Equatable {
    /// The whole answer of a question (single, number, text, or a multi-select joined in one cell).
    case question(String)
    /// One row of a matrix.
    case matrixRow(question: String, row: String)
    /// One option of a multi-select written as its own column.
    case option(question: String, option: String)
    case respondentGroup
    case unit
    case respondentID
    case duration
    /// Empty for unfinished responses (LimeSurvey's `submitdate`).
    case completion
    /// Matches nothing in the form.
    case ignored
    /// A joined multi-select cell whose per-option columns are read instead.
    case superseded(question: String)
    /// Text written into an option's blank (腾讯问卷's `[选项填空]`): kept in the file, never counted.
    case fillIn(question: String)
    /// A lower level of a cascading drop-down whose first level is the question's answer.
    case cascadeLevel(question: String)
}

/// How a response file's columns map onto a form's questions.
package struct ColumnMap: Sendable {
    /// How a question's answer is read from a record.
    package enum Binding: Sendable, Equatable {
        /// One cell.
        case cell(Int)
        /// A multi-select with one column per option (`nil` where an option has no column).
        case perOption([Int?])
        /// A matrix with one column per row (`nil` where a row has no column).
        case rows([Int?])
    }

    package var header: [String]
    /// Per form question, in form order; `nil` for a question with no column.
    package var bindings: [Binding?]
    package var roles: [ColumnRole]
    package var respondentColumn: Int?
    package var unitColumn: Int?
    package var idColumn: Int?
    /// How long the respondent took: one column of durations, or start and end times.
    package var duration: DurationSource?
    /// A column that is empty for unfinished responses (LimeSurvey's `submitdate`).
    package var completionColumn: Int?
    /// Cells hold option numbers (问卷星 按选项序号, or `--codes index`).
    package var numbered: Bool
    package var shape: ExportShape
    /// Questions that found no column, with what was tried.
    package var unmatched: [Unmatched]
    /// A question no column was found for, and what was tried.
    package struct Unmatched: Sendable {
        package var question: String
        package var tried: String
    }

    /// The column nothing reads whose header comes nearest `text` (both normalised): within an
    /// edit distance of half the longer one, ties to the earlier column; `nil` when none is.
    /// For an error message only (it compares `text` with every unread header).
    package func nearestUnread(to text: String) -> (column: Int, header: String)? {
        let wanted = HeaderText.normalise(text)
        var best: (index: Int, distance: Int)?
        for index in header.indices where roles[index] == .ignored {
            let candidate = HeaderText.normalise(header[index])
            let longer = max(wanted.count, candidate.count)
            // A length gap above half the longer already exceeds the bound: no distance needed.
            guard !candidate.isEmpty, abs(wanted.count - candidate.count) * 2 <= longer else { continue }
            let distance = editDistance(wanted, candidate)
            guard distance * 2 <= longer, best.map({ distance < $0.distance }) ?? true else { continue }
            best = (index, distance)
        }
        return best.map { ($0.index + 1, header[$0.index]) }
    }
    /// Headers that name a question (or the group, unit or id column) more than once:
    /// the header text and the 1-based column numbers.
    package var ambiguous: [(header: String, columns: [Int])]
    /// Columns that look like a question's or an option's (`5、…`, `第5题(…)`, `Q5`, `题干:选项`,
    /// a bare label right after a matrix's rows) but bind to nothing, with the nearest question
    /// text or option label.
    package var unboundColumns: [(column: Int, header: String, nearest: String?)] = []
    /// Cascading drop-down columns (`题干:一级分类`) whose stem is the text of several questions:
    /// the header, its 1-based column, and the questions' ids.
    package var stemConflicts: [(header: String, column: Int, questions: [String])] = []
    /// Headers that more than one column has (non-empty), with their 1-based columns.
    package var duplicateHeaders: [(header: String, columns: [Int])] = []
    /// Rows of the header (records before the first ballot).
    package var headerRows = 1
    /// Validity rules that cannot apply to the file and were skipped on request.
    package var skippedRules: Set<String> = []
}
