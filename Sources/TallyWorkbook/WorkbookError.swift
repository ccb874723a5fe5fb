/// Why a workbook cannot be read, with the file and what to do.
public struct WorkbookError: Error, Equatable, Sendable, CustomStringConvertible {
    public enum Kind: Error, Equatable, Sendable {
        case notAZip
        case legacyXLS
        case encrypted
        case missingPart(String)
        case noSuchSheet(String, available: [String])
        case tooLarge(part: String, limit: Int)
        case tooManyColumns(row: Int, columns: Int)
        case cellTooLong(row: Int)
        case sharedStringTooLong(index: Int)
        case outputTooLarge(limit: Int)
        case malformed(String)
        case unreadable(String)
    }

    public var file: String
    public var kind: Kind

    public init(file: String, kind: Kind) {
        self.file = file
        self.kind = kind
    }

    public var description: String {
        let what: String
        switch kind {
        case .notAZip:
            what = "not an Excel workbook (.xlsx is a zip file); if it is a CSV, name it .csv; else open it in Excel or WPS and save it as .xlsx"
        case .legacyXLS:
            what = "a legacy Excel 97–2003 workbook (.xls), which Tally does not read; open it in Excel or WPS and save it as .xlsx (Excel 工作簿)"
        case .encrypted:
            what = "the workbook is protected with a password; open it in Excel or WPS, remove the password (文件 → 信息 → 保护工作簿), and save it again"
        case .missingPart(let part):
            what = "the workbook has no \(part); it is damaged or not a spreadsheet: open it in Excel or WPS and save it again"
        case .noSuchSheet(let sheet, let available):
            what = "no sheet '\(sheet)' in the workbook (sheets: \(available.map { "'\($0)'" }.joined(separator: ", "))); pass --sheet with one of them, by name or 1-based position"
        case .tooLarge(let part, let limit):
            what = "\(part) inflates to more than \(limit >> 20) MiB; the file may be a zip bomb, or a sheet far larger than a survey's: save the responses alone as .xlsx or .csv"
        case .tooManyColumns(let row, let columns):
            what = "row \(row) has a cell in column \(columns), past the \(WorkbookLimits.columns) columns a sheet can have; the workbook is damaged: open it in Excel or WPS and save it again"
        case .cellTooLong(let row):
            what = "row \(row) has a cell of more than \(WorkbookLimits.cellCharacters) characters, which no spreadsheet writes; the workbook is damaged: open it in Excel or WPS and save it again"
        case .sharedStringTooLong(let index):
            what = "shared text \(index + 1) (xl/sharedStrings.xml) is longer than \(WorkbookLimits.cellCharacters) characters, which no spreadsheet writes; the workbook is damaged: open it in Excel or WPS and save it again"
        case .outputTooLarge(let limit):
            what = "the sheet's cells come to more than \(limit >> 20) MiB of text from a file this small (the same long text repeated in many cells); it is damaged or built to exhaust memory: save the responses again"
        case .malformed(let detail):
            what = "the sheet cannot be read (\(detail)); open the workbook in Excel or WPS and save it again"
        case .unreadable(let reason):
            what = "cannot read the file (\(reason)); check the path and its permissions"
        }
        return "\(file): error: \(what)"
    }
}

/// What a workbook may hold before Tally refuses it (a spreadsheet's own limits, and guards
/// against zip bombs).
public enum WorkbookLimits {
    /// Excel's columns (XFD).
    public static let columns = 16_384
    /// Excel's rows.
    public static let rows = 1_048_576
    /// Characters of one cell (Excel's own limit).
    public static let cellCharacters = 32_767
    /// Bytes of a cell's XML text, at most: each character written as its longest reference
    /// (`&#x10FFFF;`, 10 bytes). Checked as the text arrives.
    public static let cellBytes = cellCharacters * 10
    /// Text a sheet may come to, per byte of the workbook file, past `outputFloor` (shared strings
    /// repeated in many cells amplify; real sheets come to a few times their file's size).
    public static let outputPerFileByte = 2_000
    public static let outputFloor = 64 << 20
    /// Inflated bytes of one sheet, at most.
    public static let sheetBytes = 4 << 30
    /// Inflated bytes of the shared strings or another small part, at most.
    public static let partBytes = 512 << 20
    /// Inflated bytes per compressed byte, at most, once past `ratioFloor` (zip bombs reach
    /// 1000:1; a sheet's XML compresses 10–30 times).
    public static let ratio = 250
    /// Inflated bytes below which the ratio is not checked.
    public static let ratioFloor = 64 << 20
}
