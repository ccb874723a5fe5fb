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

    /// The cell with a leading `'` when a spreadsheet would take it for a formula.
    public static func neutralised(_ cell: String) -> String {
        guard let first = cell.unicodeScalars.first else { return cell }
        switch first {
        case "=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠": return "'" + cell
        default: return cell
        }
    }
}
