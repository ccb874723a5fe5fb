import TallyCSV

/// The character encoding of a response file, as detected or as the user gave it.
public enum InputEncoding: String, Sendable, CaseIterable {
    case utf8 = "utf-8"
    case utf8BOM = "utf-8-bom"
    case gb18030 = "gb18030"
    case utf16LE = "utf-16le"
    case utf16BE = "utf-16be"

    /// Parses what a user may pass to `--encoding` (`utf8`, `gbk`, `gb2312`, `gb18030`, `utf-16`, …);
    /// `nil` for an encoding that cannot be read.
    package init?(userName: String) {
        guard let encoding = TextEncoding(userName: userName) else { return nil }
        self.init(encoding)
    }

    /// The name shown to people (`UTF-8 with BOM`).
    package var displayName: String { textEncoding.displayName }

    init(_ encoding: TextEncoding) { self = InputEncoding(rawValue: encoding.rawValue)! }
    var textEncoding: TextEncoding { TextEncoding(rawValue: rawValue)! }
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
