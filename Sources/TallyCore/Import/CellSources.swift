@_spi(Engine) import TallyCSV

/// Where a ballot's cells come from: strings (`StringCells`) or bytes (`RawCells`).
protocol CellSource {
    /// The cell read as `kind`; `slot` numbers the reads of one record (for memoising).
    mutating func reading(slot: Int, column: Int, kind: CellKind, reader: BallotReader) -> CellReading
    mutating func group(column: Int, reader: BallotReader) -> Ballot.GroupValue
    /// Trimmed, width-folded text of a cell (unit, respondent id, completion).
    mutating func key(column: Int) -> String
    /// The cell as the file has it (for `rejected.csv` and durations).
    func text(column: Int) -> String
}

/// Cells of a `CSVRecord`: every read goes the slow way.
struct StringCells: CellSource {
    let fields: [String]

    mutating func reading(slot: Int, column: Int, kind: CellKind, reader: BallotReader) -> CellReading {
        reader.readCell(fields[column], kind)
    }
    mutating func group(column: Int, reader: BallotReader) -> Ballot.GroupValue {
        reader.readGroup(fields[column])
    }
    mutating func key(column: Int) -> String { TextFolding.valueKey(fields[column]) }
    func text(column: Int) -> String { fields[column] }
}

/// Cells of a `CSVRawRecord`, with each read remembered per distinct byte string: a column
/// of 好/较好/一般/差 is matched four times, not once per row. `CellMemo` keeps the tables
/// between records.
struct RawCells: CellSource {
    /// The record being read; set before each `BallotReader.read(_:)`.
    var record: CSVRawRecord?
    var memo: CellMemo
    /// The ballot last read, its storage reused for the next.
    var ballot: Ballot
    /// Per slot, what an empty cell reads as (the reader's, copied once).
    private let empty: [CellReading]
    /// Check the UTF-8 of every cell this source decodes or counts as text (see
    /// `CSVReader.forEachRawRecord(utf8CheckedByCaller:)`); `sawInvalidUTF8` says if one was not.
    var checksUTF8 = false
    private(set) var sawInvalidUTF8 = false

    /// Field `column` as a string, checked when `checksUTF8`.
    private mutating func decode(_ record: CSVRawRecord, _ column: Int) -> String {
        guard checksUTF8 else { return record.string(column) }
        if let text = record.validatedString(column) { return text }
        sawInvalidUTF8 = true
        return record.string(column)
    }

    init(reader: BallotReader) {
        memo = CellMemo(slots: reader.slotCount)
        empty = reader.emptyReadings
        ballot = reader.emptyBallot(row: 0, line: 0)
    }

    mutating func reading(slot: Int, column: Int, kind: CellKind, reader: BallotReader) -> CellReading {
        let record = record!
        if record.byteCount(column) == 0 { return empty[slot] }
        if case .text = kind, record.byteCount(column) > 16,
            record.scalarCount(column, excluding: TextFolding.isBlank, upTo: MissingMarker.longest + 1) > MissingMarker.longest
        {
            // Longer than any missing marker once trimmed: written, whatever it says.
            if checksUTF8 && !record.isValidUTF8(column) { sawInvalidUTF8 = true }
            return CellReading(value: .text)
        }
        if let known = memo.cells.value(of: record, field: column, namespace: slot) { return known }
        let reading = reader.readCell(decode(record, column), kind)
        memo.cells.remember(reading, of: record, field: column, namespace: slot)
        return reading
    }
    mutating func group(column: Int, reader: BallotReader) -> Ballot.GroupValue {
        let record = record!
        if let known = memo.groups.value(of: record, field: column) { return known }
        let value = reader.readGroup(decode(record, column))
        memo.groups.remember(value, of: record, field: column)
        return value
    }
    mutating func key(column: Int) -> String {
        let record = record!
        if let known = memo.keys.value(of: record, field: column) { return known }
        let value = TextFolding.valueKey(decode(record, column))
        memo.keys.remember(value, of: record, field: column)
        return value
    }
    func text(column: Int) -> String { record!.string(column) }
}

/// The tables `RawCells` remembers readings in, one per cell read of a record.
struct CellMemo {
    /// Namespace: the slot.
    var cells: CSVFieldTable<CellReading>
    var groups = CSVFieldTable<Ballot.GroupValue>()
    /// Unit names (few per file; a column of ids fills the table and is then read the slow way).
    var keys = CSVFieldTable<String>(limit: 256)

    init(slots: Int) {
        cells = CSVFieldTable(namespaces: slots)
    }
}
