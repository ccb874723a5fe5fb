/// Headers of more than one row (FORMS.md, "Header rows"): a Qualtrics export (names, question
/// texts, import ids) is recognised; `header_rows: 2` (or `--header-rows 2`) reads two rows as
/// spreadsheets make them, a merged stem over its row or option labels.
enum HeaderRows {
    /// How many rows the header has, decided on the first record.
    static func count(first: [String], form: Form?, options: ImportOptions) -> Int {
        if let rows = options.headerRows ?? form?.importSettings.headerRows { return max(1, rows) }
        let trimmed = first.map { TextFolding.trim(TextFolding.foldWidth($0)) }
        return Platforms.platform(of: trimmed).headerRows
    }

    /// The header to match and, where a row of question texts comes with it, those texts.
    ///
    /// A platform's own rows (Qualtrics): the first row names the columns, the second holds
    /// the question texts. Spreadsheet rows (`header_rows`): the stem of the first row is
    /// carried right across the blank cells of a merged cell and joined to the label under it
    /// (`stem—label`); a column with nothing under its stem is the stem alone.
    static func combine(_ rows: [[String]], form: Form?, options: ImportOptions) -> (header: [String], texts: [String]?) {
        guard rows.count > 1 else { return (rows.first ?? [], nil) }
        let explicit = options.headerRows ?? form?.importSettings.headerRows
        if explicit == nil {
            return (rows[0], rows[1])
        }
        var header: [String] = []
        var stem = ""
        for column in rows[0].indices {
            let top = TextFolding.trim(rows[0][column])
            if !top.isEmpty { stem = top }
            let labels = rows.dropFirst().map { column < $0.count ? TextFolding.trim($0[column]) : "" }.filter { !$0.isEmpty }
            if labels.isEmpty {
                header.append(stem)
            } else {
                header.append(([stem] + labels).filter { !$0.isEmpty }.joined(separator: "—"))
            }
        }
        return (header, nil)
    }
}
