/// What Tally knows of one survey platform's export: the columns it adds around the answers
/// (by which it is recognised), how its headers name matrix rows and options, what it writes
/// for a question not answered, how it joins a multi-select's choices, and where it says how
/// long a response took or that it was not finished. One value per platform, in
/// `Platforms/<platform>.swift`; `Platforms` puts them together for the importer.
struct Platform: Sendable {
    /// How a header row is recognised as this platform's: the first test that is set decides;
    /// none set recognises anything (the fallback). (A struct, not an enum with array payloads:
    /// a global of such an enum keeps its pointers in spare bits, where LeakSanitizer does not
    /// see them and reports a leak.)
    struct Recognition: Sendable {
        /// The header starts with these columns.
        var startsWith: [String] = []
        /// The first column is one of these.
        var firstColumn: [String] = []
        /// Some column is one of these, and (when `alongside` is not empty) so is one of `alongside`.
        var hasColumn: [String] = []
        var alongside: [String] = []
        /// Or: at least two of these columns (a download whose uploader deleted some).
        var twoOf: [String] = []
        /// Or: some header contains one of these (腾讯问卷's `[选项填空]`, `{fillblank-…}`), for a
        /// download whose metadata columns were not chosen.
        var headerMarks: [String] = []

        static let anything = Recognition()
        static func startsWith(_ columns: [String]) -> Recognition { Recognition(startsWith: columns, twoOf: columns) }
        static func firstColumn(_ names: [String]) -> Recognition { Recognition(firstColumn: names) }
        static func hasColumn(any: [String], alongside: [String] = []) -> Recognition { Recognition(hasColumn: any, alongside: alongside) }
    }

    var shape: ExportShape
    var recognition: Recognition
    /// Header forms of its questions, matrix rows and per-option columns (what `HeaderText`
    /// reads; listed here for docs/import.md and `inspect`).
    var headerForms: [String] = []
    /// Cells it writes for a question not answered (besides an empty cell).
    var missingMarkers: [String] = []
    /// How it joins the choices of a multi-select in one cell.
    var multiSelectJoins: [String] = []
    /// Columns of durations (`95秒`, `1分35秒`, seconds).
    var durationColumns: [String] = []
    /// Start and end timestamps, read when no duration column is written (ISO 8601,
    /// `2024-05-03 10:02:13`, `2024/5/3 10:02`, `5/3/2024 10:02:13 AM`).
    var startEnd: [(start: String, end: String)] = []
    /// A column that is empty (or says 0, false) for unfinished responses; lower case.
    var completionColumns: [String] = []
    /// Rows of the header (Qualtrics: names, question texts, import ids); the second row, when
    /// there is one, holds the question texts.
    var headerRows = 1

    /// Whether a header row (cells trimmed and width-folded) is this platform's.
    func recognises(_ headers: [String], _ set: Set<String>) -> Bool {
        let test = recognition
        if !test.startsWith.isEmpty {
            if Array(headers.prefix(test.startsWith.count)) == test.startsWith { return true }
            return test.twoOf.filter(set.contains).count >= 2
        }
        if !test.firstColumn.isEmpty { return headers.first.map(test.firstColumn.contains) ?? false }
        if !test.hasColumn.isEmpty,
            test.hasColumn.contains(where: set.contains) && (test.alongside.isEmpty || test.alongside.contains(where: set.contains))
        {
            return true
        }
        if !test.headerMarks.isEmpty, headers.contains(where: { header in test.headerMarks.contains { header.contains($0) } }) {
            return true
        }
        return test.hasColumn.isEmpty && test.headerMarks.isEmpty
    }
}
