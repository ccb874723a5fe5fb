import Foundation
import TallyCore
import TallyRender

/// The ledger and evidence.json of `score` and `run` with `--out`: the ledger's pieces are
/// asked for before scoring and joined after the other outputs are written; evidence.json is
/// written last, with the hash of every output.
struct EvidenceRecording {
    private let session: LedgerOutput.Session?

    /// Asks `options` for a ledger when `ledger` (outputs written, csv among their formats).
    init(ledger: Bool, options: inout ImportOptions) throws {
        session = ledger ? try LedgerOutput.Session(options: &options) : nil
    }

    func cleanUp() { session?.cleanUp() }

    /// Joins the ledger into `folder`, then writes evidence.json naming `inputs` and every output
    /// (`written` and the ledger files).
    func finish(_ document: ResultsDocument, folder: String, written: [String], inputs: [Evidence.Input]) throws {
        defer { cleanUp() }
        let ledger = session == nil ? [] : try LedgerOutput.write(document, into: folder)
        let outputs = try Evidence.outputs(written, hashed: ledger, in: folder)
        let evidence = Evidence(command: Evidence.recordedCommand(Array(CommandLine.arguments.dropFirst())), inputs: inputs, outputs: outputs)
        try Data(try evidence.bytes()).write(to: URL(fileURLWithPath: folder).appendingPathComponent(Evidence.fileName))
    }
}
