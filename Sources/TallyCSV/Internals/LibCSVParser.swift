// The only file that calls libcsv. Everything above it sees `CSVRecord` values.
internal import CLibCSV

/// Largest field libcsv may grow its buffer to before we stop it (`CSV_ENOMEM`).
///
/// Without a cap, a stray quote in a lenient parse can turn the rest of a large
/// file into one field (libcsv issue #29).
let maximumFieldSize = 256 << 20

/// libcsv's allocator hook: an ordinary `realloc` that refuses to grow past the cap.
private let cappedRealloc: @convention(c) (UnsafeMutableRawPointer?, Int) -> UnsafeMutableRawPointer? = {
    pointer, size in
    if size > maximumFieldSize { return nil }
    return realloc(pointer, size)
}

/// libcsv's blank test: we keep every blank (RFC 4180); trimming is the importer's decision.
private let keepBlanks: @convention(c) (UInt8) -> Int32 = { _ in 0 }

/// Field callback: decodes the field (it is only valid during this call) and counts
/// the line breaks it holds, so records know the physical line they start on.
private let onField: @convention(c) (UnsafeMutableRawPointer?, Int, UnsafeMutableRawPointer?) -> Void = {
    buffer, length, context in
    let assembler = Unmanaged<RecordAssembler>.fromOpaque(context!).takeUnretainedValue()
    let bytes = UnsafeRawBufferPointer(start: buffer, count: buffer == nil ? 0 : length)
    assembler.field(bytes)
}

/// Record callback. With `CSV_REPALL_NL` it runs for every CR and LF outside a field.
private let onRecord: @convention(c) (Int32, UnsafeMutableRawPointer?) -> Void = { term, context in
    let assembler = Unmanaged<RecordAssembler>.fromOpaque(context!).takeUnretainedValue()
    assembler.endOfRecord(term: term)
}

/// Collects libcsv's callbacks into records and keeps the physical line count.
final class RecordAssembler {
    private(set) var fields: [String] = []
    /// Records finished since the last `drain()`.
    var finished: [CSVRecord] = []
    /// The physical line the parser has reached (1-based).
    private(set) var line = 1
    private var recordLine = 1
    private var inRecord = false
    private var lastTerm: Int32 = 0
    private var rowNumber = 0

    var fieldsInCurrentRecord: Int { fields.count }
    var currentRecordLine: Int { inRecord ? recordLine : line }

    func field(_ bytes: UnsafeRawBufferPointer) {
        if !inRecord {
            inRecord = true
            recordLine = line
        }
        lastTerm = 0
        line += lineBreaks(in: bytes)
        fields.append(String(decoding: bytes, as: UTF8.self))
    }

    func endOfRecord(term: Int32) {
        // The LF of a CRLF arrives as a second, empty record: it ends no new line.
        let secondHalfOfCRLF = !inRecord && term == 10 && lastTerm == 13
        if term == 10 || term == 13, !secondHalfOfCRLF { line += 1 }
        lastTerm = term
        guard inRecord else { return }  // a blank line: no record
        rowNumber += 1
        finished.append(CSVRecord(fields: fields, line: recordLine, row: rowNumber))
        fields.removeAll(keepingCapacity: true)
        inRecord = false
    }
}

/// Why libcsv stopped.
enum LibCSVFailure: Error {
    /// `CSV_EPARSE` at this many bytes into the decoded stream.
    case malformedQuote(streamOffset: Int)
    case unterminatedQuote
    case fieldTooLarge
}

/// A libcsv parser in strict mode, owned by a Swift object (`csv_init` in `init`,
/// `csv_free` in `deinit`). Not thread-safe: use one per reader.
final class LibCSVParser {
    private let parser: UnsafeMutablePointer<csv_parser>
    let assembler = RecordAssembler()
    private var streamOffset = 0
    /// Bytes parsed before the chunk now being parsed.
    var bytesBeforeCurrentChunk: Int { streamOffset }

    init(delimiter: UInt8) {
        parser = .allocate(capacity: 1)
        parser.initialize(to: csv_parser())
        // CSV_STRICT: stray quotes are errors; CSV_STRICT_FINI: so is an unclosed
        // quote at the end; CSV_REPALL_NL: every line break is reported, which is
        // how we count lines (libcsv keeps no line numbers).
        let options = UInt8(CSV_STRICT | CSV_STRICT_FINI | CSV_REPALL_NL)
        let status = csv_init(parser, options)
        precondition(status == 0, "csv_init fails only for a NULL parser")
        csv_set_delim(parser, delimiter)
        csv_set_space_func(parser, keepBlanks)
        csv_set_realloc_func(parser, cappedRealloc)
        csv_set_blk_size(parser, 64 * 1024)
    }

    deinit {
        csv_free(parser)
        parser.deinitialize(count: 1)
        parser.deallocate()
    }

    /// Parses one chunk of UTF-8 bytes; finished records collect in `assembler.finished`.
    ///
    /// The corresponding C function is `csv_parse`.
    func parse(_ chunk: UnsafeRawBufferPointer) throws(LibCSVFailure) {
        guard chunk.count > 0 else { return }
        let context = Unmanaged.passUnretained(assembler).toOpaque()
        let consumed = withExtendedLifetime(assembler) {
            csv_parse(parser, chunk.baseAddress, chunk.count, onField, onRecord, context)
        }
        if consumed != chunk.count {
            // Read the status before anything resets it (csv_fini would).
            let code = csv_error(parser)
            if code == CSV_EPARSE { throw .malformedQuote(streamOffset: streamOffset + consumed) }
            throw .fieldTooLarge
        }
        streamOffset += chunk.count
    }

    /// Parses one chunk held in an array.
    func parse(_ chunk: [UInt8]) throws(LibCSVFailure) {
        do {
            try chunk.withUnsafeBytes { bytes in try parse(bytes) }
        } catch let failure as LibCSVFailure {
            throw failure
        } catch {
            preconditionFailure("parse throws only LibCSVFailure")
        }
    }

    /// Ends the input: delivers a last record without a final line break.
    ///
    /// The corresponding C function is `csv_fini`.
    func finish() throws(LibCSVFailure) {
        let context = Unmanaged.passUnretained(assembler).toOpaque()
        let status = withExtendedLifetime(assembler) {
            csv_fini(parser, onField, onRecord, context)
        }
        if status != 0 { throw .unterminatedQuote }
    }
}

/// Writes one CSV field, always quoted, doubling inner quotes.
///
/// The corresponding C function is `csv_write`.
func quotedCSVField(_ text: String) -> [UInt8] {
    var source = Array(text.utf8)
    let needed = source.withUnsafeMutableBytes { csv_write(nil, 0, $0.baseAddress, $0.count) }
    var output = [UInt8](repeating: 0, count: needed)
    let written = output.withUnsafeMutableBytes { destination in
        source.withUnsafeMutableBytes { csv_write(destination.baseAddress, needed, $0.baseAddress, $0.count) }
    }
    precondition(written == needed)
    return output
}
