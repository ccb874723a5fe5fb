/// Rows a clerk types or computes below the data of a keying sheet — tallies such as
/// `=COUNTIF(B2:B41,"好")`, `无效：1`, `父母：240` — are not ballots. A row is taken for one only
/// when the form can read no answer from it and it looks like a tally: one of its cells is a
/// formula (in a workbook), or every non-empty cell is `label：number` (`：` or `:`, the number
/// whole or with a `%`). Such a row is listed in rejected.csv as 非答卷行 with its row number and
/// counted in the file's `non_ballot_rows`, never in a unit's rows or ballots. Any other row
/// with nothing readable is an invalid ballot (`nothing_readable`), counted as such.
enum NonBallotRow {
    /// No cell of the ballot holds an answer the form can read (text answers aside), and no
    /// respondent group was read.
    static func holdsNoAnswer(_ ballot: Ballot) -> Bool {
        if case .group = ballot.group { return false }
        for answer in ballot.answers {
            switch answer {
            case .missing, .invalid, .text: continue
            default: return false
            }
        }
        return true
    }

    /// Every non-empty cell is `label：number` (at least one cell).
    static func isTally(_ fields: [String]) -> Bool {
        var any = false
        for field in fields {
            let cell = TextFolding.trim(field)
            if cell.isEmpty { continue }
            guard isLabelNumber(cell) else { return false }
            any = true
        }
        return any
    }

    /// `无效：1`, `父母: 240`, `好：85.5%`.
    static func isLabelNumber(_ cell: String) -> Bool {
        guard let colon = cell.lastIndex(where: { $0 == "：" || $0 == ":" }), colon > cell.startIndex else { return false }
        var number = TextFolding.trim(String(cell[cell.index(after: colon)...]))
        if number.hasSuffix("%") { number.removeLast() }
        for unit in ["张", "人", "票", "份"] where number.hasSuffix(unit) { number.removeLast() }
        let label = TextFolding.trim(String(cell[..<colon]))
        return !label.isEmpty && !number.isEmpty && Double(number) != nil && !label.allSatisfy(\.isNumber)
    }
}
