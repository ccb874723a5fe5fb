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

    init(file: String, input: ByteInput, encoding: TextEncoding, checkUTF8: Bool) throws(CSVError) {
        self.file = file
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
            if transcoder != nil || validator != nil {
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
                throw CSVError(.encodingChanged(from: encoding), file: file, line: line(at: bad, in: raw))
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
            throw CSVError(.encodingChanged(from: encoding), file: file, line: rawLinesBefore + 1)
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

/// Streams a whole file through the UTF-8 check (the file may start in ASCII and turn GB18030 late).
func detectEncoding(ofFileAt path: String) throws(CSVError) -> TextEncoding {
    let input = try ByteInput(path: path)
    let head = try input.readFully(upTo: 4)
    let fromHead = detectEncoding(sample: head, complete: false)
    if fromHead != .utf8 { return fromHead }
    var validator = UTF8Validator()
    var chunk = head
    while !chunk.isEmpty {
        if chunk.withUnsafeBytes({ validator.validate($0) }) != nil { return .gb18030 }
        chunk = try input.read(upTo: DecodedStream.chunkSize)
    }
    return validator.isIncomplete ? .gb18030 : .utf8
}

