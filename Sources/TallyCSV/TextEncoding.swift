/// The character encodings a response file may come in.
public enum TextEncoding: String, Sendable, CaseIterable, Codable {
    /// UTF-8 without a byte order mark (survey platforms, ODK).
    case utf8 = "utf-8"
    /// UTF-8 that starts with the bytes `EF BB BF` (Excel's "CSV UTF-8", LimeSurvey).
    case utf8BOM = "utf-8-bom"
    /// GB18030, a superset of GBK and GB2312 (Excel on Chinese Windows).
    case gb18030 = "gb18030"
    /// UTF-16 little-endian with a byte order mark (Excel's "Unicode text").
    case utf16LE = "utf-16le"
    /// UTF-16 big-endian with a byte order mark.
    case utf16BE = "utf-16be"

    /// The name shown to people.
    public var displayName: String {
        switch self {
        case .utf8: "UTF-8"
        case .utf8BOM: "UTF-8 with BOM"
        case .gb18030: "GB18030"
        case .utf16LE: "UTF-16LE"
        case .utf16BE: "UTF-16BE"
        }
    }

    /// Parses the names a user may pass to `--encoding` (`utf8`, `utf-8`, `gbk`, `gb2312`, `gb18030`, …).
    ///
    /// GBK and GB2312 map to GB18030, which contains them. Returns `nil` for a name we cannot read.
    public init?(userName: String) {
        let key = String(userName.lowercased().map { $0 == "_" ? "-" : $0 })
        switch key {
        case "utf8", "utf-8": self = .utf8
        case "utf-8-bom", "utf8-bom", "utf-8-sig", "utf8bom": self = .utf8BOM
        case "gb18030", "gbk", "gb2312", "cp936", "gb-18030": self = .gb18030
        case "utf-16", "utf16", "utf-16le", "utf16le": self = .utf16LE
        case "utf-16be", "utf16be": self = .utf16BE
        default: return nil
        }
    }

    /// How many bytes of byte order mark the encoding starts with.
    var bomLength: Int {
        switch self {
        case .utf8BOM: 3
        case .utf16LE, .utf16BE: 2
        case .utf8, .gb18030: 0
        }
    }
}

/// What was decided about a file before its records were read.
public struct CSVFormat: Sendable, Equatable {
    /// The encoding of the file's bytes.
    public var encoding: TextEncoding
    /// The field separator: `,`, `;` or tab.
    public var delimiter: UInt8

    public init(encoding: TextEncoding, delimiter: UInt8) {
        self.encoding = encoding
        self.delimiter = delimiter
    }

    /// The delimiter as people name it: `,` `;` or `tab`.
    public var delimiterName: String {
        switch delimiter {
        case UInt8(ascii: "\t"): "tab"
        default: String(UnicodeScalar(delimiter))
        }
    }
}

/// One record of a CSV file.
public struct CSVRecord: Sendable {
    /// The fields, decoded to Swift strings (UTF-8), exactly as the file has them
    /// (no trimming; quotes removed and doubled quotes undone).
    public var fields: [String]
    /// 1-based physical line on which the record starts.
    public var line: Int
    /// 1-based record number as a spreadsheet shows it: the header is row 1.
    public var row: Int

    public init(fields: [String], line: Int, row: Int) {
        self.fields = fields
        self.line = line
        self.row = row
    }

    /// `true` when every field is empty or blank.
    public var isBlank: Bool {
        fields.allSatisfy { $0.allSatisfy { $0 == " " || $0 == "\t" || $0 == "\u{3000}" } }
    }
}
