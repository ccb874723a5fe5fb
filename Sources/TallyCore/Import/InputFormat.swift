import TallyCSV

/// The character encoding of a response file, as detected or as the user gave it: UTF-8
/// (with or without BOM), GB18030, UTF-16LE/BE, Windows-1252, or any encoding iconv knows.
public struct InputEncoding: Sendable, Hashable, RawRepresentable {
    package let textEncoding: TextEncoding

    public static let utf8 = InputEncoding(.utf8)
    public static let utf8BOM = InputEncoding(.utf8BOM)
    public static let gb18030 = InputEncoding(.gb18030)
    public static let utf16LE = InputEncoding(.utf16LE)
    public static let utf16BE = InputEncoding(.utf16BE)
    public static let windows1252 = InputEncoding(.windows1252)

    /// The stable name in results.json (`utf-8`, `gb18030`, `windows-1252`, an iconv name in lower case).
    public var rawValue: String { textEncoding.rawValue }

    public init?(rawValue: String) {
        guard let encoding = TextEncoding(rawValue: rawValue) else { return nil }
        self.init(encoding)
    }

    /// Parses what a user may pass to `--encoding` (`utf8`, `gbk`, `gb2312`, `gb18030`, `utf-16`,
    /// `cp1252`, or any name iconv knows); `nil` for an encoding that cannot be read.
    package init?(userName: String) {
        guard let encoding = TextEncoding(userName: userName) else { return nil }
        self.init(encoding)
    }

    /// The name shown to people (`UTF-8 with BOM`).
    package var displayName: String { textEncoding.displayName }

    init(_ encoding: TextEncoding) { textEncoding = encoding }
}

/// The field delimiter of a response file.
public enum InputDelimiter: Sendable, Equatable {
    case comma, semicolon, tab

    /// Parses what a user may pass to `--delimiter`: `,` `;` `tab` (or `comma`, `semicolon`, `\t`).
    package init?(userName: String) {
        switch userName {
        case ",", "comma": self = .comma
        case ";", "semicolon": self = .semicolon
        case "tab", "\\t", "\t": self = .tab
        default: return nil
        }
    }

    /// The delimiter as results.json and `inspect` name it: `,` `;` or `tab`.
    package var name: String {
        switch self {
        case .comma: ","
        case .semicolon: ";"
        case .tab: "tab"
        }
    }

    var byte: UInt8 {
        switch self {
        case .comma: UInt8(ascii: ",")
        case .semicolon: UInt8(ascii: ";")
        case .tab: UInt8(ascii: "\t")
        }
    }

    /// `nil` for a byte the reader never decides on.
    init?(byte: UInt8) {
        switch byte {
        case UInt8(ascii: ","): self = .comma
        case UInt8(ascii: ";"): self = .semicolon
        case UInt8(ascii: "\t"): self = .tab
        default: return nil
        }
    }
}

/// What was decided about a file before its records were read.
public struct InputFormat: Sendable, Equatable {
    public var encoding: InputEncoding
    public var delimiter: InputDelimiter

    package init(encoding: InputEncoding, delimiter: InputDelimiter) {
        self.encoding = encoding
        self.delimiter = delimiter
    }

    /// The reader only ever decides on `,` `;` or tab (sniffed or given).
    init(_ format: CSVFormat) {
        self.init(encoding: InputEncoding(format.encoding), delimiter: InputDelimiter(byte: format.delimiter) ?? .comma)
    }
}
