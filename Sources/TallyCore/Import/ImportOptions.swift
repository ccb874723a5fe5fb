import Foundation
import TallyCSV

/// Options that change how files are read.
public struct ImportOptions: Sendable {
    /// The files' encoding; `nil` detects it per file (BOM, then strict UTF-8 over the whole file, then GB18030).
    public var encoding: InputEncoding?
    /// The field delimiter; `nil` sniffs it per file among `,` `;` and tab.
    public var delimiter: InputDelimiter?
    /// List records of the wrong width in `rejected.csv` and go on, instead of stopping.
    public var skipBadRows = false
    /// Score a file even when some questions have no column (they count as unanswered).
    public var allowMissingColumns = false
    /// Rows of the header (`--header-rows`), overriding the form's `header_rows`; `nil` decides.
    public var headerRows: Int?
    /// The sheet of an Excel workbook to read: its name, or a 1-based position (`nil`: the first).
    public var sheet: String?
    /// Validity rules to skip when the files lack what they need (`min_seconds`, `incomplete`,
    /// `duplicate_respondent`), instead of stopping; the results say each was not applied.
    public var skipRules: Set<String> = []
    /// The rules `skipRules` may name.
    package static let skippableRules = ["min_seconds", "incomplete", "duplicate_respondent"]
    /// Force reading cells as option numbers (`true`) or as labels and codes (`false`); `nil` detects.
    public var numberedCodes: Bool?
    /// Threads a large file is read with (split at record boundaries, tallies merged in order).
    /// Default: the machine's cores, at most 8.
    public var threads = min(8, max(1, ProcessInfo.processInfo.activeProcessorCount))
    /// A file is read in parts only when each part would hold at least this many bytes.
    package var minimumPartSize = 1 << 20
    /// Write each unit's ballot ledger (`ballots.csv`) while reading: pieces in this request's
    /// folder, joined by the output step (`ResultsDocument.ledger`). `nil`: no ledger.
    package var ledger: LedgerRequest?
    /// How records are read. Both give the same results; `.plain` exists to prove it.
    package var reading: Reading = .fast
    /// Which rejected rows the results list (every one is counted either way).
    package var listing: RejectedListing = .all
    /// Called after every megabyte or so, from the threads that read: bytes of input read so
    /// far, bytes in all (0 for standard input) and records read so far.
    public var progress: (@Sendable (_ done: Int, _ total: Int, _ rows: Int) -> Void)?

    package enum Reading: Sendable {
        /// Cells matched on their bytes and remembered per distinct value; large files in parts on `threads` threads.
        case fast
        /// Every field decoded to a string and matched on its own, one thread.
        case plain
    }

    /// Which rejected rows a tally keeps in its `rejected` lists. Counts (`rows`, `invalid`,
    /// `invalid_reasons`) are the same either way.
    package enum RejectedListing: Sendable {
        /// Every one, for rejected.csv.
        case all
        /// Only rows that are no ballot: `tally inspect`'s trial score shows warnings, not
        /// rejected rows, and a file of ten million blank rows must not hold ten million entries.
        case nonBallotRowsOnly

        /// Whether an entry is kept.
        func keeps(_ entry: RejectedEntry) -> Bool { self == .all || entry.reason == .notABallot }
    }

    public init() {}

    /// What the CSV layer is told.
    var csv: CSVReadOptions { CSVReadOptions(encoding: encoding?.textEncoding, delimiter: delimiter?.byte) }

    /// Read every field as a string, on one thread (the plain path, which the fast one must
    /// equal). For the micro-benchmarks, a package of their own.
    @_spi(Engine) public var plainReading: Bool {
        get { reading == .plain }
        set { reading = newValue ? .plain : .fast }
    }
}
