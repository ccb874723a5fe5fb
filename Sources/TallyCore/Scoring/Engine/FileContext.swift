import Foundation
@_spi(Engine) import TallyCSV

/// Everything about a request that reading one file needs.
struct FileContext: Sendable {
    let request: TallyRequest
    let keepLast: Set<BallotKey>?
    let defaultUnit: String

    var form: Form { request.form }

    /// Reads a file into `state`: in parts on several threads when that is safe and worth it,
    /// else from start to end.
    func read(_ file: String, into state: inout TallyState, progress: (@Sendable (Int, Int) -> Void)?) throws(TallyError) -> InputFile {
        let options = request.options
        if options.reading == .fast, options.threads > 1, file != "-", keepLast == nil, request.formulaRecords[file] == nil,
            (regularFileSize(file) ?? 0) >= options.threads * options.minimumPartSize,
            let parallel = try? readInParts(file, progress: progress)
        {
            state.append(parallel.state, rowOffset: 0, lineOffset: 0, form: form)
            return parallel.input
        }
        let reader: CSVReader
        do {
            reader = try CSVReader(path: file, options: options.csv)
        } catch {
            throw .csv(error)
        }
        var part = FilePart(context: self, file: file, reader: reader)
        try part.read(range: nil, expectedWidth: nil, state: &state, progress: progress)
        if let map = part.map { try part.matchCheck.check(form, file: file, numbered: map.numbered) }
        var input = InputFile(
            path: file, format: InputFormat(reader.format), shape: part.map?.shape ?? .generic, records: part.records,
            emptyRecords: part.emptyRecords)
        input.nonBallotRows = part.nonBallotRows
        input.skippedRules = part.map?.skippedRules ?? []
        if let map = part.map { input.warnings = columnWarnings(map, file: file) }
        return input
    }

    /// A file's column warnings: columns that bind to nothing but look like questions, and
    /// headers several columns share.
    private func columnWarnings(_ map: ColumnMap, file: String) -> [ResultsWarning] {
        var warnings: [ResultsWarning] = []
        if !map.unboundColumns.isEmpty {
            let items = map.unboundColumns.map { ResultsWarning.Item(value: $0.header, count: 1, nearest: $0.nearest, column: $0.column) }
            warnings.append(ResultsWarning(code: .unboundColumn, file: file, items: items, language: form.language))
        }
        if !map.duplicateHeaders.isEmpty {
            let items = map.duplicateHeaders.map { ResultsWarning.Item(value: $0.header, count: $0.columns.count, column: $0.columns.first) }
            warnings.append(ResultsWarning(code: .duplicateHeader, file: file, items: items, language: form.language))
        }
        return warnings
    }

    /// Reads a file in record-aligned parts side by side. `nil` when the file is too small,
    /// its records' order matters (a respondent-id column), or a part failed.
    private func readInParts(_ file: String, progress: (@Sendable (Int, Int) -> Void)?) throws -> (state: TallyState, input: InputFile)? {
        let options = request.options
        let reader = try CSVReader(path: file, options: options.csv, checkEncodingWhileReading: true)
        var header = FilePart(context: self, file: file, reader: reader)
        guard let map = try header.readHeader(), map.idColumn == nil,
            let ranges = try reader.likelyRecordRanges(
                parts: options.threads, minimumPartSize: options.minimumPartSize, fieldsPerRecord: map.header.count)
        else { return nil }
        let done = progress.map(ByteCounter.init(report:))
        let outcomes = Array(ranges.enumerated()).concurrentMap { index, range -> PartOutcome in
            Result {
                var part = FilePart(context: self, file: file, reader: reader, map: map)
                var state = TallyState(listing: request.options.listing)
                let report = done.map { counter in
                    { @Sendable (bytes: Int, rows: Int) in counter.add(bytes, rows: rows, part: index) }
                }
                let summary = try part.read(range: range, expectedWidth: map.header.count, state: &state, progress: report)
                return (state, part.records, part.emptyRecords + (part.nonBallotRows << 32), summary, part.matchCheck)
            }
        }
        var state = TallyState(listing: request.options.listing)
        var records = 0
        var emptyRecords = 0
        var nonBallotRows = 0
        var matchCheck = AnswerMatchCheck(form: form)
        var rows = 0
        var lines = 0
        for outcome in outcomes {
            guard case .success(let (partState, partRecords, partEmpty, summary, partCheck)) = outcome else { return nil }
            matchCheck.merge(partCheck)
            state.append(partState, rowOffset: rows, lineOffset: lines, form: form)
            records += partRecords
            emptyRecords += partEmpty & 0xFFFF_FFFF
            nonBallotRows += partEmpty >> 32
            rows += summary.rows
            lines += summary.lines
        }
        try matchCheck.check(form, file: file, numbered: map.numbered)
        var input = InputFile(path: file, format: InputFormat(reader.format), shape: map.shape, records: records, emptyRecords: emptyRecords)
        input.parts = ranges.count
        input.nonBallotRows = nonBallotRows
        input.skippedRules = map.skippedRules
        input.warnings = columnWarnings(map, file: file)
        return (state, input)
    }
}

/// What reading one part of a file gave: its tallies, records, empty records and extent.
typealias PartOutcome = Result<(TallyState, Int, Int, CSVReadSummary, AnswerMatchCheck), any Error>

/// Bytes and records read by all parts of a file, reported as totals, one report at a time
/// (so that they only grow).
final class ByteCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var parts: [Int: (bytes: Int, rows: Int)] = [:]
    private let report: @Sendable (Int, Int) -> Void

    init(report: @escaping @Sendable (Int, Int) -> Void) { self.report = report }

    /// Records how far part `part` has read, and reports the totals over parts.
    func add(_ bytes: Int, rows: Int, part: Int) {
        lock.withLock {
            parts[part] = (bytes, rows)
            let total = parts.values.reduce((0, 0)) { ($0.0 + $1.bytes, $0.1 + $1.rows) }
            report(total.0, total.1)
        }
    }
}

/// A part of a file met bytes that are not UTF-8: the file is read again whole, and its
/// encoding decided on all of it.
struct NotUTF8: Error {}
