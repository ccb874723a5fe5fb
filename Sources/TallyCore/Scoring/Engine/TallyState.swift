/// Units counted so far, in the order they were first seen, and the rows of no unit.
struct TallyState {
    var units: [UnitTally] = []
    private var index: [String: Int] = [:]
    var unassigned = UnassignedRows()
    /// Ledger pieces written so far, in file order.
    var ledger: [LedgerPiece] = []
    /// Which rejected entries the tallies keep.
    private let listing: ImportOptions.RejectedListing

    init(listing: ImportOptions.RejectedListing) {
        self.listing = listing
        unassigned.listing = listing
    }

    var isEmpty: Bool { units.isEmpty }

    /// The position of the unit's tally in `units`, created on first sight.
    mutating func tally(for name: String, form: Form) -> Int {
        if let known = index[name] { return known }
        var tally = UnitTally(unit: name, form: form)
        tally.listing = listing
        units.append(tally)
        index[name] = units.count - 1
        return units.count - 1
    }

    /// Adds the tallies of a later part of the same file, its rows and lines moved down.
    mutating func append(_ later: TallyState, rowOffset: Int, lineOffset: Int, form: Form) {
        for var part in later.units {
            part.shiftPositions(rows: rowOffset, lines: lineOffset)
            units[tally(for: part.unit, form: form)].merge(part)
        }
        ledger += later.ledger.map { piece in
            var shifted = piece
            shifted.rowShift += rowOffset
            return shifted
        }
        unassigned.rows += later.unassigned.rows
        unassigned.rejected += later.unassigned.rejected.map { $0.shifted(rows: rowOffset, lines: lineOffset) }
    }
}
