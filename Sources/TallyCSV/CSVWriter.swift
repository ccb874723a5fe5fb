/// Writes CSV for people to open in Excel or WPS: UTF-8 with a byte order mark (so
/// Excel on Chinese Windows reads it as UTF-8), every field quoted, CRLF line ends.
///
/// Cells that a spreadsheet would run as a formula (starting with `=` `+` `-` `@`, tab or CR)
/// are prefixed with `'`, so a hostile answer stays text.
public struct CSVWriter {
    public private(set) var bytes: [UInt8] = [0xEF, 0xBB, 0xBF]

    public init() {}

    /// Appends one record.
    public mutating func append(_ fields: [String]) {
        for (index, field) in fields.enumerated() {
            if index > 0 { bytes.append(UInt8(ascii: ",")) }
            bytes += quotedCSVField(Self.neutralised(field))
        }
        bytes += [13, 10]
    }

    /// One field as `append` writes it: neutralised, quoted, doubled quotes (no delimiter).
    public static func field(_ text: String) -> [UInt8] {
        quotedCSVField(neutralised(text))
    }

    /// One field, neutralised, quoted only when it must be (it holds a comma, a quote or a line
    /// break, or starts or ends with a blank): for large files whose fields are mostly plain
    /// (the ballot ledger), which spreadsheets read the same either way.
    public static func minimalField(_ text: String) -> [UInt8] {
        let cell = neutralised(text)
        let bytes = Array(cell.utf8)
        let plain = !bytes.contains { $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "\"") || $0 == 0x0A || $0 == 0x0D }
            && bytes.first != UInt8(ascii: " ") && bytes.last != UInt8(ascii: " ")
        return plain ? bytes : quotedCSVField(cell)
    }

    /// The cell with a leading `'` when a spreadsheet would take it for a formula.
    public static func neutralised(_ cell: String) -> String {
        guard let first = cell.unicodeScalars.first else { return cell }
        switch first {
        case "=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠": return "'" + cell
        default: return cell
        }
    }
}
