/// The character encodings a response file may come in.
///
/// Detection tells the first six apart (see `detectEncoding`); `--encoding` also takes any
/// other name glibc's iconv knows (`big5`, `iso-8859-15`, `shift_jis`), as `.iconv(name)`.
public enum TextEncoding: Sendable, Hashable, RawRepresentable, Codable {
    /// UTF-8 without a byte order mark (survey platforms, ODK).
    case utf8
    /// UTF-8 that starts with the bytes `EF BB BF` (Excel's "CSV UTF-8", LimeSurvey).
    case utf8BOM
    /// GB18030, a superset of GBK and GB2312 (Excel on Chinese Windows).
    case gb18030
    /// UTF-16 little-endian with a byte order mark (Excel's "Unicode text").
    case utf16LE
    /// UTF-16 big-endian with a byte order mark.
    case utf16BE
    /// Windows-1252 (Excel's "CSV" on a Western-locale Windows: é, ü, “ ” in single bytes).
    case windows1252
    /// Any other encoding, by the name iconv takes (upper case).
    case iconv(String)

    /// The stable name in results.json.
    public var rawValue: String {
        switch self {
        case .utf8: "utf-8"
        case .utf8BOM: "utf-8-bom"
        case .gb18030: "gb18030"
        case .utf16LE: "utf-16le"
        case .utf16BE: "utf-16be"
        case .windows1252: "windows-1252"
        case .iconv(let name): name.lowercased()
        }
    }

    public init?(rawValue: String) {
        switch rawValue {
        case "utf-8": self = .utf8
        case "utf-8-bom": self = .utf8BOM
        case "gb18030": self = .gb18030
        case "utf-16le": self = .utf16LE
        case "utf-16be": self = .utf16BE
        case "windows-1252": self = .windows1252
        default:
            guard !rawValue.isEmpty, Transcoder.canConvert(from: rawValue.uppercased()) else { return nil }
            self = .iconv(rawValue.uppercased())
        }
    }

    /// The name shown to people.
    public var displayName: String {
        switch self {
        case .utf8: "UTF-8"
        case .utf8BOM: "UTF-8 with BOM"
        case .gb18030: "GB18030"
        case .utf16LE: "UTF-16LE"
        case .utf16BE: "UTF-16BE"
        case .windows1252: "Windows-1252"
        case .iconv(let name): name
        }
    }

    /// Parses the names a user may pass to `--encoding`: `utf8`, `gbk`, `gb2312`, `gb18030`,
    /// `utf-16`, `cp1252`, `windows-1252`, or any other name glibc's iconv knows.
    ///
    /// GBK and GB2312 map to GB18030, which contains them. Returns `nil` for a name iconv does
    /// not know.
    public init?(userName: String) {
        let key = String(userName.lowercased().map { $0 == "_" ? "-" : $0 })
        switch key {
        case "utf8", "utf-8": self = .utf8
        case "utf-8-bom", "utf8-bom", "utf-8-sig", "utf8bom": self = .utf8BOM
        case "gb18030", "gbk", "gb2312", "cp936", "gb-18030": self = .gb18030
        case "utf-16", "utf16", "utf-16le", "utf16le": self = .utf16LE
        case "utf-16be", "utf16be": self = .utf16BE
        case "windows-1252", "cp1252", "windows1252", "win-1252", "ansi": self = .windows1252
        default:
            let name = userName.trimmingBlanks().uppercased()
            guard !name.isEmpty, Transcoder.canConvert(from: name) else { return nil }
            self = .iconv(name)
        }
    }

    /// How many bytes of byte order mark the encoding starts with.
    var bomLength: Int {
        switch self {
        case .utf8BOM: 3
        case .utf16LE, .utf16BE: 2
        case .utf8, .gb18030, .windows1252, .iconv: 0
        }
    }

    /// The name iconv converts from; `nil` for UTF-8, which is read as it is.
    var iconvName: String? {
        switch self {
        case .utf8, .utf8BOM: nil
        case .gb18030: "GB18030"
        case .utf16LE: "UTF-16LE"
        case .utf16BE: "UTF-16BE"
        case .windows1252: "CP1252"
        case .iconv(let name): name
        }
    }

    /// Whether every ASCII character takes one byte, so that delimiters, quotes and line
    /// breaks can be found in the raw bytes (false for UTF-16 and the like).
    var isASCIICompatible: Bool {
        switch self {
        case .utf16LE, .utf16BE: false
        case .iconv(let name): !(name.contains("16") || name.contains("32") || name.contains("UCS") || name.contains("EBCDIC"))
        case .utf8, .utf8BOM, .gb18030, .windows1252: true
        }
    }
}

extension String {
    fileprivate func trimmingBlanks() -> String {
        String(drop { $0 == " " || $0 == "\t" }.reversed().drop { $0 == " " || $0 == "\t" }.reversed())
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
