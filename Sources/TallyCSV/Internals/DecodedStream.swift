/// A file's bytes as UTF-8 chunks: byte order mark removed, GB18030 and UTF-16 transcoded,
/// and (for standard input, decided on its first megabyte) UTF-8 checked as it goes.
final class DecodedStream {
    static let chunkSize = 1 << 20

    private let file: String
    private let encoding: TextEncoding
    private let input: ByteInput
    private let transcoder: Transcoder?
    private var validator: UTF8Validator?
    private var atStart = true
    /// LF bytes in the raw input before the current chunk (for positions of encoding errors).
    private var rawLinesBefore = 0
    /// Whether encoding errors need their line (not for a part of a file: see `CSVReader.forEachRawRecord`).
    private let countsLines: Bool

    /// `true` for standard input, whose encoding was decided on its first megabyte only.
    private let decidedOnPrefix: Bool

    init(file: String, input: ByteInput, encoding: TextEncoding, checkUTF8: Bool, decidedOnPrefix: Bool = false,
        atStart: Bool = true, countsLines: Bool = true
    ) throws(CSVError) {
        self.file = file
        self.countsLines = countsLines
        self.atStart = atStart
        self.decidedOnPrefix = decidedOnPrefix
        self.input = input
        self.encoding = encoding
        if let name = encoding.iconvName {
            guard let converter = Transcoder(from: name) else {
                throw CSVError(.unsupportedEncoding(encoding.displayName), file: file)
            }
            transcoder = converter
            validator = nil
        } else {
            transcoder = nil
            validator = checkUTF8 ? UTF8Validator() : nil
        }
    }

    /// The next chunk of UTF-8, or `nil` at the end of the input.
    func next() throws(CSVError) -> [UInt8]? {
        while true {
            var raw = try readChunk()
            if raw.isEmpty {
                try finish()
                return nil
            }
            if atStart {
                atStart = false
                let bom = encoding.bomLength
                if bom > 0 && raw.count >= bom && hasBOM(raw, for: encoding) { raw.removeFirst(bom) }
            }
            let decoded = try decode(raw)
            if !decoded.isEmpty { return decoded }
        }
    }

    private func readChunk() throws(CSVError) -> [UInt8] {
        do {
            return try input.read(upTo: Self.chunkSize)
        } catch {
            throw CSVError(error.kind, file: file)
        }
    }

    private func decode(_ raw: [UInt8]) throws(CSVError) -> [UInt8] {
        defer {
            if countsLines && (transcoder != nil || validator != nil) {
                rawLinesBefore += raw.withUnsafeBytes { lineFeeds(in: $0) }
            }
        }
        if let transcoder {
            do {
                return try transcoder.convert(raw)
            } catch .invalid(let offset) {
                throw CSVError(.invalidEncoding(encoding), file: file, line: line(at: max(0, offset), in: raw))
            } catch {
                throw CSVError(.invalidEncoding(encoding), file: file, line: line(at: raw.count, in: raw))
            }
        }
        if validator != nil {
            let bad = raw.withUnsafeBytes { validator!.validate($0) }
            if let bad {
                let kind: CSVError.Kind = decidedOnPrefix ? .encodingChanged(from: encoding) : .invalidEncoding(encoding)
                throw CSVError(kind, file: file, line: line(at: bad, in: raw))
            }
        }
        return raw
    }

    private func finish() throws(CSVError) {
        do {
            try transcoder?.finish()
        } catch {
            throw CSVError(.invalidEncoding(encoding), file: file, line: rawLinesBefore + 1)
        }
        if validator?.isIncomplete == true {
            let kind: CSVError.Kind = decidedOnPrefix ? .encodingChanged(from: encoding) : .invalidEncoding(encoding)
            throw CSVError(kind, file: file, line: rawLinesBefore + 1)
        }
    }

    private func line(at offset: Int, in raw: [UInt8]) -> Int {
        rawLinesBefore + raw.withUnsafeBytes { lineFeeds(in: UnsafeRawBufferPointer(rebasing: $0[..<offset])) } + 1
    }
}

func hasBOM(_ bytes: [UInt8], for encoding: TextEncoding) -> Bool {
    switch encoding {
    case .utf8BOM: bytes.starts(with: [0xEF, 0xBB, 0xBF])
    case .utf16LE: bytes.starts(with: [0xFF, 0xFE])
    case .utf16BE: bytes.starts(with: [0xFE, 0xFF])
    case .utf8, .gb18030, .windows1252, .iconv: false
    }
}

/// Decides a file's encoding: a byte order mark, else strict UTF-8 over every byte given, else
/// GB18030 or Windows-1252 as `LegacyEncodingScorer` judges the bytes.
///
/// - Parameter complete: `false` when `sample` is only the start of the input (standard input),
///   so a character cut at its end does not count against UTF-8.
func detectEncoding(sample: [UInt8], complete: Bool) -> TextEncoding {
    if sample.starts(with: [0xEF, 0xBB, 0xBF]) { return .utf8BOM }
    if sample.starts(with: [0xFF, 0xFE]) { return .utf16LE }
    if sample.starts(with: [0xFE, 0xFF]) { return .utf16BE }
    var validator = UTF8Validator()
    let bad = sample.withUnsafeBytes { validator.validate($0) }
    if bad == nil && !(complete && validator.isIncomplete) { return .utf8 }
    var scorer = LegacyEncodingScorer()
    sample.withUnsafeBytes { scorer.feed($0) }
    return scorer.decision(complete: complete)
}

/// Tells GB18030 (Excel's CSV on a Chinese Windows) from Windows-1252 (on a Western one) by
/// the bytes of a file that is not UTF-8.
///
/// GB18030 text is pairs (and rare quadruples) of bytes whose first is 0x81–0xFE; Chinese text
/// is almost all GB2312 characters, whose two bytes are both 0xA1–0xFE. Windows-1252 text has
/// its accented letters one byte each among ASCII (`café,` is no GB18030 at all; `été` pairs
/// 0xE9 with `t`, outside GB2312). So: bytes that are not GB18030 are Windows-1252 (when every
/// byte is defined there: 0x81, 0x8D, 0x8F, 0x90 and 0x9D are not); GB18030 bytes of which at
/// least 80% of the characters are GB2312's are GB18030; others are Windows-1252 when they can be.
struct LegacyEncodingScorer {
    private var stage = 0
    private var lead: UInt8 = 0
    private(set) var isGB18030 = true
    private(set) var isWindows1252 = true
    /// Multi-byte GB18030 characters, and those of them in GB2312's rows (both bytes 0xA1–0xFE).
    private(set) var characters = 0
    private(set) var gb2312Characters = 0

    mutating func feed(_ bytes: UnsafeRawBufferPointer) {
        for byte in bytes {
            if byte == 0x81 || byte == 0x8D || byte == 0x8F || byte == 0x90 || byte == 0x9D { isWindows1252 = false }
            guard isGB18030 else { continue }
            switch stage {
            case 0:
                if byte < 0x80 { continue }
                if byte >= 0x81 && byte <= 0xFE {
                    lead = byte
                    stage = 1
                } else {
                    isGB18030 = false
                }
            case 1:
                if (byte >= 0x40 && byte <= 0x7E) || (byte >= 0x80 && byte <= 0xFE) {
                    characters += 1
                    if lead >= 0xA1 && byte >= 0xA1 { gb2312Characters += 1 }
                    stage = 0
                } else if byte >= 0x30 && byte <= 0x39 {
                    stage = 2
                } else {
                    isGB18030 = false
                }
            case 2:
                if byte >= 0x81 && byte <= 0xFE { stage = 3 } else { isGB18030 = false }
            default:
                if byte >= 0x30 && byte <= 0x39 {
                    characters += 1
                    stage = 0
                } else {
                    isGB18030 = false
                }
            }
        }
    }

    /// The encoding the bytes fed so far are in. GB18030 when nothing fits (its error names the line).
    func decision(complete: Bool) -> TextEncoding {
        let gb = isGB18030 && (!complete || stage == 0)
        if gb && (!isWindows1252 || gb2312Characters * 10 >= characters * 8) { return .gb18030 }
        return isWindows1252 ? .windows1252 : .gb18030
    }
}

/// UTF-16 written without its byte order mark. In UTF-16LE every ASCII character (the
/// delimiters and line breaks of a CSV at least) has a NUL at an odd position, and no NUL sits
/// at an even position unless text holds U+xx00 characters (一 is U+4E00); big-endian is the
/// mirror image. Four to one is the bar, and NULs must be at least 3% of the bytes (a CSV's
/// delimiters, digits and line breaks are ASCII; random binary data has about 0.4%).
/// Binary data has NULs at both.
func guessUTF16WithoutBOM(_ sample: ArraySlice<UInt8>) -> TextEncoding? {
    let head = sample.prefix(4096)
    var oddZeros = 0
    var evenZeros = 0
    for (index, byte) in head.enumerated() where byte == 0 {
        if index % 2 == 1 { oddZeros += 1 } else { evenZeros += 1 }
    }
    let enough = { (zeros: Int) in zeros >= 4 && zeros * 33 >= head.count }
    if enough(oddZeros) && evenZeros * 4 <= oddZeros { return .utf16LE }
    if enough(evenZeros) && oddZeros * 4 <= evenZeros { return .utf16BE }
    return nil
}

/// Streams a whole file through the UTF-8 check (the file may start in ASCII and turn GB18030
/// late) and the GB18030/Windows-1252 scorer, and through a NUL check: NUL bytes mean a binary
/// file, or UTF-16 without its BOM.
func detectEncoding(ofFileAt path: String) throws(CSVError) -> TextEncoding {
    let input = try ByteInput(path: path)
    let head = try input.readFully(upTo: 4)
    let fromHead = detectEncoding(sample: head, complete: false)
    if fromHead == .utf8BOM || fromHead == .utf16LE || fromHead == .utf16BE { return fromHead }
    var validator = UTF8Validator()
    var scorer = LegacyEncodingScorer()
    var utf8 = true
    var chunk = head + (try input.read(upTo: DecodedStream.chunkSize))
    var lines = 0
    var first = true
    while !chunk.isEmpty {
        if let nul = chunk.firstIndex(of: 0) {
            if first, let utf16 = guessUTF16WithoutBOM(chunk[...]) { return utf16 }
            let line = lines + chunk.withUnsafeBytes { lineFeeds(in: UnsafeRawBufferPointer(rebasing: $0[..<nul])) } + 1
            throw CSVError(.binary, file: path, line: line)
        }
        if utf8 && chunk.withUnsafeBytes({ validator.validate($0) }) != nil { utf8 = false }
        // Scored from the first chunk that is not UTF-8 on (the chunks before it are ASCII, or
        // nearly: a UTF-8 file costs no second pass).
        if !utf8 { chunk.withUnsafeBytes { scorer.feed($0) } }
        lines += chunk.withUnsafeBytes { lineFeeds(in: $0) }
        first = false
        chunk = try input.read(upTo: DecodedStream.chunkSize)
    }
    return utf8 && !validator.isIncomplete ? .utf8 : scorer.decision(complete: true)
}
