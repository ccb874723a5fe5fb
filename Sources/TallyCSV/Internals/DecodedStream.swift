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
        switch encoding {
        case .utf8, .utf8BOM:
            transcoder = nil
            validator = checkUTF8 ? UTF8Validator() : nil
        case .gb18030, .utf16LE, .utf16BE:
            let name =
                encoding == .gb18030 ? "GB18030" : encoding == .utf16LE ? "UTF-16LE" : "UTF-16BE"
            guard let converter = Transcoder(from: name) else {
                throw CSVError(.unsupportedEncoding(encoding.displayName), file: file)
            }
            transcoder = converter
            validator = nil
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
    case .utf8, .gb18030: false
    }
}

/// Decides a file's encoding: a byte order mark, else strict UTF-8 over every byte given, else GB18030.
///
/// - Parameter complete: `false` when `sample` is only the start of the input (standard input),
///   so a character cut at its end does not count against UTF-8.
func detectEncoding(sample: [UInt8], complete: Bool) -> TextEncoding {
    if sample.starts(with: [0xEF, 0xBB, 0xBF]) { return .utf8BOM }
    if sample.starts(with: [0xFF, 0xFE]) { return .utf16LE }
    if sample.starts(with: [0xFE, 0xFF]) { return .utf16BE }
    var validator = UTF8Validator()
    let bad = sample.withUnsafeBytes { validator.validate($0) }
    if bad != nil || (complete && validator.isIncomplete) { return .gb18030 }
    return .utf8
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
/// late), and through a NUL check: NUL bytes mean a binary file, or UTF-16 without its BOM.
func detectEncoding(ofFileAt path: String) throws(CSVError) -> TextEncoding {
    let input = try ByteInput(path: path)
    let head = try input.readFully(upTo: 4)
    let fromHead = detectEncoding(sample: head, complete: false)
    if fromHead != .utf8 { return fromHead }
    var validator = UTF8Validator()
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
        lines += chunk.withUnsafeBytes { lineFeeds(in: $0) }
        first = false
        chunk = try input.read(upTo: DecodedStream.chunkSize)
    }
    return utf8 && !validator.isIncomplete ? .utf8 : .gb18030
}

