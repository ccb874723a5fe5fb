/// What one input file turned out to be.
public struct InputFile: Sendable {
    public var path: String
    public var format: InputFormat
    public var shape: ExportShape
    /// Data records (the header not included), empty ones included.
    public var records: Int
    /// Records whose every cell is empty (rows of bare delimiters that Excel leaves below a
    /// sheet): not ballots, so not in any unit's `rows`.
    public var emptyRecords: Int
    /// Rows that are no ballot: a clerk's tallies below the data (formula cells, or cells such
    /// as `无效：1`, `父母：240`) with no answer the form can read. Listed in rejected.csv as
    /// 非答卷行, counted in no unit's `rows`.
    public var nonBallotRows = 0
    /// Parts the file was read in, side by side (1: from start to end). Not in results.json,
    /// which does not depend on it.
    package var parts = 1
    /// What the user must know about the file (unbound columns, duplicate headers). Not kept
    /// in results.json's `inputs`: it is in `warnings`.
    package internal(set) var warnings: [ResultsWarning] = []
    /// Validity rules skipped for this file (`--skip-rule`).
    package var skippedRules: Set<String> = []
}

/// Rows that belong to no unit being scored.
public struct UnassignedRows: Sendable {
    public var rows = 0
    public var rejected: [RejectedEntry] = []
    /// Which entries `list` keeps.
    package var listing = ImportOptions.RejectedListing.all

    /// Lists a rejected row, if `listing` keeps it.
    package mutating func list(_ entry: RejectedEntry) {
        if listing.keeps(entry) { rejected.append(entry) }
    }
}

/// What to tally: one form, its response files, and which unit(s) they hold.
package struct TallyRequest: Sendable {
    package var form: Form
    package var files: [String]
    /// With no unit column: every row belongs to this unit (default: the first file's base name).
    /// With a unit column: only this unit is scored; other rows are unassigned.
    package var unit: String?
    /// With a unit column: the units to score (a campaign); `nil` scores every unit seen.
    package var knownUnits: [String]?
    /// The unit's name when neither `unit` nor a unit column gives one (the first file's name).
    package var fallbackUnit: String?
    package var options: ImportOptions
    /// Per file read (a workbook's temporary CSV), the records (CSV rows, header = 1) whose
    /// sheet row holds a formula.
    package var formulaRecords: [String: Set<Int>] = [:]
    /// Per file read, where its ledger lines say they come from (a workbook's name and sheet).
    package var ledgerSources: [String: LedgerSource] = [:]
    /// How the ledger names a file (a campaign names them relative to its folder).
    package var displayFile: (@Sendable (String) -> String)?
    /// Per unit, its respondent groups' labels when they differ from the form's (a campaign's `groups:`).
    package var groupLabels: [String: [String]] = [:]

    package init(form: Form, files: [String], unit: String? = nil, knownUnits: [String]? = nil, options: ImportOptions = ImportOptions()) {
        self.form = form
        self.files = files
        self.unit = unit
        self.knownUnits = knownUnits
        self.options = options
    }
}

/// The counts of a run: per unit, plus rows that belong to none.
package struct TallyOutcome: Sendable {
    package var units: [UnitTally]
    package var unassigned: UnassignedRows
    package var inputs: [InputFile]
    /// The ballot ledger's pieces, in file order (empty without `ImportOptions.ledger`).
    package var ledger: [LedgerPiece] = []
}
