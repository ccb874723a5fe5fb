/// A column named by its position (`column: { index: N }`), for files whose headers are
/// duplicated, empty or unusable. Kept among a question's column alternatives as a reference
/// no header can spell (it starts with the control character U+001F).
enum ColumnPosition {
    private static let prefix = "\u{1F}index:"

    /// The alternative that names the 1-based column `index`.
    static func reference(_ index: Int) -> String { prefix + String(index) }

    /// The 0-based column an alternative names by position; `nil` for a header.
    static func column(_ alternative: String) -> Int? {
        guard alternative.hasPrefix(prefix), let index = Int(alternative.dropFirst(prefix.count)) else { return nil }
        return index - 1
    }

    /// An alternative as people read it: the header, or `column N`.
    static func display(_ alternative: String) -> String {
        column(alternative).map { "column \($0 + 1)" } ?? alternative
    }
}
