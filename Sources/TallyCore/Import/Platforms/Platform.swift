/// What Tally knows of one survey platform's export: the columns it adds around the answers
/// (by which it is recognised), how its headers name matrix rows and options, what it writes
/// for a question not answered, how it joins a multi-select's choices, and where it says how
/// long a response took or that it was not finished. One value per platform, in
/// `Platforms/<platform>.swift`; `Platforms` puts them together for the importer.
struct Platform: Sendable {
    /// How a header row is recognised as this platform's.
    enum Recognition: Sendable {
        /// The header starts with these columns.
        case startsWith([String])
        /// The first column is one of these.
        case firstColumn([String])
        /// Some column is one of `any`, and (when `alongside` is not empty) so is one of `alongside`.
        case hasColumn(any: [String], alongside: [String] = [])
        /// Nothing identifies it: the fallback.
        case anything
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
    /// Start and end timestamps (ISO 8601), read when no duration column is written.
    var startEnd: (start: String, end: String)?
    /// A column that is empty for unfinished responses.
    var completionColumns: [String] = []

    /// Whether a header row (cells trimmed and width-folded) is this platform's.
    func recognises(_ headers: [String], _ set: Set<String>) -> Bool {
        switch recognition {
        case .startsWith(let columns): Array(headers.prefix(columns.count)) == columns
        case .firstColumn(let names): headers.first.map(names.contains) ?? false
        case .hasColumn(let any, let alongside):
            any.contains(where: set.contains) && (alongside.isEmpty || alongside.contains(where: set.contains))
        case .anything: true
        }
    }
}
