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
public final class CSVReader {
    /// The file as the user named it.
    public let file: String
    /// The encoding and delimiter in use, detected or given.
    public let format: CSVFormat
    /// Standard input's first megabyte, read to decide the format; `nil` for a file.
    private var stdinPrefix: [UInt8]?
    private var stdinConsumed = false
    private let encodingWasGiven: Bool

    /// Opens `path` (or `-` for standard input) and decides its format.
    ///
    /// - Throws: `CSVError` when the file cannot be read, is empty, or its encoding is unreadable.
    public init(path: String, options: CSVReadOptions = CSVReadOptions()) throws(CSVError) {
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
            } else {
                encoding = try detectEncoding(ofFileAt: path)
            }
        }
        let sample = try Self.decodedSample(path: path, prefix: stdinPrefix, encoding: encoding)
        if sample.allSatisfy({ $0 == 10 || $0 == 13 || $0 == 32 || $0 == 9 }) {
            throw CSVError(.empty, file: path)
        }
        format = CSVFormat(encoding: encoding, delimiter: options.delimiter ?? DelimiterSniffer.sniff(sample))
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
        let input: ByteInput
        if let stdinPrefix {
            precondition(!stdinConsumed, "standard input can be read only once")
            stdinConsumed = true
            input = try ByteInput(path: "-")
            input.unread(stdinPrefix)
        } else {
            input = try ByteInput(path: file)
        }
        // UTF-8 is checked as it streams when it was not proven on the whole file first:
        // standard input (decided on its first megabyte) and an encoding given by the user.
        let stream = try DecodedStream(
            file: file, input: input, encoding: format.encoding, checkUTF8: stdinPrefix != nil || encodingWasGiven,
            decidedOnPrefix: stdinPrefix != nil && !encodingWasGiven)
        let parser = LibCSVParser(delimiter: format.delimiter)
        var width: Int?
        var linesBeforeChunk = 0
        var sawRecord = false

        func deliver() throws {
            let records = parser.assembler.finished
            parser.assembler.finished.removeAll(keepingCapacity: true)
            for var record in records {
                sawRecord = true
                guard let expected = width else {
                    width = record.fields.count
                    try body(record)
                    continue
                }
                if record.fields.count > expected,
                    record.fields[expected...].allSatisfy({ $0.isEmpty })
                {
                    record.fields.removeSubrange(expected...)
                }
                if record.fields.count != expected {
                    let kind: CSVError.Kind =
                        record.fields.count > expected
                        ? .tooManyFields(expected: expected, found: record.fields.count)
                        : .tooFewFields(expected: expected, found: record.fields.count)
                    let error = CSVError(kind, file: file, line: record.line)
                    switch badRows {
                    case .fail: throw error
                    case .report(let handler): handler(error, record)
                    }
                    continue
                }
                try body(record)
            }
        }

        while let chunk = try stream.next() {
            do {
                try parser.parse(chunk)
            } catch let error as LibCSVFailure {
                try deliver()
                throw csvError(error, chunk: chunk, linesBeforeChunk: linesBeforeChunk, parser: parser)
            }
            try deliver()
            linesBeforeChunk += lineFeeds(in: chunk)
        }
        do {
            try parser.finish()
        } catch {
            try deliver()
            throw CSVError(.unterminatedQuote, file: file, line: parser.assembler.currentRecordLine)
        }
        try deliver()
        if !sawRecord { throw CSVError(.empty, file: file) }
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
