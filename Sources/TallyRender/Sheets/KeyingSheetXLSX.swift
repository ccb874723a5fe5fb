import TallyCore
import TallyXLSX

/// A keying sheet as an Excel workbook (`tally forms sheet --out 录入表.xlsx`): the header row
/// frozen and bold; each column's drop-down of its options, 1/0 or whole-number rule on the
/// rows below, so that keyed values match the form's labels. A list longer than Excel keeps in
/// a rule (255 characters) is written to a hidden sheet `选项` and referred to as a range.
package enum KeyingSheetXLSX {
    /// Rows below the header that carry the rules.
    static let keyedRows = 2000

    package static func write(_ sheet: KeyingSheet, to path: String) throws(XLSXError) {
        let workbook = try XLSXWorkbook(path: path)
        let main = try workbook.addSheet("录入")
        var lists: XLSXSheet?
        var listColumns = 0
        let rows = 1...keyedRows
        for (index, column) in sheet.columns.enumerated() {
            try main.write(column.header, row: 0, column: index, bold: true)
            try main.setColumnWidth(index, width(of: column))
            switch column.accepts {
            case .list(let values) where values.joined(separator: ",").count <= 255:
                try main.dropDown(column: index, rows: rows, values: values)
            case .list(let values):
                if lists == nil { lists = try workbook.addSheet("选项", hidden: true) }
                for (row, value) in values.enumerated() { try lists!.write(value, row: row, column: listColumns) }
                let letter = columnLetters(listColumns)
                try main.dropDown(column: index, rows: rows, range: "='选项'!$\(letter)$1:$\(letter)$\(values.count)")
                listColumns += 1
            case .wholeNumbers(let minimum, let maximum):
                try main.wholeNumbers(column: index, rows: rows, minimum: minimum, maximum: maximum)
            case .anything:
                break
            }
        }
        main.freezeRows(1)
        try workbook.close()
    }

    /// Wide enough for the header (CJK characters count double) or the longest option.
    static func width(of column: KeyingSheet.Column) -> Double {
        var widest = TextWidth.columns(column.header)
        if case .list(let values) = column.accepts { widest = max(widest, values.map(TextWidth.columns).max() ?? 0) }
        return Double(min(max(widest, 8), 40) + 2)
    }

    /// `A`, `B`, … `Z`, `AA` for a 0-based column.
    static func columnLetters(_ column: Int) -> String {
        var number = column + 1
        var letters = ""
        while number > 0 {
            let remainder = (number - 1) % 26
            letters = String(UnicodeScalar(UInt8(65 + remainder))) + letters
            number = (number - 1) / 26
        }
        return letters
    }
}
