// The only file that calls libcsv. Everything above it sees `CSVRecord` values.
internal import CLibCSV
import Glibc

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

/// Whether libcsv's own blank handling could change anything in `chunk`: a space or tab
/// outside quotes at either end of the chunk, or next to the delimiter, a quote, a line break
/// or another blank. libcsv trims such blanks from unquoted fields and skips them around
/// quotes; it keeps every other one. When there is none, the chunk is parsed without our
/// blank test, which libcsv otherwise calls for every byte of every unquoted field.
///
/// - Parameter startsInQuotes: the chunk starts inside a quoted field (an odd number of
///   quotes came before it; in a file that libcsv parses strictly, quotes pair up).
/// - Returns: the answer, and whether the chunk ends inside quotes.
func hasEdgeBlank(_ chunk: UnsafeRawBufferPointer, delimiter: UInt8, startsInQuotes: Bool) -> (Bool, endsInQuotes: Bool) {
    guard let base = chunk.baseAddress, chunk.count > 0 else { return (false, startsInQuotes) }
    func isEdge(_ byte: UInt8) -> Bool {
        byte == delimiter || byte == 34 || byte == 10 || byte == 13 || byte == 32 || byte == 9
    }
    let endsInQuotes = startsInQuotes != (countQuotes(chunk) % 2 == 1)
    for blank in [UInt8(32), UInt8(9)] {
        var offset = 0
        var inQuotes = startsInQuotes
        var quotesCountedTo = 0
        while offset < chunk.count {
            guard let found = memchr(base + offset, Int32(blank), chunk.count - offset) else { break }
            let at = base.distance(to: UnsafeRawPointer(found))
            offset = at + 1
            if at == 0 || at == chunk.count - 1 { return (true, endsInQuotes) }
            guard isEdge(chunk[at - 1]) || isEdge(chunk[at + 1]) else { continue }
            let quotes = countQuotes(UnsafeRawBufferPointer(rebasing: chunk[quotesCountedTo..<at]))
            quotesCountedTo = at
            if quotes % 2 == 1 { inQuotes.toggle() }
            if !inQuotes || chunk[at - 1] == 34 || chunk[at + 1] == 34 { return (true, endsInQuotes) }
        }
    }
    return (false, endsInQuotes)
}

/// Whether `bytes` holds a CR or LF, eight bytes at a time.
@inline(__always)
func containsLineBreak(_ bytes: UnsafeRawBufferPointer) -> Bool {
    let ones: UInt64 = 0x0101_0101_0101_0101
    let high: UInt64 = 0x8080_8080_8080_8080
    @inline(__always) func hasZero(_ x: UInt64) -> Bool { (x &- ones) & ~x & high != 0 }
    var offset = 0
    while offset + 8 <= bytes.count {
        let word = bytes.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
        if hasZero(word ^ (ones &* 10)) || hasZero(word ^ (ones &* 13)) { return true }
        offset += 8
    }
    while offset < bytes.count {
        if bytes[offset] == 10 || bytes[offset] == 13 { return true }
        offset += 1
    }
    return false
}

/// Field callback: copies the field (it is only valid during this call) into the batch and
/// counts the line breaks it holds, so records know the physical line they start on.
private let onField: @convention(c) (UnsafeMutableRawPointer?, Int, UnsafeMutableRawPointer?) -> Void = {
    buffer, length, context in
    let bytes = UnsafeRawBufferPointer(start: buffer, count: buffer == nil ? 0 : length)
    // The parser holds the assembler for the whole parse: no retain per field.
    Unmanaged<RecordAssembler>.fromOpaque(context!)._withUnsafeGuaranteedRef { $0.field(bytes) }
}

/// Record callback. With `CSV_REPALL_NL` it runs for every CR and LF outside a field.
private let onRecord: @convention(c) (Int32, UnsafeMutableRawPointer?) -> Void = { term, context in
    Unmanaged<RecordAssembler>.fromOpaque(context!)._withUnsafeGuaranteedRef { $0.endOfRecord(term: term) }
}

/// Collects libcsv's callbacks into a batch of records (one flat byte buffer, no string per
/// field) and keeps the physical line count.
final class RecordAssembler {
    // Only libcsv's callbacks touch these, one at a time, on the thread that parses: no
    // run-time exclusivity checks (they cost more than the field copy).
    /// Records finished since the batch was last emptied.
    let batch = RecordBatch()
    /// The physical line the parser has reached (1-based).
    @exclusivity(unchecked) private(set) var line = 1
    @exclusivity(unchecked) private var recordLine = 1
    @exclusivity(unchecked) private var inRecord = false
    @exclusivity(unchecked) private var fieldsInRecord = 0
    @exclusivity(unchecked) private var lastTerm: Int32 = 0
    @exclusivity(unchecked) private(set) var rowNumber = 0

    var fieldsInCurrentRecord: Int { fieldsInRecord }
    var currentRecordLine: Int { inRecord ? recordLine : line }

    func field(_ bytes: UnsafeRawBufferPointer) {
        if !inRecord {
            inRecord = true
            recordLine = line
            fieldsInRecord = 0
            batch.beginRecord()
        }
        lastTerm = 0
        // Line breaks are rare inside fields; count them only when a CR or LF is there.
        if containsLineBreak(bytes) { line += lineBreaks(in: bytes) }
        fieldsInRecord += 1
        batch.appendField(bytes)
    }

    func endOfRecord(term: Int32) {
        // The LF of a CRLF arrives as a second, empty record: it ends no new line.
        let secondHalfOfCRLF = !inRecord && term == 10 && lastTerm == 13
        if term == 10 || term == 13, !secondHalfOfCRLF { line += 1 }
        lastTerm = term
        guard inRecord else { return }  // a blank line: no record
        rowNumber += 1
        batch.endRecord(line: recordLine, row: rowNumber)
        inRecord = false
    }

    /// `true` between records: nothing of a record has been seen since the last one ended.
    var atRecordBoundary: Bool { !inRecord }
}

/// Records as libcsv produced them: every field's bytes one after another in `bytes`;
/// `boundaries` holds 0 and then where each field ends (so field i is
/// `boundaries[i]..<boundaries[i + 1]`); per record its first field, width, line and row.
///
/// The two buffers are managed by hand: appending a field is a `memcpy`, with none of an
/// array's uniqueness and capacity checks, 29 million times for a million rows.
final class RecordBatch {
    // Touched only by the thread that parses, one call at a time: no run-time exclusivity
    // checks (29 million fields for a million rows).
    @exclusivity(unchecked) private(set) var bytes: UnsafeMutableRawPointer
    @exclusivity(unchecked) private(set) var byteCount = 0
    @exclusivity(unchecked) private var byteCapacity: Int
    @exclusivity(unchecked) private(set) var boundaries: UnsafeMutablePointer<Int>
    /// Entries in `boundaries` (fields + 1).
    @exclusivity(unchecked) private(set) var boundaryCount = 1
    @exclusivity(unchecked) private var boundaryCapacity: Int
    @exclusivity(unchecked) var records: [(firstField: Int, fieldCount: Int, line: Int, row: Int)] = []
    @exclusivity(unchecked) private var currentFirstField = 0

    /// Bytes after `byteCapacity` that are allocated too, so that a short field near the end
    /// can be read as two whole words (`CSVRawRecord.key`).
    static let slack = 16

    /// Bytes from `bytes` that may be read.
    var readableByteCount: Int { byteCapacity + Self.slack }

    init() {
        byteCapacity = 256 << 10
        bytes = .allocate(byteCount: byteCapacity + Self.slack, alignment: 8)
        bytes.initializeMemory(as: UInt8.self, repeating: 0, count: byteCapacity + Self.slack)
        boundaryCapacity = 1 << 16
        boundaries = .allocate(capacity: boundaryCapacity)
        boundaries[0] = 0
    }

    deinit {
        bytes.deallocate()
        boundaries.deallocate()
    }

    func beginRecord() { currentFirstField = boundaryCount - 1 }

    /// Calls `body` with a view of each finished record (valid until `removeFinished`).
    func forEachRecord(_ body: (CSVRawRecord) throws -> Void) rethrows {
        let bytes = UnsafeRawBufferPointer(start: self.bytes, count: byteCount)
        let boundaries = UnsafeBufferPointer(start: self.boundaries, count: boundaryCount)
        for (first, count, line, row) in records {
            let bounds = UnsafeBufferPointer(rebasing: boundaries[first...(first + count)])
            try body(CSVRawRecord(bytes: bytes, readable: readableByteCount, bounds: bounds, count: count, line: line, row: row))
        }
    }

    func appendField(_ field: UnsafeRawBufferPointer) {
        if byteCount + field.count > byteCapacity {
            byteCapacity = max(byteCapacity * 2, byteCount + field.count)
            let grown = UnsafeMutableRawPointer.allocate(byteCount: byteCapacity + Self.slack, alignment: 8)
            grown.initializeMemory(as: UInt8.self, repeating: 0, count: byteCapacity + Self.slack)
            grown.copyMemory(from: bytes, byteCount: byteCount)
            bytes.deallocate()
            bytes = grown
        }
        if boundaryCount == boundaryCapacity {
            boundaryCapacity *= 2
            let grown = UnsafeMutablePointer<Int>.allocate(capacity: boundaryCapacity)
            grown.update(from: boundaries, count: boundaryCount)
            boundaries.deallocate()
            boundaries = grown
        }
        if let source = field.baseAddress, field.count > 0 {
            (bytes + byteCount).copyMemory(from: source, byteCount: field.count)
        }
        byteCount += field.count
        boundaries[boundaryCount] = byteCount
        boundaryCount += 1
    }

    func endRecord(line: Int, row: Int) {
        records.append((currentFirstField, boundaryCount - 1 - currentFirstField, line, row))
    }

    /// Empties the batch, keeping the record being assembled (libcsv may be inside one).
    func removeFinished() {
        guard let last = records.last else { return }
        let keepFrom = last.firstField + last.fieldCount
        let byteStart = boundaries[keepFrom]
        let kept = byteCount - byteStart
        if kept > 0 { bytes.copyMemory(from: bytes + byteStart, byteCount: kept) }
        byteCount = kept
        let keptBoundaries = boundaryCount - keepFrom
        for index in 0..<keptBoundaries { boundaries[index] = boundaries[keepFrom + index] - byteStart }
        boundaryCount = keptBoundaries
        currentFirstField -= keepFrom
        records.removeAll(keepingCapacity: true)
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
    private let delimiter: UInt8
    /// Whether `keepBlanks` is installed (see `hasEdgeBlank`).
    private var blankTestInstalled = true
    /// An odd number of quotes has been parsed.
    private var insideQuotes = false
    /// Bytes parsed before the chunk now being parsed.
    var bytesBeforeCurrentChunk: Int { streamOffset }

    /// `true` when the parser is between records (not inside a field or a quoted line break).
    var atRecordBoundary: Bool { assembler.atRecordBoundary && parser.pointee.pstate == 0 }

    init(delimiter: UInt8) {
        self.delimiter = delimiter
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
        // A tab-separated file always needs the test: libcsv's default counts tab as blank.
        let (edgeBlank, endsInQuotes) = hasEdgeBlank(chunk, delimiter: delimiter, startsInQuotes: insideQuotes)
        insideQuotes = endsInQuotes
        let needsBlankTest = delimiter == 9 || edgeBlank
        if needsBlankTest != blankTestInstalled {
            csv_set_space_func(parser, needsBlankTest ? keepBlanks : nil)
            blankTestInstalled = needsBlankTest
        }
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
