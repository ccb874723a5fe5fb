/// A response file as a run names it: a path, and for a workbook the sheet to read
/// (`{ file: 录入.xlsx, sheet: 县公安局 }` in a campaign). Kept among a request's file paths as
/// one string, the sheet after a control character no path holds, so that every place that
/// passes files along stays as it is.
package enum ResponseSource {
    private static let separator = "\u{1F}sheet:"

    /// The file string for `path` and, when given, `sheet`.
    static func encode(_ path: String, sheet: String?) -> String {
        sheet.map { path + separator + $0 } ?? path
    }

    /// The path and the sheet of a file string.
    package static func decode(_ file: String) -> (path: String, sheet: String?) {
        guard let range = file.range(of: separator) else { return (file, nil) }
        return (String(file[..<range.lowerBound]), String(file[range.upperBound...]))
    }

    /// Whether a path names an Excel workbook, by its extension (`.xlsx`, `.xlsm`).
    static func isWorkbook(_ path: String) -> Bool {
        let lower = path.lowercased()
        return lower.hasSuffix(".xlsx") || lower.hasSuffix(".xlsm") || lower.hasSuffix(".xls")
    }
}
