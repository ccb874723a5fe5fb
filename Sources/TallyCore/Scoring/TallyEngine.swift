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
public enum TallyEngine {
    public static func run(_ request: TallyRequest) throws(TallyError) -> TallyOutcome {
        let form = request.form
        if Set(request.files).count != request.files.count {
            let duplicate = request.files.first { file in request.files.filter { $0 == file }.count > 1 }!
            throw .duplicateFile(duplicate)
        }
        guard let firstFile = request.files.first else { throw .invalidRequest("no response file given") }
        let defaultUnit = request.unit ?? URL(fileURLWithPath: firstFile).deletingPathExtension().lastPathComponent

        var units: [String: UnitTally] = [:]
        var order: [String] = []
        if let known = request.knownUnits {
            for name in known where units[name] == nil {
                units[name] = UnitTally(unit: name, form: form)
                order.append(name)
            }
        }
        var unassigned = UnassignedRows()
        var inputs: [InputFile] = []

        let keepLast: Set<BallotKey>?
        if let duplicate = form.validity.duplicateRespondent, duplicate.keep == .last {
            keepLast = try lastOccurrences(request)
        } else {
            keepLast = nil
        }

        for file in request.files {
            let reader: CSVReader
            do {
                reader = try CSVReader(path: file, options: request.options.csv)
            } catch {
                throw .csv(error)
            }
            var map: ColumnMap?
            var ballotReader: BallotReader?
            var records = 0
            var emptyRecords = 0
            var pendingError: TallyError?

            func unitFor(_ cell: String?) -> (String?, RejectionReason?) {
                guard map?.unitColumn != nil else { return (defaultUnit, nil) }
                guard let cell, !cell.isEmpty else { return (nil, .unitMissing) }
                if let only = request.unit { return cell == only ? (cell, nil) : (nil, .unitUnknown) }
                if let known = request.knownUnits { return known.contains(cell) ? (cell, nil) : (nil, .unitUnknown) }
                return (cell, nil)
            }
            func tally(for name: String) -> String {
                if units[name] == nil {
                    units[name] = UnitTally(unit: name, form: form)
                    order.append(name)
                }
                return name
            }

            let badRows: CSVReader.BadRowPolicy =
                request.options.skipBadRows
                ? .report { error, record in
                    records += 1
                    let entry = RejectedEntry(
                        file: file, row: record.row, line: record.line, column: "", value: "",
                        reason: .malformedRow(error.message.components(separatedBy: ";").first ?? error.message))
                    if map?.unitColumn == nil {
                        units[tally(for: defaultUnit)]!.reject(entry)
                    } else {
                        unassigned.rows += 1
                        unassigned.rejected.append(entry)
                    }
                } : .fail
            do {
                try reader.forEachRecord(badRows: badRows) { record in
                    guard let currentReader = ballotReader else {
                        var matcher = ColumnMatcher(form: form, header: record.fields)
                        let built = matcher.build(numberedOverride: request.options.numberedCodes)
                        if !built.unmatched.isEmpty && !request.options.allowMissingColumns {
                            pendingError = .missingColumns(
                                file: file, questions: built.unmatched.map { (id: $0.question, tried: $0.tried) },
                                headers: record.fields)
                            throw CancellationError()
                        }
                        if let first = built.ambiguous.first {
                            pendingError = .ambiguousColumn(file: file, header: first.header, columns: first.columns)
                            throw CancellationError()
                        }
                        if let unitSource = form.unit, built.unitColumn == nil, request.unit == nil {
                            pendingError = .missingUnitColumn(file: file, tried: unitSource.columns)
                            throw CancellationError()
                        }
                        map = built
                        ballotReader = BallotReader(form: form, map: built, file: file)
                        return
                    }
                    records += 1
                    if record.isBlank {
                        emptyRecords += 1
                        return
                    }
                    let ballot = currentReader.read(record)
                    let (name, problem) = unitFor(ballot.unitCell)
                    if let name {
                        units[tally(for: name)]!.add(ballot, form: form, keepLastIDs: keepLast)
                    } else {
                        unassigned.rows += 1
                        let column = map!.unitColumn.map { map!.header[$0] } ?? ""
                        unassigned.rejected.append(
                            RejectedEntry(
                                file: file, row: record.row, line: record.line, column: column,
                                value: ballot.unitCell ?? "", reason: problem!))
                    }
                }
            } catch let error as CSVError {
                throw .csv(error)
            } catch {
                throw pendingError ?? .invalidRequest("\(error)")
            }
            inputs.append(
                InputFile(
                    path: file, format: reader.format, shape: map?.shape ?? .generic, records: records,
                    emptyRecords: emptyRecords))
        }
        if units.isEmpty && unassigned.rows == 0 {
            // A header-only file still produces its unit, with zero ballots.
            units[defaultUnit] = UnitTally(unit: defaultUnit, form: form)
            order.append(defaultUnit)
        }
        return TallyOutcome(units: order.map { units[$0]! }, unassigned: unassigned, inputs: inputs)
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
