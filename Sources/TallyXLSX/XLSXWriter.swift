import CXLSXWriter
import Foundation

/// What writing a workbook can fail on: libxlsxwriter's own error, in its words.
public struct XLSXError: Error, CustomStringConvertible, Equatable {
    public var path: String
    public var message: String
    public var description: String { "\(path): error: cannot write the workbook (\(message))" }
}

/// An Excel workbook written by libxlsxwriter (Debian's libxlsxwriter-dev): the only code that
/// touches its C API and pointers. Sheets, cells, column widths, a frozen header row, drop-down
/// lists and whole-number rules; nothing is on disk until `close()`.
///
/// The same calls give the same bytes: the document's creation time is fixed (libxlsxwriter
/// stamps the zip entries with it too).
public final class XLSXWorkbook {
    private let workbook: OpaquePointer
    private let bold: UnsafeMutablePointer<lxw_format>
    public let path: String
    private var closed = false

    /// Starts a workbook at `path`, written when closed.
    public init(path: String) throws(XLSXError) {
        guard let workbook = workbook_new(path) else { throw XLSXError(path: path, message: "cannot create the file") }
        self.workbook = OpaquePointer(workbook)
        self.path = path
        bold = workbook_add_format(workbook)
        format_set_bold(bold)
        var properties = lxw_doc_properties()
        properties.created = 946_684_800  // 2000-01-01, for the same bytes every time
        _ = workbook_set_properties(workbook, &properties)
    }

    deinit {
        if !closed { _ = workbook_close(UnsafeMutablePointer(workbook)) }
    }

    /// Adds a sheet; a hidden one holds lists the visible sheets refer to.
    public func addSheet(_ name: String, hidden: Bool = false) throws(XLSXError) -> XLSXSheet {
        guard let sheet = workbook_add_worksheet(UnsafeMutablePointer(workbook), name) else {
            throw XLSXError(path: path, message: "cannot add the sheet '\(name)'")
        }
        if hidden { worksheet_hide(sheet) }
        return XLSXSheet(sheet: sheet, bold: bold, path: path)
    }

    /// Writes the file.
    public func close() throws(XLSXError) {
        closed = true
        let status = workbook_close(UnsafeMutablePointer(workbook))
        guard status == LXW_NO_ERROR else { throw XLSXError(path: path, message: String(cString: lxw_strerror(status))) }
    }
}

/// One sheet of an `XLSXWorkbook`. Rows and columns count from 0.
public struct XLSXSheet {
    fileprivate let sheet: UnsafeMutablePointer<lxw_worksheet>
    fileprivate let bold: UnsafeMutablePointer<lxw_format>
    fileprivate let path: String

    private func check(_ status: lxw_error, _ what: String) throws(XLSXError) {
        guard status == LXW_NO_ERROR else { throw XLSXError(path: path, message: "\(what): \(String(cString: lxw_strerror(status)))") }
    }

    /// A text cell (stored as text, so `01` stays `01`); `bold` for a header.
    public func write(_ text: String, row: Int, column: Int, bold: Bool = false) throws(XLSXError) {
        try check(worksheet_write_string(sheet, lxw_row_t(row), lxw_col_t(column), text, bold ? self.bold : nil), "cell \(row + 1),\(column + 1)")
    }

    public func setColumnWidth(_ column: Int, _ width: Double) throws(XLSXError) {
        try check(worksheet_set_column(sheet, lxw_col_t(column), lxw_col_t(column), width, nil), "column \(column + 1)")
    }

    /// Keeps the first `rows` rows in view when scrolling.
    public func freezeRows(_ rows: Int) {
        worksheet_freeze_panes(sheet, lxw_row_t(rows), 0)
    }

    /// A drop-down of `values` on rows `rows` of `column`. Excel keeps a list written in the
    /// rule to 255 characters; a longer one must be a `range` of cells (`'选项'!$A$1:$A$9`).
    public func dropDown(column: Int, rows: ClosedRange<Int>, values: [String]) throws(XLSXError) {
        var validation = lxw_data_validation()
        validation.validate = UInt8(LXW_VALIDATION_TYPE_LIST.rawValue)
        validation.error_type = UInt8(LXW_VALIDATION_ERROR_TYPE_STOP.rawValue)
        let strings = values.map { strdup($0) }
        defer { strings.forEach { free($0) } }
        var pointers: [UnsafeMutablePointer<CChar>?] = strings + [nil]
        let status = pointers.withUnsafeMutableBufferPointer { buffer -> lxw_error in
            validation.value_list = buffer.baseAddress
            return worksheet_data_validation_range(sheet, lxw_row_t(rows.lowerBound), lxw_col_t(column), lxw_row_t(rows.upperBound), lxw_col_t(column), &validation)
        }
        try check(status, "drop-down of column \(column + 1)")
    }

    /// A drop-down of the cells `range` refers to.
    public func dropDown(column: Int, rows: ClosedRange<Int>, range: String) throws(XLSXError) {
        var validation = lxw_data_validation()
        validation.validate = UInt8(LXW_VALIDATION_TYPE_LIST_FORMULA.rawValue)
        validation.error_type = UInt8(LXW_VALIDATION_ERROR_TYPE_STOP.rawValue)
        let formula = strdup(range)
        defer { free(formula) }
        validation.value_formula = formula
        try check(
            worksheet_data_validation_range(sheet, lxw_row_t(rows.lowerBound), lxw_col_t(column), lxw_row_t(rows.upperBound), lxw_col_t(column), &validation),
            "drop-down of column \(column + 1)")
    }

    /// Whole numbers from `minimum` to `maximum` only.
    public func wholeNumbers(column: Int, rows: ClosedRange<Int>, minimum: Double, maximum: Double) throws(XLSXError) {
        var validation = lxw_data_validation()
        validation.validate = UInt8(LXW_VALIDATION_TYPE_INTEGER.rawValue)
        validation.criteria = UInt8(LXW_VALIDATION_CRITERIA_BETWEEN.rawValue)
        validation.error_type = UInt8(LXW_VALIDATION_ERROR_TYPE_STOP.rawValue)
        validation.minimum_number = minimum
        validation.maximum_number = maximum
        try check(
            worksheet_data_validation_range(sheet, lxw_row_t(rows.lowerBound), lxw_col_t(column), lxw_row_t(rows.upperBound), lxw_col_t(column), &validation),
            "whole numbers in column \(column + 1)")
    }
}
