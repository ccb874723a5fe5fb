/// Options for reading a CSV file. `nil` means "detect".
public struct CSVReadOptions: Sendable {
    /// Forces the encoding instead of detecting it (BOM, then strict UTF-8 over the whole file, then GB18030).
    public var encoding: TextEncoding?
    /// Forces the delimiter instead of sniffing it among `,` `;` and tab.
    public var delimiter: UInt8?

    public init(encoding: TextEncoding? = nil, delimiter: UInt8? = nil) {
        self.encoding = encoding
        self.delimiter = delimiter
    }
}

/// What a read covered: records (the header included) and line breaks.
@_spi(Engine) public struct CSVReadSummary: Sendable {
    /// Records read (for a whole file, the header is one of them).
    @_spi(Engine) public var rows: Int
    /// Line breaks read: a part that ends with a line break moves the next part's lines down by this much.
    @_spi(Engine) public var lines: Int
}

/// Reads a CSV file record by record with libcsv, in fixed-size chunks: never the whole
/// file in memory.
///
/// The encoding is decided on the whole file before the first record is read (a
/// GB18030 file often starts in plain ASCII); standard input (`-`) is decided on its
/// first megabyte, and a later byte that disagrees is an error naming its line.
/// Parsing is strict: a stray quote or an unclosed quoted field stops with the line.
///
/// ```swift
/// let reader = try CSVReader(path: "responses.csv")
/// try reader.forEachRecord { record in print(record.row, record.fields) }
/// ```
///
/// Parts of a file (`likelyRecordRanges`) may be read from several threads at once: each
/// read has its own input and parser, and the reader's only mutable state concerns
/// standard input, which cannot be split.
public final class CSVReader: @unchecked Sendable {
    /// The file as the user named it.
    public let file: String
    /// The encoding and delimiter in use, detected or given.
    public let format: CSVFormat
    /// Standard input's first megabyte, read to decide the format; `nil` for a file.
    private var stdinPrefix: [UInt8]?
    private var stdinConsumed = false
    private let encodingWasGiven: Bool
    /// `false` when the encoding was decided on the first megabyte and the readers check the rest.
    private var encodingProven = true
    /// Size of a regular file in bytes (0 for standard input).
    package private(set) var fileSize = 0

    /// Opens `path` (or `-` for standard input) and decides its format.
    ///
    /// - Throws: `CSVError` when the file cannot be read, is empty, or its encoding is unreadable.
    ///
    /// - Parameter checkEncodingWhileReading: decide the encoding on the first megabyte, as for
    ///   standard input, and check the rest while reading (a later byte that is not UTF-8
    ///   is then an `encodingChanged` error). Saves a pass over a large file that is read in parts.
    public init(path: String, options: CSVReadOptions = CSVReadOptions(), checkEncodingWhileReading: Bool = false)
        throws(CSVError)
    {
        file = path
        encodingWasGiven = options.encoding != nil
        let encoding: TextEncoding
        if path == "-" {
            let head = try ByteInput(path: "-").readFully(upTo: DecodedStream.chunkSize)
            stdinPrefix = head
            if let given = options.encoding {
                encoding = given
            } else if let nul = head.firstIndex(of: 0) {
                guard let utf16 = guessUTF16WithoutBOM(head[...]) else {
                    throw CSVError(.binary, file: path, line: head[..<nul].filter { $0 == 10 }.count + 1)
                }
                encoding = utf16
            } else {
                encoding = detectEncoding(sample: head, complete: head.count < DecodedStream.chunkSize)
            }
        } else {
            if let given = options.encoding {
                encoding = given
            } else if checkEncodingWhileReading {
                let head = try ByteInput(path: path).readFully(upTo: DecodedStream.chunkSize)
                if head.contains(0) {
                    encoding = try detectEncoding(ofFileAt: path)
                } else {
                    encoding = detectEncoding(sample: head, complete: head.count < DecodedStream.chunkSize)
                    encodingProven = encoding != .utf8
                }
            } else {
                encoding = try detectEncoding(ofFileAt: path)
            }
            fileSize = regularFileSize(path) ?? 0
        }
        let sample = try Self.decodedSample(path: path, prefix: stdinPrefix, encoding: encoding)
        if let given = options.encoding {
            try Self.check(given: given, path: path, prefix: stdinPrefix, decoded: sample)
        }
        if sample.allSatisfy({ $0 == 10 || $0 == 13 || $0 == 32 || $0 == 9 }) {
            throw CSVError(.empty, file: path)
        }
        format = CSVFormat(encoding: encoding, delimiter: options.delimiter ?? DelimiterSniffer.sniff(sample))
    }

    /// A given encoding that cannot be the file's: decoded with it, the first line has no
    /// delimiter although its raw bytes have one (`--encoding utf-16` on a one-byte file turns
    /// every pair of bytes into one CJK-looking character). Reading on would give one column
    /// of garbage and no ballot: an error instead, saying what the bytes look like.
    private static func check(given: TextEncoding, path: String, prefix: [UInt8]?, decoded: [UInt8]) throws(CSVError) {
        let raw: [UInt8]
        if let prefix { raw = prefix } else { raw = try ByteInput(path: path).readFully(upTo: 1 << 16) }
        func firstLineHasDelimiter(_ bytes: [UInt8]) -> Bool {
            for byte in bytes {
                if byte == 10 { return false }
                if byte == UInt8(ascii: ",") || byte == UInt8(ascii: ";") || byte == 9 { return true }
            }
            return false
        }
        guard raw.count >= 2, firstLineHasDelimiter(raw), !firstLineHasDelimiter(decoded) else { return }
        if raw.contains(0), guessUTF16WithoutBOM(raw[...]) != nil { return }
        let looksLike = detectEncoding(sample: raw, complete: raw.count < 1 << 16)
        guard looksLike != given else { return }
        throw CSVError(.encodingDoesNotFit(given: given, looksLike: looksLike), file: path, line: 1)
    }

    private static func decodedSample(path: String, prefix: [UInt8]?, encoding: TextEncoding) throws(CSVError)
        -> [UInt8]
    {
        let input: ByteInput
        if let prefix {
            input = ByteInput(bytes: prefix)
        } else {
            input = try ByteInput(path: path)
        }
        let stream = try DecodedStream(file: path, input: input, encoding: encoding, checkUTF8: false)
        do {
            return try stream.next() ?? []
        } catch {
            // An encoding error is reported with its line when the records are read; the
            // delimiters are ASCII, so the raw bytes serve to sniff them meanwhile.
            guard case .invalidEncoding = error.kind, prefix == nil else { throw error }
            return try ByteInput(path: path).read(upTo: DecodedStream.chunkSize)
        }
    }

    /// What to do with a record whose field count differs from the header's.
    public enum BadRowPolicy {
        /// Stop with a `CSVError` naming the line (the default).
        case fail
        /// Hand the error and the record to a closure and go on.
        case report((CSVError, CSVRecord) -> Void)
    }

    /// Calls `body` with every record, the header first (row 1).
    ///
    /// Blank lines are skipped (they are not records). A record with more fields than the
    /// header is accepted when the extra fields are all empty (腾讯问卷 ends lines with a comma);
    /// otherwise a record of the wrong width goes to `badRows`.
    ///
    /// A file can be read more than once; standard input only once.
    public func forEachRecord(
        badRows: BadRowPolicy = .fail, _ body: (CSVRecord) throws -> Void
    ) throws {
        try forEachRawRecord(badRows: badRows) { record in try body(record.materialized()) }
    }

    /// Calls `body` with every record as bytes (see `CSVRawRecord`), the header first; the
    /// same records, rows and lines as `forEachRecord`, without a string per field.
    ///
    /// - Parameters:
    ///   - range: a part of the file from `likelyRecordRanges(parts:fieldsPerRecord:)`. Its rows and lines
    ///     count from 1 at the range's start; a range after the first has no header, so
    ///     `expectedWidth` gives the header's field count. An error in a part gives the line
    ///     of its record in the part, or of the part's start for encoding errors and stray
    ///     quotes (parts are read for speed: read the whole file again for exact positions).
    ///   - progress: called after each chunk with the bytes of input read so far and the records.
    ///   - utf8CheckedByCaller: for a part (`range`) of a file whose UTF-8 was decided on its first
    ///     megabyte: the caller checks every field itself (`validatedString`, `isValidUTF8`),
    ///     most of them once per distinct value, instead of this reader checking every byte.
    /// - Returns: how many rows and lines were read.
    @discardableResult
    @_spi(Engine) public func forEachRawRecord(
        range: Range<Int>? = nil, expectedWidth: Int? = nil, badRows: BadRowPolicy = .fail,
        progress: ((_ bytes: Int, _ rows: Int) -> Void)? = nil, utf8CheckedByCaller: Bool = false,
        _ body: (CSVRawRecord) throws -> Void
    ) throws -> CSVReadSummary {
        let input: ByteInput
        if let stdinPrefix {
            precondition(!stdinConsumed, "standard input can be read only once")
            stdinConsumed = true
            input = try ByteInput(path: "-")
            input.unread(stdinPrefix)
        } else if let range {
            input = try ByteInput(path: file, range: range)
        } else {
            input = try ByteInput(path: file)
        }
        // UTF-8 is checked as it streams when it was not proven on the whole file first:
        // standard input (decided on its first megabyte), an encoding given by the user, a
        // file whose check was left to its readers.
        let streamChecks =
            (stdinPrefix != nil || encodingWasGiven || !encodingProven) && !(utf8CheckedByCaller && range != nil)
        let stream = try DecodedStream(
            file: file, input: input, encoding: format.encoding, checkUTF8: streamChecks,
            decidedOnPrefix: (stdinPrefix != nil || !encodingProven) && !encodingWasGiven,
            atStart: (range?.lowerBound ?? 0) == 0, countsLines: range == nil)
        let parser = LibCSVParser(delimiter: format.delimiter)
        var width = expectedWidth
        var linesBeforeChunk = 0
        var sawRecord = false

        func deliver() throws {
            defer { parser.assembler.batch.removeFinished() }
            let batch = parser.assembler.batch
            guard !batch.records.isEmpty else { return }
            try batch.forEachRecord { record in
                sawRecord = true
                guard let expected = width else {
                    width = record.count
                    try body(record)
                    return
                }
                var record = record
                if record.count > expected, (expected..<record.count).allSatisfy({ record.byteCount($0) == 0 }) {
                    record = record.prefix(expected)
                }
                if record.count != expected {
                    let kind: CSVError.Kind =
                        record.count > expected
                        ? .tooManyFields(expected: expected, found: record.count)
                        : .tooFewFields(expected: expected, found: record.count)
                    let error = CSVError(kind, file: file, line: record.line)
                    switch badRows {
                    case .fail: throw error
                    case .report(let handler): handler(error, record.materialized())
                    }
                    return
                }
                try body(record)
            }
        }

        while let chunk = try stream.next() {
            do {
                try parser.parse(chunk)
            } catch {
                try deliver()
                throw csvError(error, chunk: chunk, linesBeforeChunk: linesBeforeChunk, parser: parser)
            }
            try deliver()
            if range == nil { linesBeforeChunk += lineFeeds(in: chunk) }
            progress?(input.bytesRead, parser.assembler.rowNumber)
        }
        if range != nil && range!.upperBound < fileSize && !parser.atRecordBoundary {
            // The range does not end between two records: the split fell inside a quoted field
            // (see `likelyRecordRanges`), or the file changed under us.
            throw CSVError(.unterminatedQuote, file: file, line: parser.assembler.currentRecordLine)
        }
        do {
            try parser.finish()
        } catch {
            try deliver()
            throw CSVError(.unterminatedQuote, file: file, line: parser.assembler.currentRecordLine)
        }
        try deliver()
        if !sawRecord && (range?.lowerBound ?? 0) == 0 { throw CSVError(.empty, file: file) }
        return CSVReadSummary(rows: parser.assembler.rowNumber, lines: parser.assembler.line - 1)
    }

    /// Splits a regular file into up to `parts` byte ranges to be read side by side with
    /// `forEachRawRecord(range:)`, each starting where a record very probably starts: after a
    /// line break, on a line that holds at least `fieldsPerRecord − 1` delimiters (a line
    /// inside a quoted comment seldom does). Only a few kilobytes around each split are read.
    ///
    /// "Probably" is enough: reading a range checks that it ends between two records, so a
    /// split inside a quoted field makes the read of the part before it fail, and the caller
    /// reads the file in one piece instead. (The delimiter, quote and line-break bytes never
    /// occur inside a GB18030 character, so raw GB18030 bytes split the same way.)
    ///
    /// - Returns: `nil` for standard input, UTF-16, a file smaller than `minimumPartSize` per
    ///   part, or when no line near a split point looks like the start of a record.
    package func likelyRecordRanges(parts: Int, minimumPartSize: Int = 4 << 20, fieldsPerRecord: Int) throws(CSVError)
        -> [Range<Int>]?
    {
        guard parts > 1, stdinPrefix == nil, fileSize >= parts * minimumPartSize else { return nil }
        switch format.encoding {
        case .utf16LE, .utf16BE, .iconv: return nil
        case .utf8, .utf8BOM, .gb18030, .windows1252: break
        }
        let window = 1 << 18
        var starts = [0]
        for part in 1..<parts {
            let target = fileSize / parts * part
            let bytes = try ByteInput(path: file, range: target..<min(fileSize, target + window)).readFully(upTo: window)
            guard let start = firstLikelyRecordStart(in: bytes, fieldsPerRecord: fieldsPerRecord), target + start > starts.last!
            else { return nil }
            starts.append(target + start)
        }
        starts.append(fileSize)
        return (0..<parts).map { starts[$0]..<starts[$0 + 1] }
    }

    /// The offset just after the first LF in `bytes` whose next line is whole in `bytes` and
    /// holds at least `fieldsPerRecord − 1` delimiters.
    private func firstLikelyRecordStart(in bytes: [UInt8], fieldsPerRecord: Int) -> Int? {
        var lineStart: Int?
        var delimiters = 0
        for (index, byte) in bytes.enumerated() {
            if byte == 10 {
                if let start = lineStart, delimiters >= fieldsPerRecord - 1 { return start }
                lineStart = index + 1
                delimiters = 0
            } else if byte == format.delimiter {
                delimiters += 1
            }
        }
        return nil
    }

    private func csvError(_ failure: LibCSVFailure, chunk: [UInt8], linesBeforeChunk: Int, parser: LibCSVParser)
        -> CSVError
    {
        switch failure {
        case .malformedQuote(let streamOffset):
            let chunkStart = parser.bytesBeforeCurrentChunk
            let offset = min(chunk.count, max(0, streamOffset - chunkStart))
            let line = linesBeforeChunk + lineFeeds(in: chunk, before: offset) + 1
            return CSVError(.malformedQuote, file: file, line: line, field: parser.assembler.fieldsInCurrentRecord + 1)
        case .unterminatedQuote:
            return CSVError(.unterminatedQuote, file: file, line: parser.assembler.currentRecordLine)
        case .fieldTooLarge:
            return CSVError(
                .fieldTooLarge(limit: maximumFieldSize), file: file, line: parser.assembler.currentRecordLine)
        }
    }
}
