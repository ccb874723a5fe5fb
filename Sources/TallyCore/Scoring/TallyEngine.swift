import Foundation
import TallyCSV

/// Options that change how files are read.
public struct ImportOptions: Sendable {
    public var csv = CSVReadOptions()
    /// List records of the wrong width in `rejected.csv` and go on, instead of stopping.
    public var skipBadRows = false
    /// Score a file even when some questions have no column (they count as unanswered).
    public var allowMissingColumns = false
    /// Force reading cells as option numbers (`true`) or as labels and codes (`false`); `nil` detects.
    public var numberedCodes: Bool?
    /// Threads a large file is read with (split at record boundaries, tallies merged in order).
    /// Default: the machine's cores, at most 8.
    public var threads = min(8, max(1, ProcessInfo.processInfo.activeProcessorCount))
    /// A file is read in parts only when each part would hold at least this many bytes.
    public var minimumPartSize = 1 << 20
    /// How records are read. Both give the same results; `.plain` exists to prove it.
    public var reading: Reading = .fast
    /// Called after every megabyte or so, from the threads that read: bytes of input read so
    /// far, bytes in all (0 for standard input) and records read so far.
    public var progress: (@Sendable (_ done: Int, _ total: Int, _ rows: Int) -> Void)?

    public enum Reading: Sendable {
        /// Cells matched on their bytes and remembered per distinct value; large files in parts on `threads` threads.
        case fast
        /// Every field decoded to a string and matched on its own, one thread.
        case plain
    }

    public init() {}
}

/// What one input file turned out to be.
public struct InputFile: Sendable {
    public var path: String
    public var format: CSVFormat
    public var shape: ExportShape
    /// Data records (the header not included), empty ones included.
    public var records: Int
    /// Records whose every cell is empty (rows of bare delimiters that Excel leaves below a
    /// sheet): not ballots, so not in any unit's `rows`.
    public var emptyRecords: Int
    /// Parts the file was read in, side by side (1: from start to end). Not in results.json,
    /// which does not depend on it.
    public var parts = 1
}

/// Rows that belong to no unit being scored.
public struct UnassignedRows: Sendable {
    public var rows = 0
    public var rejected: [RejectedEntry] = []
}

/// What to tally: one form, its response files, and which unit(s) they hold.
public struct TallyRequest: Sendable {
    public var form: Form
    public var files: [String]
    /// With no unit column: every row belongs to this unit (default: the first file's base name).
    /// With a unit column: only this unit is scored; other rows are unassigned.
    public var unit: String?
    /// With a unit column: the units to score (a campaign); `nil` scores every unit seen.
    public var knownUnits: [String]?
    public var options: ImportOptions

    public init(form: Form, files: [String], unit: String? = nil, knownUnits: [String]? = nil, options: ImportOptions = ImportOptions()) {
        self.form = form
        self.files = files
        self.unit = unit
        self.knownUnits = knownUnits
        self.options = options
    }
}

/// The counts of a run: per unit, plus rows that belong to none.
public struct TallyOutcome: Sendable {
    public var units: [UnitTally]
    public var unassigned: UnassignedRows
    public var inputs: [InputFile]
}

/// Reads response files against a form and counts every ballot.
///
/// Each record read ends in exactly one place: a unit's valid or invalid ballots, or the
/// unassigned rows. Nothing is dropped without a reason in `rejected`.
///
/// A large file is read in parts on several threads when the order of its records cannot
/// change a result (no respondent-id column, so no duplicates to find): each part is tallied
/// on its own and the parts are merged in file order, rows and lines renumbered. Should a part
/// fail, the file is read again from the start on one thread, which reports the error with
/// its position as usual.
public enum TallyEngine {
    public static func run(_ request: TallyRequest) throws(TallyError) -> TallyOutcome {
        if Set(request.files).count != request.files.count {
            let duplicate = request.files.first { file in request.files.filter { $0 == file }.count > 1 }!
            throw .duplicateFile(duplicate)
        }
        guard let firstFile = request.files.first else { throw .invalidRequest("no response file given") }
        var state = TallyState()
        if let known = request.knownUnits {
            for name in known { _ = state.tally(for: name, form: request.form) }
        }
        let keepLast: Set<BallotKey>?
        if let duplicate = request.form.validity.duplicateRespondent, duplicate.keep == .last {
            keepLast = try lastOccurrences(request)
        } else {
            keepLast = nil
        }
        let context = FileContext(
            request: request, keepLast: keepLast,
            defaultUnit: request.unit ?? URL(fileURLWithPath: firstFile).deletingPathExtension().lastPathComponent)
        var inputs: [InputFile] = []
        let total = request.files.reduce(0) { $0 + (regularFileSize($1) ?? 0) }
        var before = 0
        var rowsBefore = 0
        for file in request.files {
            let size = regularFileSize(file) ?? 0
            let progress = request.options.progress.map { [before, rowsBefore] report in
                { @Sendable (done: Int, rows: Int) in report(before + done, total, rowsBefore + rows) }
            }
            let input = try context.read(file, into: &state, progress: progress)
            inputs.append(input)
            before += size
            rowsBefore += input.records + 1
        }
        if state.isEmpty && state.unassigned.rows == 0 {
            // A header-only file still produces its unit, with zero ballots.
            _ = state.tally(for: context.defaultUnit, form: request.form)
        }
        return TallyOutcome(units: state.units, unassigned: state.unassigned, inputs: inputs)
    }

    /// For `duplicate_respondent: { keep: last }`: the record kept for each respondent id.
    private static func lastOccurrences(_ request: TallyRequest) throws(TallyError) -> Set<BallotKey> {
        var last: [String: BallotKey] = [:]
        var withoutID: Set<BallotKey> = []
        for file in request.files {
            if file == "-" { throw .invalidRequest("'keep: last' needs files, not standard input (it reads them twice)") }
            do {
                let reader = try CSVReader(path: file, options: request.options.csv)
                var idColumn: Int?
                try reader.forEachRecord(badRows: .report { _, _ in }) { record in
                    if record.row == 1 {
                        var matcher = ColumnMatcher(form: request.form, header: record.fields)
                        idColumn = matcher.build(numberedOverride: nil).idColumn
                        return
                    }
                    let key = BallotKey(file: file, row: record.row)
                    guard let idColumn else {
                        withoutID.insert(key)
                        return
                    }
                    let id = TextFolding.valueKey(record.fields[idColumn])
                    if id.isEmpty { withoutID.insert(key) } else { last[id] = key }
                }
            } catch let error as CSVError {
                throw .csv(error)
            } catch {
                throw .invalidRequest("\(error)")
            }
        }
        return withoutID.union(last.values)
    }
}

/// Units counted so far, in the order they were first seen, and the rows of no unit.
struct TallyState {
    var units: [UnitTally] = []
    private var index: [String: Int] = [:]
    var unassigned = UnassignedRows()

    var isEmpty: Bool { units.isEmpty }

    /// The position of the unit's tally in `units`, created on first sight.
    mutating func tally(for name: String, form: Form) -> Int {
        if let known = index[name] { return known }
        units.append(UnitTally(unit: name, form: form))
        index[name] = units.count - 1
        return units.count - 1
    }

    /// Adds the tallies of a later part of the same file, its rows and lines moved down.
    mutating func append(_ later: TallyState, rowOffset: Int, lineOffset: Int, form: Form) {
        for var part in later.units {
            part.shiftPositions(rows: rowOffset, lines: lineOffset)
            units[tally(for: part.unit, form: form)].merge(part)
        }
        unassigned.rows += later.unassigned.rows
        unassigned.rejected += later.unassigned.rejected.map { $0.shifted(rows: rowOffset, lines: lineOffset) }
    }
}

/// Everything about a request that reading one file needs.
private struct FileContext: Sendable {
    let request: TallyRequest
    let keepLast: Set<BallotKey>?
    let defaultUnit: String

    var form: Form { request.form }

    /// Reads a file into `state`: in parts on several threads when that is safe and worth it,
    /// else from start to end.
    func read(_ file: String, into state: inout TallyState, progress: (@Sendable (Int, Int) -> Void)?) throws(TallyError) -> InputFile {
        let options = request.options
        if options.reading == .fast, options.threads > 1, file != "-", keepLast == nil,
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
        return InputFile(
            path: file, format: reader.format, shape: part.map?.shape ?? .generic, records: part.records,
            emptyRecords: part.emptyRecords)
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
                var state = TallyState()
                let report = done.map { counter in
                    { @Sendable (bytes: Int, rows: Int) in counter.add(bytes, rows: rows, part: index) }
                }
                let summary = try part.read(range: range, expectedWidth: map.header.count, state: &state, progress: report)
                return (state, part.records, part.emptyRecords, summary)
            }
        }
        var state = TallyState()
        var records = 0
        var emptyRecords = 0
        var rows = 0
        var lines = 0
        for outcome in outcomes {
            guard case .success(let (partState, partRecords, partEmpty, summary)) = outcome else { return nil }
            state.append(partState, rowOffset: rows, lineOffset: lines, form: form)
            records += partRecords
            emptyRecords += partEmpty
            rows += summary.rows
            lines += summary.lines
        }
        var input = InputFile(path: file, format: reader.format, shape: map.shape, records: records, emptyRecords: emptyRecords)
        input.parts = ranges.count
        return (state, input)
    }
}

/// What reading one part of a file gave: its tallies, records, empty records and extent.
private typealias PartOutcome = Result<(TallyState, Int, Int, CSVReadSummary), any Error>

/// Bytes and records read by all parts of a file, reported as totals, one report at a time
/// (so that they only grow).
private final class ByteCounter: @unchecked Sendable {
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
private struct NotUTF8: Error {}

/// Collects the records of the wrong width that the reader reports (`--skip-bad-rows`).
private final class BadRowCollector {
    let file: String
    private var entries: [RejectedEntry] = []

    init(file: String) { self.file = file }

    var policy: CSVReader.BadRowPolicy {
        .report { [self] error, record in
            entries.append(
                RejectedEntry(
                    file: file, row: record.row, line: record.line, column: "", value: "",
                    reason: .malformedRow(error.message.components(separatedBy: ";").first ?? error.message)))
        }
    }

    func take() -> [RejectedEntry] {
        defer { entries.removeAll() }
        return entries
    }
}

/// Reads the records of one file, or one part of it, into a `TallyState`.
private struct FilePart {
    let context: FileContext
    let file: String
    let reader: CSVReader
    var map: ColumnMap?
    var records = 0
    var emptyRecords = 0

    init(context: FileContext, file: String, reader: CSVReader, map: ColumnMap? = nil) {
        self.context = context
        self.file = file
        self.reader = reader
        self.map = map
    }

    private var form: Form { context.form }

    /// Reads only the header and matches its columns.
    mutating func readHeader() throws -> ColumnMap? {
        struct Stop: Error {}
        var header: [String]?
        do {
            try reader.forEachRawRecord { record in
                header = record.materialized().fields
                throw Stop()
            }
        } catch is Stop {}
        guard let header else { return nil }
        return try columnMap(header)
    }

    private func columnMap(_ header: [String]) throws(TallyError) -> ColumnMap {
        let request = context.request
        var matcher = ColumnMatcher(form: form, header: header)
        let built = matcher.build(numberedOverride: request.options.numberedCodes)
        if !built.unmatched.isEmpty && !request.options.allowMissingColumns {
            throw .missingColumns(
                file: file, questions: built.unmatched.map { (id: $0.question, tried: $0.tried) }, headers: header)
        }
        if let first = built.ambiguous.first {
            throw .ambiguousColumn(file: file, header: first.header, columns: first.columns)
        }
        if let unitSource = form.unit, built.unitColumn == nil, request.unit == nil {
            throw .missingUnitColumn(file: file, tried: unitSource.columns)
        }
        return built
    }

    private func unit(for cell: String?) -> (String?, RejectionReason?) {
        let request = context.request
        guard map?.unitColumn != nil else { return (context.defaultUnit, nil) }
        guard let cell, !cell.isEmpty else { return (nil, .unitMissing) }
        if let only = request.unit { return cell == only ? (cell, nil) : (nil, .unitUnknown) }
        if let known = request.knownUnits { return known.contains(cell) ? (cell, nil) : (nil, .unitUnknown) }
        return (cell, nil)
    }

    /// Reads the file (or `range` of it) into `state`. With a range after the first, `map`
    /// must be set and rows and lines count from the range's start.
    @discardableResult
    mutating func read(
        range: Range<Int>?, expectedWidth: Int?, state: inout TallyState, progress: (@Sendable (Int, Int) -> Void)?
    ) throws(TallyError) -> CSVReadSummary {
        let options = context.request.options
        let form = self.form
        let keepLast = context.keepLast
        let isFirstPart = (range?.lowerBound ?? 0) == 0
        var ballotReader = map.map { BallotReader(form: form, map: $0, file: file) }
        // A part of a UTF-8 file (decided on its first megabyte) is checked field by field: the
        // cells read through the memo once per distinct value, the other columns every time.
        let checkFields = options.reading == .fast && range != nil && !options.skipBadRows
        func cellSource(_ reader: BallotReader) -> RawCells {
            var source = RawCells(reader: reader)
            source.checksUTF8 = checkFields
            return source
        }
        func unmemoizedColumns(_ reader: BallotReader) -> [Int] {
            let memoized = reader.memoizedColumns
            return (0..<reader.map.header.count).filter { !memoized.contains($0) }
        }
        var cells = ballotReader.map(cellSource)
        var checkedEveryTime = checkFields ? ballotReader.map(unmemoizedColumns) ?? [] : []
        // The unit last seen and where its tally is: rows of one unit tend to come together.
        var lastUnit: (cell: String?, tally: Int?, problem: RejectionReason?)?
        // Fast reading: the unit of each distinct unit cell, by its bytes.
        var unitMemo = CSVFieldTable<(tally: Int?, problem: RejectionReason?)>(limit: 1024)
        // Records of the wrong width, reported by the reader; counted before the next record.
        let badRows = BadRowCollector(file: file)
        func countBadRows(_ state: inout TallyState) {
            for entry in badRows.take() {
                records += 1
                if map?.unitColumn == nil {
                    state.units[state.tally(for: context.defaultUnit, form: form)].reject(entry)
                } else {
                    state.unassigned.rows += 1
                    state.unassigned.rejected.append(entry)
                }
            }
        }
        do {
            defer { countBadRows(&state) }
            return try reader.forEachRawRecord(
                range: range, expectedWidth: expectedWidth, badRows: options.skipBadRows ? badRows.policy : .fail,
                progress: progress, utf8CheckedByCaller: checkFields
            ) { record in
                countBadRows(&state)
                if isFirstPart && record.row == 1 {
                    if map == nil { map = try columnMap(record.materialized().fields) }
                    ballotReader = BallotReader(form: form, map: map!, file: file)
                    cells = cellSource(ballotReader!)
                    if checkFields { checkedEveryTime = unmemoizedColumns(ballotReader!) }
                    return
                }
                records += 1
                if record.isBlank {
                    emptyRecords += 1
                    return
                }
                let ballot: Ballot
                if options.reading == .plain {
                    ballot = ballotReader!.read(record.materialized())
                } else {
                    cells!.record = record
                    ballotReader!.read(&cells!)
                    ballot = cells!.ballot
                    if checkFields {
                        if cells!.sawInvalidUTF8 { throw NotUTF8() }
                        for column in checkedEveryTime where !record.isValidUTF8(column) { throw NotUTF8() }
                    }
                }
                let assigned: (tally: Int?, problem: RejectionReason?)
                let unitColumn = options.reading == .fast ? map!.unitColumn : nil
                if let unitColumn, let known = unitMemo.value(of: record, field: unitColumn) {
                    assigned = known
                } else if let lastUnit, lastUnit.cell == ballot.unitCell {
                    assigned = (lastUnit.tally, lastUnit.problem)
                } else {
                    let (name, problem) = unit(for: ballot.unitCell)
                    assigned = (name.map { state.tally(for: $0, form: form) }, problem)
                    lastUnit = (ballot.unitCell, assigned.tally, assigned.problem)
                    if let unitColumn { unitMemo.remember(assigned, of: record, field: unitColumn) }
                }
                if let tally = assigned.tally {
                    state.units[tally].add(ballot, form: form, keepLastIDs: keepLast)
                } else {
                    state.unassigned.rows += 1
                    let column = map!.unitColumn.map { map!.header[$0] } ?? ""
                    state.unassigned.rejected.append(
                        RejectedEntry(
                            file: file, row: record.row, line: record.line, column: column,
                            value: ballot.unitCell ?? "", reason: assigned.problem!))
                }
            }
        } catch let error as CSVError {
            throw .csv(error)
        } catch let error as TallyError {
            throw error
        } catch {
            throw .invalidRequest("\(error)")
        }
    }
}
