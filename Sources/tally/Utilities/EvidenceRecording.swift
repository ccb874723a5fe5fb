import Foundation
import TallyCore
import TallyRender

/// The ledger and evidence.json of `score` and `run` with `--out`: the ledger's pieces are
/// asked for before scoring and joined while the other outputs are written beside them (each
/// unit's join and the rendering are jobs of one list, on every core); evidence.json is
/// written last, with the hash of every output.
struct EvidenceRecording {
    private let session: LedgerOutput.Session?

    /// Asks `options` for a ledger when `ledger` (outputs written, csv among their formats).
    init(ledger: Bool, options: inout ImportOptions) throws {
        session = ledger ? try LedgerOutput.Session(options: &options) : nil
    }

    func cleanUp() { session?.cleanUp() }

    /// Writes the other outputs with `others` (which returns what it wrote and `paths` names)
    /// while the ledger is joined into `folder`, then evidence.json naming `inputs` and every
    /// output. An error of `others` is thrown before one of the ledger's.
    func finish<Written: Sendable>(
        _ document: ResultsDocument, folder: String, inputs: [Evidence.Input], writing others: @escaping @Sendable () throws -> Written,
        paths: (Written) -> [String]
    ) throws -> Written {
        defer { cleanUp() }
        let joins = session != nil ? LedgerOutput.joins(document) : []
        // The folders the jobs write into are made first, so that no two threads make one.
        if !joins.isEmpty { try FileOutput.makeFolders([folder] + joins.map { OutputPath.join(folder, $0.folder) }) }
        // One flat list of jobs, the other outputs first: every unit's ledger is a job of its
        // own, so both cores join ledgers once the other outputs are written.
        let job = { @Sendable (index: Int) -> Result<Done<Written>, any Error> in
            Result { index == 0 ? .others(try others()) : .ledger(try joins[index - 1].write(into: folder)) }
        }
        let done = Array(0...joins.count).concurrentMap(job)
        guard case .others(let written) = try done[0].get() else { preconditionFailure("the other outputs' job comes back first") }
        let ledger = try done.dropFirst().map { result -> Evidence.Output in
            guard case .ledger(let output) = try result.get() else { preconditionFailure("every later job is a ledger") }
            return output
        }
        let outputs = try Evidence.outputs(paths(written), hashed: ledger, in: folder)
        let evidence = Evidence(command: Evidence.recordedCommand(Array(CommandLine.arguments.dropFirst())), inputs: inputs, outputs: outputs)
        try Data(try evidence.bytes()).write(to: URL(fileURLWithPath: folder).appendingPathComponent(Evidence.fileName))
        return written
    }
}

/// What one of `finish`'s jobs did.
private enum Done<Written: Sendable>: Sendable {
    case ledger(Evidence.Output)
    case others(Written)
}
