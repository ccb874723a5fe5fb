/// A problem reading a CSV file, with the position where it was found.
///
/// Messages name the file, the line and what to do; they never quote the cell's
/// contents, which are respondents' answers.
public struct CSVError: Error, Equatable, Sendable, CustomStringConvertible {
    /// What went wrong.
    public enum Kind: Equatable, Sendable {
        /// The file could not be opened or read (missing, a folder, no permission).
        case unreadable(reason: String)
        /// The file holds no bytes, or only blank lines: there is no header row.
        case empty
        /// A quote in an unquoted field, or text after a closing quote (libcsv `CSV_EPARSE`).
        case malformedQuote
        /// The file ends inside a quoted field that is never closed.
        case unterminatedQuote
        /// A record has more fields than the header.
        case tooManyFields(expected: Int, found: Int)
        /// A record has fewer fields than the header.
        case tooFewFields(expected: Int, found: Int)
        /// A field exceeds the size limit (libcsv `CSV_ETOOBIG` / `CSV_ENOMEM`).
        case fieldTooLarge(limit: Int)
        /// Bytes that are not valid in the file's encoding.
        case invalidEncoding(TextEncoding)
        /// Standard input was decided to be one encoding but a later byte disagrees.
        case encodingChanged(from: TextEncoding)
        /// `--encoding` names an encoding the bytes cannot be in (UTF-16 given for a one-byte file):
        /// decoded with it, the first line loses every delimiter its raw bytes have.
        case encodingDoesNotFit(given: TextEncoding, looksLike: TextEncoding)
        /// A UTF-16 file without its byte order mark, or another encoding we cannot read.
        case unsupportedEncoding(String)
        /// NUL bytes: not a text file (or UTF-16 that lost its byte order mark).
        case binary
        /// A file being written could not be created or written (no room, no permission).
        case unwritable(reason: String)
    }

    public var kind: Kind
    /// The file as the user named it (`-` for standard input).
    public var file: String
    /// 1-based physical line where the problem is (0 when it concerns the whole file).
    public var line: Int
    /// 1-based field number within the record, when known.
    public var field: Int?

    public init(_ kind: Kind, file: String, line: Int = 0, field: Int? = nil) {
        self.kind = kind
        self.file = file
        self.line = line
        self.field = field
    }

    public var description: String {
        let position = line > 0 ? "\(file):\(line)" : file
        return "\(position): error: \(message)"
    }

    /// The message without its position.
    public var message: String {
        switch kind {
        case .unreadable(let reason):
            return "cannot read the file (\(reason)); check the path and its permissions"
        case .empty:
            return "the file is empty: it has no header row; export the responses again"
        case .malformedQuote:
            let at = field.map { " in field \($0)" } ?? ""
            return "a quote character\(at) is out of place (a quote inside an unquoted field, or text after a closing quote); "
                + "open the file in a spreadsheet, fix that cell and save it again"
        case .unterminatedQuote:
            return "a quoted field that starts in the record on this line is never closed; "
                + "the file may be truncated: export it again"
        case .tooManyFields(let expected, let found):
            return "this record has \(found) fields but the header has \(expected); "
                + "a cell probably holds an unquoted delimiter (pass --skip-bad-rows to list such rows and go on)"
        case .tooFewFields(let expected, let found):
            return "this record has \(found) fields but the header has \(expected); "
                + "the file may be truncated (pass --skip-bad-rows to list such rows and go on)"
        case .fieldTooLarge(let limit):
            return "a field is larger than \(limit / (1 << 20)) MiB; the file is probably not a survey export "
                + "or has an unclosed quote"
        case .invalidEncoding(let encoding):
            return "bytes here are not valid \(encoding.displayName)"
                + (encoding == .gb18030 ? "; the file is neither UTF-8, GB18030 nor Windows-1252" : "")
                + ": save it again as CSV UTF-8, or pass the encoding it was saved in (--encoding NAME, any name iconv knows, e.g. big5)"
        case .encodingDoesNotFit(let given, let looksLike):
            return "--encoding \(given.displayName) does not fit this file: decoded so, its first line holds no comma, "
                + "semicolon or tab, while its bytes do, and they look like \(looksLike.displayName); "
                + "leave out --encoding (it is detected), or pass --encoding \(looksLike.rawValue)"
        case .encodingChanged(let encoding):
            return "standard input looked like \(encoding.displayName) in its first megabyte but this line is not; "
                + "pass --encoding, or give the file by path so the whole file decides"
        case .unsupportedEncoding(let name):
            return "cannot read the \(name) encoding; save the file as UTF-8 (CSV UTF-8 in Excel)"
        case .binary:
            return "the file holds NUL bytes here: it is not a CSV text file (a workbook named .csv, or text that "
                + "lost its encoding mark); an Excel workbook is read as it is when named .xlsx, else save it as CSV UTF-8"
        case .unwritable(let reason):
            return "cannot write the file (\(reason)); check that its folder exists, is writable and has room"
        }
    }
}
